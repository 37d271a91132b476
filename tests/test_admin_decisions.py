"""Decisions on a post's admin page and in bulk, as a moderator (not a superuser)."""

import pytest
from django.urls import reverse

from board import services
from board.models import ActionKind, Flag, Notification, Post, PostStatus

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:board_post_changelist")


def _change(post):
    return reverse("admin:board_post_change", args=[post.pk])


def _decide(post, name):
    return reverse("admin:board_post_decide", args=[post.pk, name])


def _held(make_post, **fields):
    post = make_post(**fields)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PENDING)
    return post


def test_a_held_posts_page_offers_approve_reject_and_remove_buttons(mod_client, make_post):
    post = _held(make_post)
    html = mod_client.get(_change(post)).content.decode()
    for name in ("approve", "reject", "remove"):
        assert _decide(post, name) in html
    for name in ("restore", "dismiss"):
        assert _decide(post, name) not in html
    assert "Follows the guidelines." in html  # the canned reasons


@pytest.mark.parametrize(
    ("name", "start", "end", "kind"),
    [
        ("approve", PostStatus.PENDING, PostStatus.PUBLISHED, ActionKind.APPROVED),
        ("reject", PostStatus.PENDING, PostStatus.REJECTED, ActionKind.REJECTED),
        ("remove", PostStatus.PUBLISHED, PostStatus.REMOVED, ActionKind.REMOVED),
        ("restore", PostStatus.REMOVED, PostStatus.PUBLISHED, ActionKind.RESTORED),
    ],
)
def test_each_button_calls_the_service_records_it_and_tells_the_poster(
    mod_client, make_post, moderator, name, start, end, kind
):
    post = make_post()
    Post.objects.filter(pk=post.pk).update(status=start)
    response = mod_client.post(
        _decide(post, name), {f"{name}-canned": "", f"{name}-note": "Checked it twice."}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == end
    action = post.actions.get(kind=kind)
    assert (action.moderator, action.reason) == (moderator, "Checked it twice.")
    notice = Notification.objects.filter(user=post.author, post=post, kind=kind).get()
    assert "Checked it twice." in notice.message


def test_a_button_with_a_canned_reason_plus_free_text_keeps_both(mod_client, make_post):
    post = _held(make_post)
    mod_client.post(
        _decide(post, "reject"),
        {"reject-canned": "It asks for contact details.", "reject-note": "The last line."},
    )
    post.refresh_from_db()
    assert post.status_reason == "It asks for contact details. The last line."


def test_a_button_without_a_reason_changes_nothing_and_says_why(mod_client, make_post):
    post = _held(make_post)
    response = mod_client.post(_decide(post, "reject"), {"reject-note": ""}, follow=True)
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING
    assert "Choose a reason or write one" in response.content.decode()


def test_after_a_decision_the_moderator_lands_on_the_next_queue_item(mod_client, make_post):
    urgent, held = _held(make_post), _held(make_post)
    Post.objects.filter(pk=urgent.pk).update(needs_urgent_review=True)
    response = mod_client.post(_decide(urgent, "approve"), {"approve-note": "Fine."})
    assert response["Location"] == _change(held)
    response = mod_client.post(_decide(held, "approve"), {"approve-note": "Fine."})
    assert response["Location"] == reverse("admin:index")


def test_dismissing_reports_keeps_the_post_up_closes_its_flags_and_records_who_and_why(
    mod_client, make_post, make_user, moderator
):
    post = make_post()
    services.flag_post(post=post, user=make_user(), reason="spam")
    html = mod_client.get(_change(post)).content.decode()
    assert _decide(post, "dismiss") in html
    mod_client.post(_decide(post, "dismiss"), {"dismiss-note": "Not spam, a real story."})
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert post.reports_open_since is None
    action = post.actions.latest("created_at")
    assert (action.kind, action.moderator) == (ActionKind.DISMISSED, moderator)
    assert action.reason == "Not spam, a real story."
    assert Flag.objects.filter(post=post).count() == 1  # kept as history, no longer open
    assert _decide(post, "dismiss") not in mod_client.get(_change(post)).content.decode()


def test_bulk_actions_say_what_happened_to_each_post_and_why_not(mod_client, make_post):
    held, live = _held(make_post, headline="Held one"), make_post(headline="Live one")
    response = mod_client.post(
        CHANGELIST,
        {
            "action": "approve",
            "_selected_action": [held.pk, live.pk],
            "apply": "1",
            "note": "Fine.",
        },
        follow=True,
    )
    said = [str(m) for m in response.context["messages"]]
    assert "“Held one”: approved." in said
    assert (
        "“Live one”: not approved, because it is published "
        "(only held or hidden posts can be approved)." in said
    )
    assert not any("skipped" in m for m in said)


def test_bulk_dismiss_on_a_post_without_reports_says_so(mod_client, make_post):
    live = make_post(headline="Quiet one")
    response = mod_client.post(
        CHANGELIST,
        {"action": "dismiss", "_selected_action": [live.pk], "apply": "1", "note": "x"},
        follow=True,
    )
    said = [str(m) for m in response.context["messages"]]
    assert said == [
        "“Quiet one”: not kept up with its reports dismissed, because it has no open "
        "reports or takedown requests."
    ]


def test_staff_without_the_group_cannot_press_the_buttons(client, make_user, make_post):
    post = _held(make_post)
    client.force_login(make_user(is_staff=True))
    response = client.post(_decide(post, "approve"), {"approve-note": "x"})
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING


def test_a_posts_page_answers_in_a_fixed_number_of_queries(
    mod_client, make_post, make_user, django_assert_max_num_queries
):
    post = make_post()
    for _ in range(3):
        services.flag_post(post=post, user=make_user(), reason="spam")
    with django_assert_max_num_queries(30):
        assert mod_client.get(_change(post)).status_code == 200


def test_resolving_reported_conversations_says_what_happened_to_each(
    mod_client, make_post, make_user
):
    from board.services import replies

    conversation = replies.send_reply(
        post=make_post(author=make_user()), replier=make_user(), message="It was me."
    )
    replies.report_conversation(conversation=conversation, role="poster", reason="Rude.")
    changelist = reverse("admin:board_conversation_changelist")
    data = {"action": "resolve", "_selected_action": [conversation.pk]}
    said = [str(m) for m in mod_client.post(changelist, data, follow=True).context["messages"]]
    assert said == [f"{conversation}: resolved."]
    said = [str(m) for m in mod_client.post(changelist, data, follow=True).context["messages"]]
    assert said == [f"{conversation}: not resolved, because its report was already resolved."]


def test_a_reported_conversations_page_has_resolve_buttons_that_lead_on(
    mod_client, make_post, make_user
):
    from board.models import ConversationStatus
    from board.services import replies

    held = _held(make_post)
    conversation = replies.send_reply(
        post=make_post(author=make_user()), replier=make_user(), message="It was me."
    )
    replies.report_conversation(conversation=conversation, role="poster", reason="Rude.")
    page = reverse("admin:board_conversation_change", args=[conversation.pk])
    resolve = reverse("admin:board_conversation_resolve", args=[conversation.pk])
    assert resolve in mod_client.get(page).content.decode()
    response = mod_client.post(resolve, {"end": "1"})
    assert response["Location"] == _change(held)
    conversation.refresh_from_db()
    assert conversation.report_resolved_at is not None
    assert conversation.status == ConversationStatus.ENDED
