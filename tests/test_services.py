"""Submitting, editing and deleting posts through the service layer."""

import pytest

from board import services
from board.models import Post, PostStatus

pytestmark = pytest.mark.django_db


def test_submit_publishes_with_cleaned_html_expiry_and_settings(post, tags):
    assert post.status == PostStatus.PUBLISHED
    assert post.published_at is not None and post.expires_at > post.published_at
    assert "<em>Thank you.</em>" in post.story_html
    assert list(post.setting_tags.all()) == [tags["public-transit"]]


def test_each_post_gets_its_own_public_id_and_pseudonym(make_post, user):
    posts = [make_post(author=user) for _ in range(12)]
    assert len({p.public_id for p in posts}) == 12
    assert len({p.pseudonym for p in posts}) > 1
    assert all(len(p.public_id) == 10 and p.public_id.isalnum() for p in posts)


def test_slug_comes_from_the_headline(make_post):
    assert make_post(headline="Red scarf, L train!").slug == "red-scarf-l-train"


def test_edit_rerenders_story_and_updates_slug_and_settings(post, tags):
    changed = services.edit_post(
        post=post,
        headline="Blue scarf instead",
        story="Now **bold**",
        setting_tags=[tags["cafe"], tags["park"]],
    )
    post.refresh_from_db()
    assert changed is True
    assert post.slug == "blue-scarf-instead"
    assert "<strong>bold</strong>" in post.story_html
    assert {t.slug for t in post.setting_tags.all()} == {"cafe", "park"}


def test_edit_without_changes_reports_nothing_changed(post):
    assert (
        services.edit_post(post=post, headline=post.headline, setting_tags=post.setting_tags.all())
        is False
    )


def test_edit_refuses_fields_that_are_not_editable(post):
    with pytest.raises(TypeError):
        services.edit_post(post=post, setting_tags=[], status="published")


def test_delete_erases_text_and_is_idempotent(post):
    assert services.delete_post(post=post) is True
    post.refresh_from_db()
    assert post.status == PostStatus.DELETED
    assert post.headline == post.story == post.story_html == ""
    assert not post.setting_tags.exists()
    assert services.delete_post(post=post) is False
    assert not Post.objects.published().exists()
