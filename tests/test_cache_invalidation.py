"""Every write that changes what anonymous visitors see refreshes cached pages at once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from board import services
from board.models import Area, Post
from board.services import replies

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed, so after-commit hooks fire."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def page(client, url="/") -> str:
    return client.get(url).content.decode()


def test_a_new_post_shows_at_once(client, committed, make_post):
    page(client)
    post = committed(make_post, headline="Brand new encounter")
    assert post.headline in page(client)


def test_an_edit_shows_at_once_on_the_list_and_the_post(client, committed, post, tags):
    page(client)
    page(client, post.get_absolute_url())
    committed(
        services.edit_post, post=post, headline="Edited headline here", setting_tags=[tags["cafe"]]
    )
    assert "Edited headline here" in page(client)
    assert "Edited headline here" in page(client, post.get_absolute_url())


@pytest.mark.parametrize(
    "write",
    [
        lambda post, mod, user: services.remove_post(post=post, moderator=mod, reason="Rules."),
        lambda post, mod, user: services.delete_post(post=post),
        lambda post, mod, user: services.flag_post(post=post, user=user, reason="about-me"),
    ],
    ids=["removed", "deleted", "taken-down"],
)
def test_a_post_that_leaves_vanishes_at_once(client, committed, post, moderator, other_user, write):
    headline, url = post.headline, post.get_absolute_url()
    assert headline in page(client)
    assert client.get(url).status_code == 200
    committed(write, post, moderator, other_user)
    assert headline not in page(client)
    assert client.get(url).status_code == 404


def test_expiry_recorded_by_the_command_vanishes_at_once(client, committed, post):
    page(client)
    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    committed(services.expire_posts)
    assert post.headline not in page(client)


def test_marking_found_shows_the_badge_at_once(client, committed, post):
    page(client, post.get_absolute_url())
    committed(replies.mark_found, post=post)
    assert "We found each other" in page(client, post.get_absolute_url())


def test_renaming_an_area_in_the_admin_shows_at_once(
    client, django_capture_on_commit_callbacks, admin_client, post, areas
):
    page(client)
    area = areas["north"]
    data = {"name": "Northern Quarter", "slug": area.slug, "parent": area.parent_id, "order": 0}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:board_area_change", args=[area.pk]), data)
    assert Area.objects.get(pk=area.pk).name == "Northern Quarter"
    assert "Northern Quarter" in page(client)
