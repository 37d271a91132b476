"""Every status on every public surface: only published, unexpired posts ever show."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from board.models import Post, PostStatus

pytestmark = pytest.mark.django_db

NOT_PUBLIC = [s for s in PostStatus.values if s != PostStatus.PUBLISHED] + ["published-but-expired"]


@pytest.fixture
def trio(make_post):
    """An older and a newer post around a middle one whose status each test changes."""
    older = make_post(headline="Older neighbour post")
    middle = make_post(
        headline="Quokka sighting by the fountain",
        story="A quokka-shaped balloon drifted by the fountain and we both laughed.",
    )
    newer = make_post(headline="Newer neighbour post")
    return older, middle, newer


def make_not_public(post, status):
    if status == "published-but-expired":
        Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    else:
        Post.objects.filter(pk=post.pk).update(status=status)


def test_a_published_post_shows_everywhere(client, trio):
    older, middle, newer = trio
    assert middle.headline in client.get("/").content.decode()
    assert middle.headline in client.get("/?q=quokka").content.decode()
    assert middle.headline in client.get(reverse("board:post-feed")).content.decode()
    assert client.get(middle.get_absolute_url()).status_code == 200
    assert middle.get_absolute_url() in client.get(older.get_absolute_url()).content.decode()


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_a_post_that_is_not_public_shows_nowhere(client, trio, status):
    older, middle, newer = trio
    make_not_public(middle, status)
    assert "Quokka sighting" not in client.get("/").content.decode()
    assert "Quokka sighting" not in client.get("/?q=quokka").content.decode()
    assert "Quokka sighting" not in client.get("/?type=romantic&area=springfield").content.decode()
    assert "Quokka sighting" not in client.get(reverse("board:post-feed")).content.decode()
    assert client.get(middle.get_absolute_url()).status_code == 404
    older_page = client.get(older.get_absolute_url()).content.decode()
    assert middle.public_id not in older_page
    assert newer.get_absolute_url() in older_page
