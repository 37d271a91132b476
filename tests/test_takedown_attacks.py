"""Attacks on a post's "this is about me": the form cannot flood someone's inbox with
confirmation links, nor hide more posts a day by spelling one mailbox many ways."""

import pytest
from django.core import mail

from board.models import Post, PostStatus, TakedownOutcome, TakedownRequest
from board.services import takedowns

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_posts(make_post, make_user):
    return [make_post(author=make_user()) for _ in range(6)]


def test_takedown_links_to_one_mailbox_are_capped_per_day(
    many_posts, settings, django_capture_on_commit_callbacks
):
    """Asking, for every post on the board, to send a takedown link to someone's address (or
    its +tags, in any case) does not flood their inbox."""
    settings.BOARD_TAKEDOWN_CONFIRMATIONS_PER_DAY = 3
    spellings = ["victim@example.test", "victim+1@example.test", "VICTIM+2@example.test"]
    for n, post in enumerate(many_posts):
        with django_capture_on_commit_callbacks(execute=True):
            takedowns.request_takedown(post=post, email=spellings[n % 3])
    assert len([m for m in mail.outbox if "victim" in m.to[0].lower()]) == 3
    assert TakedownRequest.objects.count() == 3


def test_a_capped_request_answers_like_any_other(client, many_posts, settings):
    settings.BOARD_TAKEDOWN_CONFIRMATIONS_PER_DAY = 1
    pages = []
    for post in many_posts[:2]:
        response = client.post(
            f"/posts/{post.public_id}/takedown/",
            {"email": "victim@example.test", "confirm": "on", "note": "It describes me."},
        )
        pages.append((response.status_code, "Check your email" in response.content.decode()))
    assert pages == [(200, True), (200, True)]
    assert TakedownRequest.objects.count() == 1


def test_plus_addresses_of_one_mailbox_share_the_daily_hide_cap(many_posts, settings):
    """One person cannot hide more posts a day than the cap by using me+1@, me+2@..."""
    settings.BOARD_TAKEDOWNS_PER_DAY = 2
    settings.BOARD_TAKEDOWN_CONFIRMATIONS_PER_DAY = 10
    for n, post in enumerate(many_posts[:4]):
        request = takedowns.request_takedown(post=post, email=f"me+{n}@example.test")
        takedowns.confirm_takedown(token=takedowns.confirmation_token(request))
    outcomes = list(TakedownRequest.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [TakedownOutcome.HIDDEN] * 2 + [TakedownOutcome.QUEUED] * 2
    hidden = Post.objects.filter(pk__in=[p.pk for p in many_posts[:4]], status=PostStatus.HIDDEN)
    assert hidden.count() == 2
