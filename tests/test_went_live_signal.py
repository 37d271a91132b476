"""`post_went_live`: sent once for every way a post becomes public, never for a held one,
and never for a decision that did not apply; what follows it waits for the commit."""

import pytest
from django.db import transaction

from board import services
from board.models import ActionKind, Post
from board.signals import post_went_live

pytestmark = pytest.mark.django_db


@pytest.fixture
def went_live():
    seen = []

    def receiver(sender, post, **kwargs):
        seen.append(post.public_id)

    post_went_live.connect(receiver)
    yield seen
    post_went_live.disconnect(receiver)


def test_a_post_published_at_once_is_announced(make_post, went_live):
    post = make_post()
    assert went_live == [post.public_id]


def test_a_held_post_is_announced_only_when_approved(make_post, moderator, went_live):
    held = make_post(story="Call me on 020 7946 0958 if it was you.")
    assert held.status == "pending" and went_live == []
    assert services.publish_post(post=held, moderator=moderator)
    assert services.publish_post(post=held, moderator=moderator) is False
    assert went_live == [held.public_id]


def test_a_hidden_post_is_announced_again_when_restored(went_live, post, moderator):
    services.hide_post(post=post, kind=ActionKind.HIDDEN, reason="Reports")
    services.restore_post(post=post, moderator=moderator)
    assert went_live == [post.public_id, post.public_id]


def test_a_rejection_is_not_announced(make_post, moderator, went_live):
    held = make_post(story="Call me on 020 7946 0958 if it was you.")
    services.reject_post(post=held, moderator=moderator, reason="Contact details")
    assert went_live == []


@transaction.atomic
def _publish_then_fail(make_post):
    make_post()
    raise RuntimeError("the request failed after publishing")


def test_receivers_that_wait_for_the_commit_run_nothing_after_a_rollback(
    make_post, django_capture_on_commit_callbacks
):
    queued = []

    def receiver(sender, post, **kwargs):
        transaction.on_commit(lambda: queued.append(post.pk))

    post_went_live.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError):
                _publish_then_fail(make_post)
            kept = make_post()
    finally:
        post_went_live.disconnect(receiver)
    assert queued == [kept.pk]
    assert Post.objects.count() == 1
