"""Flags by trust: fresh accounts cannot hide posts; urgent reasons jump the queue."""

import pytest
from django.core import mail
from django.urls import reverse

from board import services
from board.models import Flag, PostStatus

pytestmark = pytest.mark.django_db


def test_three_accounts_made_minutes_ago_cannot_hide_a_post(post, make_user):
    for _ in range(3):
        services.flag_post(post=post, user=make_user(), reason="spam")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert post.flag_count == 3


def test_an_old_account_without_a_verified_email_is_not_established(post, make_user, settings):
    settings.BOARD_FLAGS_TO_HIDE = 1
    person = make_user(established=True)
    person.emailaddress_set.update(verified=False)
    services.flag_post(post=post, user=person, reason="spam")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_the_threshold_counts_distinct_established_accounts_only(post, make_user, settings):
    settings.BOARD_FLAGS_TO_HIDE = 2
    services.flag_post(post=post, user=make_user(established=True), reason="spam")
    services.flag_post(post=post, user=make_user(), reason="spam")
    services.flag_post(post=post, user=make_user(), reason="spam")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    services.flag_post(post=post, user=make_user(established=True), reason="spam")
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN


def test_a_minor_report_from_a_new_account_goes_to_the_top_of_the_queue_without_hiding(
    post, make_user, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_post(post=post, user=make_user(), reason="minor")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert post.needs_urgent_review
    alerts = [m for m in mail.outbox if m.to == [moderator.email]]
    assert "Urgent report" in alerts[0].subject


def test_urgent_posts_come_first_in_the_admin_queue(client, make_post, make_user, moderator):
    calm = make_post(headline="A calm post about the library")
    urgent = make_post(headline="An urgent post about the bus")
    services.flag_post(post=calm, user=make_user(), reason="spam")
    services.flag_post(post=urgent, user=make_user(), reason="minor")
    client.force_login(moderator)
    html = client.get(reverse("admin:board_post_changelist")).content.decode()
    assert html.index(urgent.headline) < html.index(calm.headline)


def test_a_double_submitted_flag_makes_one_flag_and_no_error(client, post, other_user):
    client.force_login(other_user)
    url = reverse("board:post-flag", args=[post.public_id])
    first = client.post(url, {"reason": "spam"})
    second = client.post(url, {"reason": "spam"})
    assert first.status_code == second.status_code == 302
    assert Flag.objects.count() == 1
