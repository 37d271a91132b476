"""The admin as a moderator, a superuser, and staff without the Moderators group."""

import re

import pytest
from django.urls import reverse

from board import services
from board.models import ActionKind, ModerationAction, Post, PostStatus, Suspension, TermRule

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:board_post_changelist")


@pytest.fixture
def canary_author(make_user):
    return make_user("zebracanary@canary.example", username="zebracanary")


@pytest.mark.parametrize(
    "model", ["area", "settingtag", "post", "termrule", "flag", "moderationaction"]
)
def test_superuser_can_browse_each_changelist(admin_client, post, model):
    assert admin_client.get(reverse(f"admin:board_{model}_changelist")).status_code == 200


def test_moderator_can_work_the_post_queue_and_search_it(mod_client, post):
    response = mod_client.get(CHANGELIST, {"q": "umbrella"})
    assert response.status_code == 200
    assert post.headline in response.content.decode()


@pytest.mark.parametrize(
    "url_name", ["admin:board_post_changelist", "admin:board_termrule_changelist"]
)
def test_staff_without_the_moderators_group_cannot_open_the_queue(client, make_user, url_name):
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse(url_name)).status_code == 403


def test_moderators_never_see_the_authors_email_or_username(mod_client, make_post, canary_author):
    post = make_post(author=canary_author)
    for url in [CHANGELIST, reverse("admin:board_post_change", args=[post.pk])]:
        html = mod_client.get(url).content.decode()
        assert "canary.example" not in html
        assert "zebracanary" not in html
        assert post.author_ref in html


def test_moderators_cannot_open_user_accounts(mod_client, canary_author):
    assert mod_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_superusers_can_see_the_account_behind_a_post(admin_client, make_post, canary_author):
    post = make_post(author=canary_author)
    html = admin_client.get(reverse("admin:board_post_change", args=[post.pk])).content.decode()
    assert "zebracanary@canary.example" in html


def test_change_page_shows_story_findings_flags_and_history(mod_client, make_post, make_user):
    post = make_post(story="Call me on 212-555-0134 if you remember the blue umbrella.")
    services.flag_post(post=post, user=make_user(), reason="contact", note="has a number")
    html = mod_client.get(reverse("admin:board_post_change", args=[post.pk])).content.decode()
    assert "212-555-0134" in html  # the finding excerpt
    assert "a phone number" in html
    assert "has a number" in html
    assert "Held for review" in html


def test_queue_lists_urgent_then_most_flagged_then_oldest(mod_client, make_post):
    oldest, flagged, urgent = make_post(), make_post(), make_post()
    Post.objects.filter(pk=flagged.pk).update(flag_count=2, status=PostStatus.HIDDEN)
    Post.objects.filter(pk=urgent.pk).update(needs_urgent_review=True, status=PostStatus.HIDDEN)
    response = mod_client.get(CHANGELIST)
    order = [p.pk for p in response.context["cl"].result_list]
    assert order[:3] == [urgent.pk, flagged.pk, oldest.pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("status=pending", "held"), ("held=phone", "held"), ("flag=spam", "flagged")],
)
def test_queue_filters_by_status_reason_held_and_flag_reason(
    mod_client, make_post, make_user, query, expected
):
    held = make_post(headline="Held one", story="Text me at 212-555-0134 please, blue scarf.")
    flagged = make_post(headline="Flagged one")
    services.flag_post(post=flagged, user=make_user(), reason="spam")
    response = mod_client.get(CHANGELIST + "?" + query)
    shown = {p.pk for p in response.context["cl"].result_list}
    assert shown == {{"held": held, "flagged": flagged}[expected].pk}


def test_bulk_approve_asks_for_a_reason_then_calls_the_service(mod_client, make_post, moderator):
    posts = [
        make_post(story="My number is 212-555-0134, remember the green coat?") for _ in range(3)
    ]
    assert all(p.status == PostStatus.PENDING for p in posts)
    data = {"action": "approve", "_selected_action": [p.pk for p in posts]}
    page = mod_client.post(CHANGELIST, data)
    assert page.status_code == 200
    assert "give a reason" in page.content.decode()
    assert Post.objects.filter(status=PostStatus.PENDING).count() == 3
    mod_client.post(CHANGELIST, {**data, "apply": "1", "canned": "Follows the guidelines."})
    assert Post.objects.filter(status=PostStatus.PUBLISHED).count() == 3
    record = ModerationAction.objects.filter(kind=ActionKind.APPROVED).first()
    assert record.moderator == moderator
    assert record.reason == "Follows the guidelines."


def test_bulk_action_without_a_reason_explains_and_changes_nothing(mod_client, post):
    data = {"action": "remove", "_selected_action": [post.pk], "apply": "1"}
    response = mod_client.post(CHANGELIST, data)
    assert "Choose a reason or write one" in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("reject", PostStatus.PENDING, PostStatus.REJECTED),
        ("remove", PostStatus.PUBLISHED, PostStatus.REMOVED),
        ("restore", PostStatus.REMOVED, PostStatus.PUBLISHED),
    ],
)
def test_each_bulk_action_changes_status_with_the_written_reason(
    mod_client, post, action, start, end
):
    Post.objects.filter(pk=post.pk).update(status=start)
    mod_client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [post.pk],
            "apply": "1",
            "note": "Checked it twice.",
        },
    )
    post.refresh_from_db()
    assert post.status == end
    assert "Checked it twice." in post.status_reason


def test_staff_without_the_group_cannot_run_bulk_actions(client, make_user, post):
    client.force_login(make_user(is_staff=True))
    client.post(
        CHANGELIST, {"action": "remove", "_selected_action": [post.pk], "apply": "1", "note": "x"}
    )
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_moderator_suspends_an_author_from_a_post(mod_client, make_post, user):
    post = make_post(author=user)
    url = reverse("admin:board_post_suspend_author", args=[post.pk])
    assert mod_client.get(url).status_code == 200
    mod_client.post(url, {"period": "7d", "reason": "Repeated posts about one person."})
    suspension = Suspension.objects.get(user=user)
    assert suspension.ends_at is not None
    assert ModerationAction.objects.filter(kind=ActionKind.SUSPENDED).exists()


def test_staff_without_the_group_cannot_suspend(client, make_user, make_post, user):
    post = make_post(author=user)
    client.force_login(make_user(is_staff=True))
    client.post(
        reverse("admin:board_post_suspend_author", args=[post.pk]), {"period": "24h", "reason": "x"}
    )
    assert not Suspension.objects.exists()


def test_term_rules_are_edited_in_the_admin_and_bad_regexes_explained(mod_client):
    url = reverse("admin:board_termrule_add")
    response = mod_client.post(
        url,
        {
            "pattern": "(unclosed",
            "is_regex": "on",
            "action": "hold",
            "label": "x",
            "is_active": "on",
        },
    )
    assert "Not a valid regular expression" in response.content.decode()
    mod_client.post(
        url,
        {"pattern": "hot tub", "action": "refuse", "label": "a hookup request", "is_active": "on"},
    )
    assert TermRule.objects.filter(pattern="hot tub", action="refuse").exists()


def test_nobody_can_add_or_delete_posts_in_the_admin(admin_client, post):
    assert admin_client.get(reverse("admin:board_post_add")).status_code == 403
    assert admin_client.get(reverse("admin:board_post_delete", args=[post.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    assert client.get(CHANGELIST).status_code == 302


def test_the_author_panel_link_lists_that_authors_posts_for_a_moderator(
    mod_client, make_post, make_user, user
):
    mine = make_post(author=user)
    make_post(author=make_user())
    page = mod_client.get(reverse("admin:board_post_change", args=[mine.pk])).content.decode()
    link = re.search(r'href="([^"]+)">See this author', page).group(1).replace("&amp;", "&")
    response = mod_client.get(link)
    assert response.status_code == 200
    assert [p.pk for p in response.context["cl"].result_list] == [mine.pk]
