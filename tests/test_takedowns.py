"""“This is about me”: proven by an emailed one-time link, capped per requester, and never
able to hide again a post a moderator reviewed and kept."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from board import services
from board.models import ActionKind, PostStatus, TakedownOutcome, TakedownRequest
from board.services import takedowns

pytestmark = pytest.mark.django_db


def takedown_url(post):
    return reverse("board:post-takedown", args=[post.public_id])


def emailed_link(message) -> str:
    return re.search(r"https?://\S+/takedown/confirm/\S+/", message.body).group()


def ask(client, post, email="described@example.test", note="It describes me."):
    return client.post(takedown_url(post), {"email": email, "confirm": "on", "note": note})


def test_a_takedown_request_hides_nothing_until_the_emailed_link_is_confirmed(
    client, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, post)
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert [m.to for m in mail.outbox] == [["described@example.test"]]
    link = emailed_link(mail.outbox[0])
    request = TakedownRequest.objects.get()
    assert request.reference in mail.outbox[0].body
    assert client.get(link).status_code == 200  # a link scanner's GET changes nothing
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert post.needs_urgent_review
    assert post.actions.latest("id").kind == ActionKind.TAKEDOWN


def test_the_confirmation_link_is_one_time(client, post, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, post)
    link = emailed_link(mail.outbox[0])
    client.post(link)
    services.restore_post(post=post, reason="Reviewed.")
    client.post(link)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert TakedownRequest.objects.get().outcome == TakedownOutcome.KEPT


def test_a_forged_confirmation_link_is_refused(client, post):
    response = client.post(reverse("board:takedown-confirm", args=["not-a-real-token"]))
    assert response.status_code == 400
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_a_signed_in_requester_with_that_verified_email_is_confirmed_at_once(
    client, post, other_user
):
    client.force_login(other_user)
    ask(client, post, email=other_user.email)
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN


def test_a_signed_in_requester_giving_another_address_still_needs_the_link(
    client, post, other_user
):
    client.force_login(other_user)
    ask(client, post, email="someone.else@example.test")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_one_requester_hides_only_a_few_posts_a_day_then_the_rest_go_to_the_urgent_queue(
    make_post, settings
):
    settings.BOARD_TAKEDOWNS_PER_DAY = 3
    posts = [make_post() for _ in range(5)]
    for post in posts:
        request = takedowns.request_takedown(post=post, email="griefer@example.test")
        takedowns.confirm_takedown(token=takedowns.confirmation_token(request))
    for post in posts:
        post.refresh_from_db()
    assert [p.status for p in posts] == [PostStatus.HIDDEN] * 3 + [PostStatus.PUBLISHED] * 2
    assert all(p.needs_urgent_review for p in posts)
    outcomes = list(TakedownRequest.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == ["hidden"] * 3 + ["queued"] * 2


def test_the_cap_also_counts_the_account_behind_different_addresses(make_post, make_user, settings):
    settings.BOARD_TAKEDOWNS_PER_DAY = 1
    person = make_user()
    first, second = make_post(), make_post()
    request = takedowns.request_takedown(post=first, email="a@example.test", user=person)
    takedowns.confirm_takedown(token=takedowns.confirmation_token(request))
    request = takedowns.request_takedown(post=second, email="b@example.test", user=person)
    takedowns.confirm_takedown(token=takedowns.confirmation_token(request))
    second.refresh_from_db()
    assert second.status == PostStatus.PUBLISHED
    assert second.needs_urgent_review


def test_a_post_restored_after_review_is_never_hidden_again_by_takedowns(post, moderator):
    request = takedowns.request_takedown(post=post, email="one@example.test")
    takedowns.confirm_takedown(token=takedowns.confirmation_token(request))
    services.restore_post(post=post, moderator=moderator, reason="Reviewed: fine.")
    for email in ("two@example.test", "three@example.test"):
        request = takedowns.request_takedown(post=post, email=email)
        takedowns.confirm_takedown(token=takedowns.confirmation_token(request))
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert post.needs_urgent_review


def test_a_post_restored_after_review_is_never_hidden_again_by_flags(
    post, moderator, make_user, settings
):
    settings.BOARD_FLAGS_TO_HIDE = 1
    services.flag_post(post=post, user=make_user(established=True), reason="spam")
    services.restore_post(post=post, moderator=moderator, reason="Reviewed: fine.")
    services.flag_post(post=post, user=make_user(established=True), reason="spam")
    services.flag_post(post=post, user=make_user(established=True), reason="minor")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert post.needs_urgent_review


def test_a_double_submitted_takedown_makes_one_request_and_one_email(
    client, post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(client, post)
        second = ask(client, post)
    assert first.status_code == second.status_code == 200
    assert TakedownRequest.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_requester_gets_the_outcome_and_the_poster_a_gentle_reason(
    post, user, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = takedowns.request_takedown(post=post, email="described@example.test")
        mail.outbox.clear()
        takedowns.confirm_takedown(token=takedowns.confirmation_token(request))
    to_author = [m for m in mail.outbox if m.to == [user.email]]
    assert "asked for it to come down" in to_author[0].body
    assert "described@example.test" not in to_author[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_post(post=post, moderator=moderator, reason="It identifies someone.")
    to_requester = [m for m in mail.outbox if m.to == ["described@example.test"]]
    assert "was removed" in to_requester[0].subject
    assert request.reference in to_requester[0].body


def test_a_suspended_account_cannot_ask_for_a_takedown(client, post, other_user, moderator):
    services.suspend_author(user=other_user, period="7d", reason="Abuse.", moderator=moderator)
    client.force_login(other_user)
    response = ask(client, post, email=other_user.email)
    assert "suspended" in response.content.decode()
    assert not TakedownRequest.objects.exists()
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_the_takedown_form_needs_an_email_and_the_tick(client, post):
    response = client.post(takedown_url(post), {})
    html = response.content.decode()
    assert "Tick the box" in html
    assert not TakedownRequest.objects.exists()


def test_a_signed_in_requester_finds_their_address_filled_in(client, post, other_user):
    client.force_login(other_user)
    html = client.get(takedown_url(post)).content.decode()
    assert f'value="{other_user.email}"' in html


def test_keeping_a_reported_live_post_clears_the_queue_tells_requesters_and_protects_it(
    make_post, moderator, settings
):
    settings.BOARD_TAKEDOWNS_PER_DAY = 0  # every request is queued without hiding
    post = make_post()
    request = takedowns.request_takedown(post=post, email="one@example.test")
    takedowns.confirm_takedown(token=takedowns.confirmation_token(request))
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED and post.needs_urgent_review
    assert services.dismiss_reports(post=post, moderator=moderator, reason="Reviewed.")
    assert not services.dismiss_reports(post=post, moderator=moderator, reason="Again.")
    post.refresh_from_db()
    assert not post.needs_urgent_review
    request.refresh_from_db()
    assert request.outcome == TakedownOutcome.KEPT
    settings.BOARD_TAKEDOWNS_PER_DAY = 3
    again = takedowns.request_takedown(post=post, email="two@example.test")
    takedowns.confirm_takedown(token=takedowns.confirmation_token(again))
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_the_dismiss_action_in_the_admin_asks_for_a_reason_and_calls_the_service(
    client, make_post, moderator, make_user
):
    post = make_post()
    services.flag_post(post=post, user=make_user(), reason="minor")
    client.force_login(moderator)
    url = reverse("admin:board_post_changelist")
    client.post(
        url,
        {
            "action": "dismiss",
            "_selected_action": [post.pk],
            "apply": "1",
            "canned": "It does not identify anyone.",
        },
    )
    post.refresh_from_db()
    assert not post.needs_urgent_review
    assert post.actions.latest("id").kind == ActionKind.DISMISSED
