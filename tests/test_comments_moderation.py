"""Comments and the moderators: flags by trust, the queue, decisions with reasons,
suspensions, takedowns by the person described, the poster's batched notices, and the
commenter's data rights."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from board import services, tasks
from board.models import (
    Comment,
    CommentAction,
    CommentStatus,
    CommentTakedown,
    NoticeKind,
    Notification,
    NotificationSettings,
    TakedownOutcome,
)
from board.services import comment_moderation, comment_takedowns, privacy
from board.services import comments as comment_services
from board.tasks import comments as comment_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_post(make_post, user):
    return make_post(author=user, comment_mode="on")


@pytest.fixture
def commenter(make_user):
    return make_user()


@pytest.fixture
def comment(open_post, commenter):
    return comment_services.post_comment(post=open_post, author=commenter, body="Be kind to you.")


def visible(post, client) -> str:
    client.logout()
    return client.get(post.get_absolute_url()).content.decode()


# Flags: the same reasons, the same trust-weighted threshold


def test_three_new_accounts_cannot_hide_a_comment(comment, make_user):
    for _ in range(3):
        comment_services.flag_comment(comment=comment, user=make_user(), reason="spam")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.flag_count == 3
    assert comment.reports_open_since is not None


def test_established_readers_hide_a_comment_at_the_posts_threshold(
    client, comment, open_post, make_user, settings
):
    settings.BOARD_FLAGS_TO_HIDE = 2
    comment_services.flag_comment(comment=comment, user=make_user(established=True), reason="spam")
    comment_services.flag_comment(comment=comment, user=make_user(), reason="spam")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    comment_services.flag_comment(
        comment=comment, user=make_user(established=True), reason="identifies"
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert "Several readers reported it" in comment.status_reason
    assert "Be kind to you." not in visible(open_post, client)
    open_post.refresh_from_db()
    assert open_post.comment_count == 0


def test_a_double_flag_is_one_flag(comment, make_user):
    person = make_user()
    comment_services.flag_comment(comment=comment, user=person, reason="spam")
    with pytest.raises(services.AlreadyFlagged):
        comment_services.flag_comment(comment=comment, user=person, reason="spam")
    assert comment.flags.count() == 1


def test_a_minor_report_is_urgent_and_alerts_moderators(
    comment, make_user, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.flag_comment(comment=comment, user=make_user(), reason="minor")
    comment.refresh_from_db()
    assert comment.needs_urgent_review and comment.status == CommentStatus.PUBLISHED
    alert = [m for m in mail.outbox if m.to == [moderator.email]][0]
    assert reverse("admin:board_comment_change", args=[comment.pk]) in alert.body
    assert "Be kind to you." not in alert.body


def test_a_comment_kept_after_review_is_not_hidden_again_by_flags(
    comment, make_user, moderator, settings
):
    settings.BOARD_FLAGS_TO_HIDE = 1
    comment_services.flag_comment(comment=comment, user=make_user(established=True), reason="spam")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert comment_moderation.restore_comment(comment=comment, moderator=moderator, reason="ok")
    comment_services.flag_comment(comment=comment, user=make_user(established=True), reason="spam")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.needs_urgent_review


@pytest.mark.parametrize("who", ["anonymous", "reader", "moderator", "superuser"])
def test_the_flag_page_needs_an_account(client, comment, make_user, moderator, admin_user, who):
    people = {"reader": make_user(), "moderator": moderator, "superuser": admin_user}
    if who in people:
        client.force_login(people[who])
    response = client.get(reverse("board:comment-flag", args=[comment.public_id]))
    if who == "anonymous":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == 200
        assert "What is wrong with this comment?" in response.content.decode()


def test_flagging_something_else_needs_a_note_and_keeps_the_choice(client, comment, make_user):
    client.force_login(make_user())
    url = reverse("board:comment-flag", args=[comment.public_id])
    response = client.post(url, {"reason": "other", "note": ""})
    assert response.status_code == 200
    assert "Tell us what is wrong." in response.content.decode()
    assert not comment.flags.exists()
    assert client.post(url, {"reason": "spam"}).status_code == 302
    assert comment.flags.count() == 1


def test_a_hidden_comment_cannot_be_flagged_or_taken_down_by_its_address(client, comment):
    Comment.objects.filter(pk=comment.pk).update(status=CommentStatus.HIDDEN)
    assert (
        client.get(reverse("board:comment-takedown", args=[comment.public_id])).status_code == 404
    )


# The queue and decisions


def test_a_held_comment_is_in_the_queue_with_its_post_and_counted(mod_client, open_post, commenter):
    held = comment_services.post_comment(
        post=open_post, author=commenter, body="I know who this is, it's Jenna from the bakery"
    )
    response = mod_client.get(reverse("admin:index"))
    counts = {c["label"]: c for c in response.context["queue"]["counts"]}
    assert counts["Comments"]["count"] == 1
    items = [i for i in response.context["queue"]["items"] if i.kind == "comment"]
    assert [i.pk for i in items] == [held.pk]
    assert open_post.headline in items[0].title
    listed = mod_client.get(counts["Comments"]["url"])
    assert [c.pk for c in listed.context["cl"].result_list] == [held.pk]
    page = mod_client.get(items[0].url).content.decode()
    assert open_post.headline in page and "Jenna from the bakery" in page
    assert 'id="decide-approve"' in page and 'id="decide-remove"' in page


def test_removing_needs_a_reason_is_recorded_and_told_to_the_commenter(
    mod_client, comment, moderator, commenter
):
    url = reverse("admin:board_comment_decide", args=[comment.pk])
    mod_client.post(url, {"decision": "remove", "reason": ""})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    response = mod_client.post(url, {"decision": "remove", "reason": "It identifies someone."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REMOVED
    action = CommentAction.objects.get(comment=comment, kind="removed")
    assert action.moderator == moderator and action.reason == "It identifies someone."
    notice = Notification.objects.get(user=commenter, kind=NoticeKind.COMMENT)
    assert "It identifies someone." in notice.message


def test_approving_a_held_comment_on_a_held_post_sends_it_to_the_poster(
    mod_client, make_post, user, commenter
):
    post = make_post(author=user, comment_mode="held")
    held = comment_services.post_comment(post=post, author=commenter, body="Her name is Ana Ruiz")
    assert held.status == CommentStatus.HELD
    mod_client.post(
        reverse("admin:board_comment_decide", args=[held.pk]),
        {"decision": "approve", "reason": "fine in context"},
    )
    held.refresh_from_db()
    assert held.status == CommentStatus.AWAITING
    assert CommentAction.objects.filter(comment=held, kind="approved").exists()


@pytest.mark.parametrize("who", ["anonymous", "reader", "poster"])
def test_only_moderators_reach_comments_in_the_admin(client, comment, make_user, user, who):
    people = {"reader": make_user(), "poster": user}
    if who in people:
        client.force_login(people[who])
    for url in (
        reverse("admin:board_comment_changelist"),
        reverse("admin:board_comment_change", args=[comment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    client.post(
        reverse("admin:board_comment_decide", args=[comment.pk]),
        {"decision": "remove", "reason": "x"},
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED


def test_a_superuser_and_a_moderator_may_decide(client, comment, admin_user, moderator):
    for person in (moderator, admin_user):
        client.force_login(person)
        assert client.get(reverse("admin:board_comment_changelist")).status_code == 200
    client.post(
        reverse("admin:board_comment_decide", args=[comment.pk]),
        {"decision": "remove", "reason": "spam"},
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REMOVED


def test_moderators_cannot_reach_the_commenters_account_through_the_list(mod_client, comment):
    url = reverse("admin:board_comment_changelist") + f"?author__id__exact={comment.author_id}"
    assert mod_client.get(url).status_code == 400


def test_removed_comments_count_towards_a_suspension_like_removed_posts(
    mod_client, open_post, commenter, moderator
):
    first = comment_services.post_comment(post=open_post, author=commenter, body="Nope one.")
    second = comment_services.post_comment(post=open_post, author=commenter, body="Nope two.")
    for bad in (first, second):
        comment_moderation.remove_comment(comment=bad, moderator=moderator, reason="Harassment.")
    page = mod_client.get(reverse("admin:board_comment_change", args=[second.pk])).content.decode()
    assert "2 comments (0 held at some point, 2 removed)" in page
    suspend = reverse("admin:board_comment_suspend_author", args=[second.pk])
    assert suspend in page
    mod_client.post(suspend, {"period": "7d", "reason": "Repeated harassment in comments."})
    with pytest.raises(services.Suspended):
        comment_services.post_comment(post=open_post, author=commenter, body="Again.")


# The person described takes a comment down


def test_a_takedown_hides_nothing_until_the_emailed_link_is_confirmed(
    client, comment, open_post, moderator, django_capture_on_commit_callbacks
):
    url = reverse("board:comment-takedown", args=[comment.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "me@example.test", "confirm": "on", "note": "me"})
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    message = [m for m in mail.outbox if m.to == ["me@example.test"]][0]
    link = re.search(r"https?://\S+/comments/takedown/confirm/\S+/", message.body).group()
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm_page = client.get("/" + path)
    assert confirm_page.status_code == 200
    assert "the comment is about you" in confirm_page.content.decode()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED  # a link scanner's GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/" + path)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN and comment.needs_urgent_review
    assert CommentTakedown.objects.get().outcome == TakedownOutcome.HIDDEN
    client.force_login(moderator)
    admin_page = client.get(reverse("admin:board_comment_change", args=[comment.pk]))
    html = admin_page.content.decode()
    assert CommentTakedown.objects.get().reference in html and "me@example.test" not in html
    assert "Be kind to you." not in visible(open_post, client)


def test_the_post_page_offers_this_is_about_me_on_each_comment(client, comment, open_post):
    html = visible(open_post, client)
    assert reverse("board:comment-takedown", args=[comment.public_id]) in html


def test_a_forged_comment_takedown_link_is_refused(client):
    url = reverse("board:comment-takedown-confirm", args=["forged"])
    assert client.post(url).status_code == 400


def test_the_daily_cap_counts_posts_and_comments_together(
    make_post, open_post, make_user, settings
):
    settings.BOARD_TAKEDOWNS_PER_DAY = 1
    person = make_user()
    from board.services import takedowns

    takedowns.request_takedown(post=make_post(), email=person.email, user=person)
    comment = comment_services.post_comment(post=open_post, author=make_user(), body="Aw.")
    request = comment_takedowns.request_comment_takedown(
        comment=comment, email=person.email, user=person
    )
    assert request.outcome == TakedownOutcome.QUEUED
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.needs_urgent_review


def test_removing_a_taken_down_comment_tells_the_requester(
    comment, make_user, moderator, django_capture_on_commit_callbacks
):
    person = make_user()
    comment_takedowns.request_comment_takedown(comment=comment, email=person.email, user=person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderation.remove_comment(comment=comment, moderator=moderator, reason="About them")
    told = [m for m in mail.outbox if m.to == [person.email]]
    assert "The comment you asked about was removed" in told[0].subject


# The poster is told, batched


def test_the_poster_gets_one_notice_per_post_per_day_updated(open_post, make_user, user):
    for n in range(3):
        comment_services.post_comment(post=open_post, author=make_user(), body=f"Kind {n}")
    notices = Notification.objects.filter(user=user, kind=NoticeKind.COMMENTS)
    assert notices.count() == 1
    assert notices.get().message.startswith("3 new comments")
    assert notices.get().read_at is None


def test_the_poster_is_emailed_a_digest_never_one_email_per_comment(
    open_post, make_post, make_user, user, django_capture_on_commit_callbacks
):
    other = make_post(author=user, comment_mode="on")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            comment_services.post_comment(post=open_post, author=make_user(), body=f"Kind {n}")
        comment_services.post_comment(post=other, author=make_user(), body="Also kind")
    assert [m for m in mail.outbox if m.to == [user.email]] == []
    with django_capture_on_commit_callbacks(execute=True):
        comment_tasks.send_comment_digests.enqueue()
    digests = [m for m in mail.outbox if m.to == [user.email]]
    assert len(digests) == 1
    assert "4 new comments" in digests[0].body and "1 new comment" in digests[0].body
    assert "Kind 0" not in digests[0].body
    with django_capture_on_commit_callbacks(execute=True):
        comment_tasks.send_comment_digests.enqueue()
    assert len([m for m in mail.outbox if m.to == [user.email]]) == 1


def test_no_digest_for_a_poster_who_turned_post_emails_off(
    open_post, make_user, user, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(user=user, email_about_posts=False)
    comment_services.post_comment(post=open_post, author=make_user(), body="Kind")
    with django_capture_on_commit_callbacks(execute=True):
        comment_tasks.send_comment_digests.enqueue()
    assert [m for m in mail.outbox if m.to == [user.email]] == []
    assert Notification.objects.filter(user=user, kind=NoticeKind.COMMENTS).count() == 1


def test_the_digest_is_a_periodic_job():
    assert comment_tasks.send_comment_digests in [job for job, _ in tasks.periodic_jobs()]


# Data rights


def test_my_comments_are_in_my_export(client, comment, commenter, open_post):
    client.force_login(commenter)
    data = privacy.export_account_data(user=commenter)
    assert data["comments"] == [
        {
            "post": open_post.public_id,
            "shown_as": comment.pseudonym,
            "text": "Be kind to you.",
            "status": "published",
            "status_reason": "",
            "held_for": [],
            "created_at": comment.created_at.isoformat(),
        }
    ]


def test_deleting_the_account_with_its_posts_removes_its_comments(
    client, comment, commenter, open_post
):
    privacy.delete_account(user=commenter, delete_posts=True)
    assert not Comment.objects.filter(pk=comment.pk).exists()
    open_post.refresh_from_db()
    assert open_post.comment_count == 0
    assert "Be kind to you." not in visible(open_post, client)


def test_deleting_the_account_keeping_posts_keeps_comments_anonymised(
    client, comment, commenter, open_post
):
    pseudonym = comment.pseudonym
    privacy.delete_account(user=commenter, delete_posts=False)
    comment.refresh_from_db()
    assert comment.author_id is None and comment.author_ref == ""
    html = visible(open_post, client)
    assert "Be kind to you." in html and pseudonym in html


def test_the_privacy_page_says_what_happens_to_comments(client):
    html = BeautifulSoup(client.get(reverse("board:privacy")).content, "html.parser").text
    assert "Your comments:" in html
    assert "your posts and your comments are deleted too" in html
