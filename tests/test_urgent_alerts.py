"""Urgent items email every moderator at once, after commit, with a link and nothing that
identifies anyone."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from board import services
from board.services import takedowns

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderators(make_user):
    group = Group.objects.get(name="Moderators")
    people = [make_user(is_staff=True) for _ in range(2)]
    for person in people:
        person.groups.add(group)
    return people


def _alerts():
    return [m for m in mail.outbox if "Urgent report" in m.subject]


def test_a_minor_report_emails_every_moderator_only_after_commit(
    make_post, make_user, moderators, django_capture_on_commit_callbacks
):
    author = make_user("poster.private@example.test")
    post = make_post(author=author, headline="Red scarf on the tram", where_exactly="Platform 4")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.flag_post(post=post, user=make_user(), reason="minor", note="She is 15.")
    assert _alerts() == []  # nothing is sent inside the transaction
    for callback in callbacks:
        callback()
    alerts = _alerts()
    assert sorted(m.to[0] for m in alerts) == sorted(m.email for m in moderators)
    assert all(len(m.to) == 1 for m in alerts)  # no one sees another moderator's address
    link = reverse("admin:board_post_change", args=[post.pk])
    for message in alerts:
        assert link in message.body
        text = message.subject + message.body
        for detail in (post.headline, "Platform 4", "She is 15.", author.email, post.pseudonym):
            assert detail not in text


def test_a_confirmed_takedown_emails_every_moderator(
    make_post, moderators, django_capture_on_commit_callbacks
):
    post = make_post()
    with django_capture_on_commit_callbacks(execute=True):
        request = takedowns.request_takedown(post=post, email="me@example.test")
        takedowns.confirm_takedown(token=takedowns.confirmation_token(request))
    assert len(_alerts()) == len(moderators)
    assert all("me@example.test" not in m.body for m in _alerts())


def test_new_reports_on_a_post_kept_after_review_alert_the_moderators(
    make_post, make_user, moderators, settings, django_capture_on_commit_callbacks
):
    settings.BOARD_FLAGS_TO_HIDE = 1
    post = make_post()
    services.flag_post(post=post, user=make_user(established=True), reason="spam")
    services.restore_post(post=post, moderator=moderators[0], reason="Fine.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_post(post=post, user=make_user(established=True), reason="spam")
    post.refresh_from_db()
    assert post.needs_urgent_review
    assert len(_alerts()) == len(moderators)
