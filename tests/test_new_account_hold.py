"""A new account's first posts are read by a moderator: it counts approved posts, so
posting and deleting unreviewed submissions earns nothing."""

import pytest

from board import services
from board.models import PostStatus

pytestmark = pytest.mark.django_db


def test_deleting_unreviewed_submissions_does_not_get_around_the_hold(
    make_post, make_user, settings
):
    settings.BOARD_FIRST_POSTS_HELD = 2
    newcomer = make_user()
    for _ in range(2):
        held = make_post(author=newcomer)
        assert held.status == PostStatus.PENDING
        services.delete_post(post=held)
    third = make_post(author=newcomer)
    assert third.status == PostStatus.PENDING


def test_after_enough_approved_posts_the_next_goes_live(make_post, make_user, moderator, settings):
    settings.BOARD_FIRST_POSTS_HELD = 2
    newcomer = make_user()
    for _ in range(2):
        services.publish_post(post=make_post(author=newcomer), moderator=moderator)
    assert make_post(author=newcomer).status == PostStatus.PUBLISHED


def test_removed_posts_are_not_experience(make_post, make_user, moderator, settings):
    settings.BOARD_FIRST_POSTS_HELD = 1
    newcomer = make_user()
    first = make_post(author=newcomer)
    services.publish_post(post=first, moderator=moderator)
    services.remove_post(post=first, moderator=moderator, reason="Rules.")
    assert make_post(author=newcomer).status == PostStatus.PENDING
