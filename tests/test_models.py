"""Database constraints and the visibility QuerySets every page starts from."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from board.models import Post, PostStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [("connection_type", "hookup"), ("status", "limbo"), ("part_of_day", "teatime")],
)
def test_database_rejects_values_outside_the_choices(post, field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(**{field: value})


def test_database_rejects_a_published_post_without_a_publication_date(post):
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(published_at=None)


def test_public_ids_are_unique_in_the_database(make_post):
    first, second = make_post(), make_post()
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=second.pk).update(public_id=first.public_id)


@pytest.mark.parametrize("status", [s for s in PostStatus.values if s != "published"])
def test_published_leaves_out_every_other_status(post, status):
    Post.objects.filter(pk=post.pk).update(status=status)
    assert not Post.objects.published().filter(pk=post.pk).exists()


def test_published_leaves_out_expired_posts_even_if_no_job_ran(post):
    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not Post.objects.published().exists()


def test_visible_to_shows_authors_their_own_held_post_but_not_others(post, user, other_user):
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PENDING)
    assert Post.objects.visible_to(user).filter(pk=post.pk).exists()
    assert not Post.objects.visible_to(other_user).filter(pk=post.pk).exists()


def test_visible_to_hides_deleted_posts_even_from_their_author(post, user):
    Post.objects.filter(pk=post.pk).update(status=PostStatus.DELETED)
    assert not Post.objects.visible_to(user).filter(pk=post.pk).exists()


def test_visible_to_lets_moderators_see_every_status(post, moderator):
    Post.objects.filter(pk=post.pk).update(status=PostStatus.REMOVED)
    assert Post.objects.visible_to(moderator).filter(pk=post.pk).exists()


def test_staff_without_the_moderate_permission_sees_only_published(post, make_user):
    staff = make_user(is_staff=True)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PENDING)
    assert not Post.objects.visible_to(staff).filter(pk=post.pk).exists()


def test_area_names_read_as_neighbourhood_then_city(areas):
    assert str(areas["north"]) == "North Side, Springfield"
    assert str(areas["city"]) == "Springfield"
