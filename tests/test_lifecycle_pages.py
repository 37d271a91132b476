"""What posters see while posting and afterwards: warnings, holds, limits, expiry, renewal."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from board import services
from board.models import ActionKind, ModerationAction, Notification, Post, PostStatus, TermRule

pytestmark = pytest.mark.django_db

NEW = reverse("board:post-create")
PHONE = "You wrote 212-555-0134 on my coffee cup at the station, remember?"


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_identifying_text_is_pointed_out_before_submitting(client, user, post_form_data):
    client.force_login(user)
    response = client.post(NEW, post_form_data(story=PHONE))
    page = text_of(response)
    assert "This might identify someone" in page
    assert "212-555-0134" in page
    assert "Submit for review anyway" in page
    assert not Post.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("textarea", {"name": "story"}).get_text().strip() == PHONE


def test_preview_shows_the_warnings_too(client, user, post_form_data):
    client.force_login(user)
    assert "This might identify someone" in text_of(
        client.post(NEW, post_form_data(story=PHONE, action="preview"))
    )


def test_submitting_for_review_anyway_holds_the_post_and_says_why(client, user, post_form_data):
    client.force_login(user)
    response = client.post(NEW, post_form_data(story=PHONE, action="review"), follow=True)
    post = Post.objects.get()
    assert post.status == PostStatus.PENDING
    page = text_of(response)
    assert "Status: Held for review" in page
    assert "a phone number" in page


def test_a_refused_term_is_explained_and_the_text_kept(client, user, post_form_data):
    TermRule.objects.create(
        pattern="no strings attached", action="refuse", label="a hookup request"
    )
    client.force_login(user)
    story = "Looking for fun, no strings attached, you were at the bar on Friday."
    response = client.post(NEW, post_form_data(story=story, action="review"))
    assert "can't be posted: Looks like a hookup request" in text_of(response)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("textarea", {"name": "story"}).get_text().strip() == story
    assert not Post.objects.exists()


def test_posting_is_limited_to_one_per_ten_minutes_and_keeps_the_text(client, user, post_form_data):
    client.force_login(user)
    client.post(NEW, post_form_data())
    response = client.post(NEW, post_form_data(headline="A second one so soon"))
    assert response.status_code == 429
    page = text_of(response)
    assert "You can post again in about" in page
    assert (
        BeautifulSoup(response.content, "html.parser").find("input", {"name": "headline"})["value"]
        == "A second one so soon"
    )
    assert Post.objects.count() == 1


def test_posting_is_limited_to_five_a_day(client, user, post_form_data, settings):
    settings.BOARD_POST_RATE = "100/m"
    client.force_login(user)
    for n in range(5):
        client.post(NEW, post_form_data(headline=f"Daily post number {n}"))
    assert client.post(NEW, post_form_data(headline="The sixth one")).status_code == 429
    assert Post.objects.count() == 5


def test_previews_and_mistakes_do_not_count_against_the_limit(client, user, post_form_data):
    client.force_login(user)
    client.post(NEW, post_form_data(action="preview"))
    client.post(NEW, post_form_data(encounter_date="2999-01-01"))
    client.post(NEW, post_form_data())
    assert Post.objects.count() == 1


def test_a_suspended_person_is_told_until_when_and_why_and_cannot_post(
    client, user, moderator, post_form_data
):
    services.suspend_author(
        user=user, period="7d", reason="Repeated posts about one person.", moderator=moderator
    )
    client.force_login(user)
    response = client.post(NEW, post_form_data())
    page = text_of(response)
    assert "Your account is suspended until" in page
    assert "Repeated posts about one person." in page
    assert not Post.objects.exists()


def test_the_author_sees_the_reason_for_a_rejection_and_can_edit_to_resubmit(
    client, user, make_post, moderator, post_form_data
):
    post = make_post(author=user, story=PHONE)
    services.reject_post(post=post, moderator=moderator, reason="Please take the number out.")
    client.force_login(user)
    page = text_of(client.get(post.get_absolute_url()))
    assert "Status: Rejected" in page
    assert "Please take the number out." in page
    client.post(reverse("board:post-edit", args=[post.public_id]), post_form_data())
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING


def test_a_removed_post_cannot_be_edited_by_its_author(
    client, user, post, moderator, post_form_data
):
    services.remove_post(post=post, moderator=moderator, reason="Harassment.")
    client.force_login(user)
    response = client.post(
        reverse("board:post-edit", args=[post.public_id]),
        post_form_data(headline="Sneaky"),
        follow=True,
    )
    assert "can't be edited" in text_of(response)
    post.refresh_from_db()
    assert post.headline != "Sneaky"


def test_notices_page_lists_decisions_for_me_only(client, user, other_user, make_post, moderator):
    mine = make_post(author=user)
    services.remove_post(post=mine, moderator=moderator, reason="It identifies a real person.")
    theirs = make_post(author=other_user)
    services.remove_post(post=theirs, moderator=moderator, reason="Someone else's reason.")
    client.force_login(user)
    page = text_of(client.get(reverse("board:my-notifications")))
    assert "It identifies a real person." in page
    assert "Someone else's reason." not in page
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_notices_need_an_account(client):
    assert client.get(reverse("board:my-notifications")).status_code == 302


# Expiry and renewal


def test_expired_posts_leave_the_list_at_query_time(client, post):
    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert post.headline not in client.get("/").content.decode()


def test_expire_posts_records_notifies_and_is_repeatable(
    make_post, django_capture_on_commit_callbacks
):
    due, fresh = make_post(), make_post()
    Post.objects.filter(pk=due.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_posts")
    due.refresh_from_db()
    fresh.refresh_from_db()
    assert due.status == PostStatus.EXPIRED
    assert fresh.status == PostStatus.PUBLISHED
    assert ModerationAction.objects.filter(post=due, kind=ActionKind.EXPIRED).count() == 1
    assert "expired" in mail.outbox[0].subject
    call_command("expire_posts")
    assert ModerationAction.objects.filter(post=due, kind=ActionKind.EXPIRED).count() == 1


def test_renewal_is_offered_once_in_the_last_week(client, user, post):
    client.force_login(user)
    assert "Keep it listed" not in text_of(client.get(post.get_absolute_url()))
    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() + timedelta(days=3))
    assert "Keep it listed" in text_of(client.get(post.get_absolute_url()))
    client.post(reverse("board:post-renew", args=[post.public_id]))
    post.refresh_from_db()
    assert post.expires_at > timezone.now() + timedelta(days=30)
    assert post.renewed_at is not None
    # Later (not a double click, which is told it worked): the renewal is used up.
    Post.objects.filter(pk=post.pk).update(
        expires_at=timezone.now() + timedelta(days=3), renewed_at=timezone.now() - timedelta(days=1)
    )
    response = client.post(reverse("board:post-renew", args=[post.public_id]), follow=True)
    assert "can't be renewed" in text_of(response)


@pytest.mark.parametrize("viewer", ["anonymous", "other"])
def test_only_the_author_can_renew(client, other_user, post, viewer):
    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() + timedelta(days=3))
    if viewer == "other":
        client.force_login(other_user)
    client.post(reverse("board:post-renew", args=[post.public_id]))
    post.refresh_from_db()
    assert post.renewed_at is None


def test_renewing_needs_post_not_get(client, user, post):
    client.force_login(user)
    assert client.get(reverse("board:post-renew", args=[post.public_id])).status_code == 405


# The public moderation log


def test_moderation_log_shows_decisions_without_text_or_identity(
    client, make_post, moderator, make_user
):
    author = make_user("secret.author@example.test")
    post = make_post(author=author, headline="A very distinctive headline", story=PHONE)
    services.remove_post(post=post, moderator=moderator, reason="It identifies a real person.")
    page = text_of(client.get(reverse("board:moderation-log")))
    assert "Removed" in page
    assert "It identifies a real person." in page
    assert "A moderator" in page
    assert "Automatic" in page
    assert "distinctive headline" not in page
    assert "212-555" not in page
    assert "secret.author" not in page
    assert moderator.username not in page


def test_moderation_log_leaves_out_the_authors_own_actions(client, post):
    services.delete_post(post=post)
    assert "Deleted by its author" not in text_of(client.get(reverse("board:moderation-log")))


# Commands


def test_createmoderator_makes_a_staff_member_of_the_group(make_user):
    call_command("createmoderator", "new.mod@example.test")
    from django.contrib.auth import get_user_model

    mod = get_user_model().objects.get(email="new.mod@example.test")
    assert mod.is_staff
    assert not mod.is_superuser
    assert mod.groups.filter(name="Moderators").exists()
    assert mod.has_perm("board.moderate_post")
    call_command("createmoderator", "new.mod@example.test")
    assert Group.objects.get(name="Moderators").user_set.count() == 1


def test_createmoderator_rejects_a_bad_email():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("createmoderator", "not-an-email")
