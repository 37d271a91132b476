"""seed_demo loads areas, settings and demo posts once, and adds synthetic posts in bulk."""

import pytest
from django.core.management import call_command

from board.models import Area, ConnectionType, Post, SettingTag

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_places_and_varied_published_posts():
    call_command("seed_demo")
    assert Area.objects.filter(parent=None).count() >= 5
    assert Area.objects.exclude(parent=None).count() >= 10
    assert SettingTag.objects.count() == 15
    published = Post.objects.published()
    assert published.count() >= 40
    assert set(published.values_list("connection_type", flat=True)) == set(ConnectionType.values)
    assert published.values("area").distinct().count() >= 10


def test_seed_demo_twice_changes_nothing_and_keeps_admin_edits():
    call_command("seed_demo")
    Area.objects.filter(slug="london").update(name="Greater London")
    counts = (Area.objects.count(), SettingTag.objects.count(), Post.objects.count())
    call_command("seed_demo")
    assert (Area.objects.count(), SettingTag.objects.count(), Post.objects.count()) == counts
    assert Area.objects.get(slug="london").name == "Greater London"


def test_seed_demo_posts_option_adds_synthetic_posts_with_settings():
    call_command("seed_demo")
    before = Post.objects.count()
    call_command("seed_demo", posts=250, seed=7)
    assert Post.objects.count() == before + 250
    synthetic = Post.objects.order_by("-id")[:250]
    assert all(p.setting_tags.exists() for p in synthetic[:20])
    assert len({p.public_id for p in synthetic}) == 250
