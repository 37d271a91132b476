"""Appeals: once per decision, from the notice, screened, answered into the queue and back."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from board import services
from board.models import (
    Appeal,
    AppealStatus,
    Notification,
    PostStatus,
    Suspension,
    TakedownOutcome,
    TermAction,
    TermRule,
)
from board.services import appeals, takedowns

pytestmark = pytest.mark.django_db


@pytest.fixture
def removed(make_post, user, moderator):
    post = make_post(author=user)
    services.remove_post(post=post, moderator=moderator, reason="It identifies someone.")
    return post


def _notice_link(user, kind):
    return Notification.objects.get(user=user, kind=kind).link


def test_appeal_round_trip_from_notice_to_queue_to_answer(
    client, removed, user, moderator, django_capture_on_commit_callbacks
):
    client.force_login(user)
    link = _notice_link(user, "removed")
    assert link in client.get(reverse("board:my-notifications")).content.decode()
    page = client.get(link).content.decode()
    assert "It identifies someone." in page
    response = client.post(link, {"text": "It is about a stranger on a bus, no names."})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.user, appeal.post, appeal.status) == (user, removed, AppealStatus.OPEN)

    client.force_login(moderator)
    index = client.get(reverse("admin:index"))
    assert ("appeal", appeal.pk) in [(i.kind, i.pk) for i in index.context["queue"]["items"]]
    change = client.get(reverse("admin:board_appeal_change", args=[appeal.pk])).content.decode()
    assert "It identifies someone." in change  # the original reason beside the appeal
    assert "no names." in change
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:board_appeal_answer", args=[appeal.pk]),
            {"answer": "You are right; it is back.", "overturn": "1"},
        )
    assert response["Location"] == reverse("admin:index")  # the queue is empty now
    removed.refresh_from_db()
    assert removed.status == PostStatus.PUBLISHED
    appeal.refresh_from_db()
    assert (appeal.status, appeal.answered_by) == (AppealStatus.OVERTURNED, moderator)
    answer = Notification.objects.get(user=user, kind="appeal")
    assert "You are right; it is back." in answer.message
    assert any("Your appeal was answered" in m.subject for m in mail.outbox)


def test_a_decision_can_be_appealed_only_once(client, removed, user):
    client.force_login(user)
    link = _notice_link(user, "removed")
    client.post(link, {"text": "Please look again."})
    client.post(link, {"text": "And again."})
    assert Appeal.objects.count() == 1
    assert "Each decision can be appealed once" in client.get(link).content.decode()
    with pytest.raises(appeals.AppealRefused):
        appeals.submit_appeal(
            user=user, decision=removed.actions.get(kind="removed"), text="Third time."
        )


def test_an_appeal_is_screened_like_any_text(client, removed, user):
    TermRule.objects.create(pattern="send nudes", action=TermAction.REFUSE, label="a solicitation")
    client.force_login(user)
    link = _notice_link(user, "removed")
    response = client.post(link, {"text": "Put it back or send nudes."})
    assert response.status_code == 200
    assert "could not be sent" in response.content.decode()
    assert not Appeal.objects.exists()
    client.post(link, {"text": "Call me on 212-555-0134 to talk about it."})
    appeal = Appeal.objects.get()
    assert "212-555-0134" not in appeal.text
    assert appeals.HIDDEN in appeal.text


def test_nobody_else_can_appeal_someone_elses_decision(client, removed, other_user):
    client.force_login(other_user)
    assert client.get(_notice_link(removed.author, "removed")).status_code == 404


def test_a_rejected_post_can_be_appealed_and_the_decision_upheld(
    client, make_post, user, moderator
):
    post = make_post(author=user)
    post.status = PostStatus.PENDING
    post.save()
    services.reject_post(post=post, moderator=moderator, reason="It asks for contact details.")
    client.force_login(user)
    client.post(_notice_link(user, "rejected"), {"text": "It does not ask for anything."})
    appeal = Appeal.objects.get()
    appeals.answer_appeal(appeal=appeal, moderator=moderator, overturn=False, answer="It does.")
    post.refresh_from_db()
    assert post.status == PostStatus.REJECTED
    assert "upheld" in Notification.objects.get(user=user, kind="appeal").message
    assert not appeals.answer_appeal(appeal=appeal, moderator=moderator, overturn=True, answer="")


def test_a_suspended_person_appeals_from_the_notice_and_overturning_lifts_it(
    client, user, moderator
):
    suspension = services.suspend_author(
        user=user, period="7d", reason="Spam.", moderator=moderator
    )
    client.force_login(user)
    link = _notice_link(user, "suspended")
    assert link == reverse("board:appeal-suspension", args=[suspension.pk])
    client.post(link, {"text": "I posted one story, not spam."})
    appeal = Appeal.objects.get()
    assert appeal.suspension == suspension
    appeals.answer_appeal(appeal=appeal, moderator=moderator, overturn=True, answer="Lifted.")
    assert not Suspension.objects.active().filter(user=user).exists()


def test_a_refused_takedown_requester_can_ask_again_once_with_more_detail(
    client, make_post, moderator, django_capture_on_commit_callbacks
):
    post = make_post()
    with django_capture_on_commit_callbacks(execute=True):
        request = takedowns.request_takedown(post=post, email="me@example.test")
        takedowns.confirm_takedown(token=takedowns.confirmation_token(request))
        services.restore_post(post=post, moderator=moderator, reason="No one is named.")
    refusal = [m for m in mail.outbox if m.to == ["me@example.test"] and "stays up" in m.subject]
    link = re.search(r"https?://\S+/takedown/again/\S+/", refusal[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/{path}", {"note": "The bakery and my red bike are mine."})
    assert response.status_code == 200
    request.refresh_from_db()
    post.refresh_from_db()
    assert request.outcome == TakedownOutcome.QUEUED
    assert "my red bike" in request.note
    assert post.needs_urgent_review and post.status == PostStatus.PUBLISHED
    assert any("Urgent report" in m.subject for m in mail.outbox)
    client.post(f"/{path}", {"note": "Once more."})  # already with a moderator
    request.refresh_from_db()
    assert "Once more." not in request.note
