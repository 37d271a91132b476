"""The gazetteer: `load_places` loads every country and city once (fast, in bulk), adopts
the seed cities, keeps slugs stable, and refreshes without duplicating; migration 0012
gives existing places and posts their countries."""

import io

import pytest
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.utils.module_loading import import_string

from board.models import Area, AreaKind, Country, Post
from board.places import gazetteer

pytestmark = pytest.mark.django_db


def load(*countries) -> str:
    out = io.StringIO()
    args = [arg for code in countries for arg in ("--country", code)]
    call_command("load_places", *args, stdout=out)
    return out.getvalue()


def test_the_real_command_loads_every_country_and_city_once_and_again_adds_nothing(areas):
    """The whole gazetteer, as `make run` loads it (about 34,000 cities, in bulk)."""
    berlin = Area.objects.create(
        name="Berlin", slug="berlin", country_id="DE", geoname_id=2950159
    )  # as a seeded board has it: adopted, not duplicated
    post_area_count = Area.objects.count()
    first = load()
    cities = Area.objects.cities().filter(geoname_id__isnull=False).count()
    assert cities == len(gazetteer.cities()) > 30000
    assert Country.objects.count() == len(gazetteer.countries()) > 240
    assert Area.objects.filter(kind=AreaKind.ELSEWHERE).count() == Country.objects.count()
    assert f"Cities added: {cities - 1}" in first
    berlin.refresh_from_db()
    assert (berlin.slug, berlin.name) == ("berlin", "Berlin")
    assert berlin.population > 3_000_000
    # Names shared in a country are told apart, and their slugs are stable and unique.
    portlands = {a.qualifier: a.slug for a in Area.objects.filter(country="US", name="Portland")}
    assert portlands["Oregon"] == "portland"
    assert portlands["Maine"] == "portland-us-me"
    assert Area.objects.get(geoname_id=6058560).slug == "london-ca"  # London, Ontario
    assert "|lisboa|" in Area.objects.get(geoname_id=2267057).other_names
    before = Area.objects.count()
    Area.objects.filter(pk=berlin.pk).update(population=1, name="Berlin (edited)")
    again = load()
    assert "Cities added: 0, refreshed: 1. 'Somewhere else' places added: 0." in again
    assert Area.objects.count() == before > post_area_count
    berlin.refresh_from_db()
    assert berlin.population > 3_000_000
    assert berlin.name == "Berlin (edited)"  # an admin's name is kept


def test_one_country_can_be_loaded_alone(db):
    out = load("li")
    liechtenstein = Area.objects.cities().filter(country="LI")
    assert liechtenstein.exists()
    assert not Area.objects.cities().filter(country="DE").exists()
    assert Area.objects.get(slug="somewhere-in-li").country_code == "LI"
    assert f"Cities added: {liechtenstein.count()}" in out


def test_the_migration_gives_seed_cities_neighbourhoods_and_posts_their_country(make_post):
    """What migration 0012 does to a board that had the seed cities and posts."""
    berlin = Area.objects.create(name="Berlin", slug="berlin", kind=AreaKind.CITY)
    kreuzberg = Area.objects.create(name="Kreuzberg", slug="berlin-kreuzberg", parent=berlin)
    post = make_post(area=kreuzberg)
    Area.objects.filter(pk=kreuzberg.pk).update(country=None)  # as before 0012
    Post.objects.filter(pk=post.pk).update(country=None)
    apps = MigrationLoader(None).project_state(("board", "0012_places")).apps
    migrate = import_string("board.migrations.0012_places.give_places_countries")
    migrate(apps, None)
    berlin.refresh_from_db()
    kreuzberg.refresh_from_db()
    post.refresh_from_db()
    assert (berlin.country_code, berlin.geoname_id) == ("DE", 2950159)
    assert (kreuzberg.kind, kreuzberg.country_code) == ("neighbourhood", "DE")
    assert post.area == kreuzberg
    assert post.country_id == "DE"
