"""Fixtures and factories shared by every test module."""

import itertools
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from board import services
from board.models import Area, AreaKind, ConnectionType, Country, PartOfDay, SettingTag

# Property tests check what is produced, not how fast: Hypothesis's 200 ms per example is a
# timing target in a unit test, and fails on a loaded machine.
hypothesis_settings.register_profile("board", deadline=None)
hypothesis_settings.load_profile("board")

# The pseudo-language of the i18n tests: fixtures `bracketed` and `content`.
pytest_plugins = ["tests.i18n_support"]

_counter = itertools.count(1)


# Production's cache configuration, with process memory standing in for Redis: every test
# renders pages the way the site does, caching included.
TEST_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.CACHES = TEST_CACHES
    for alias in TEST_CACHES:
        caches[alias].clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Most tests want a clean post to go live at once; moderation tests turn this back on.
    settings.BOARD_FIRST_POSTS_HELD = 0
    # Background tasks run at once, in the test's process (tests/test_tasks.py runs a queue).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _countries(*codes_and_names) -> None:
    """Countries come from migration 0012, but a transactional test's flush removes them."""
    for code, name in codes_and_names:
        Country.objects.get_or_create(code=code, defaults={"name": name})


@pytest.fixture
def areas(db):
    _countries(("US", "United States"))
    city = Area.objects.create(name="Springfield", slug="springfield", country_id="US")
    return {
        "city": city,
        "north": Area.objects.create(name="North Side", slug="springfield-north", parent=city),
        "south": Area.objects.create(name="South Side", slug="springfield-south", parent=city),
        "other_city": Area.objects.create(name="Shelbyville", slug="shelbyville", country_id="US"),
    }


@pytest.fixture
def world(db):
    """Berlin (with Kreuzberg), München and two Portlands; "somewhere else in Germany".

    Countries come from migration 0012 (every country the gazetteer knows)."""
    _countries(("DE", "Germany"), ("US", "United States"))
    berlin = Area.objects.create(
        name="Berlin", slug="berlin-test", country_id="DE", geoname_id=2950159, population=3e6
    )
    return {
        "berlin": berlin,
        "kreuzberg": Area.objects.create(
            name="Kreuzberg", slug="berlin-kreuzberg-test", parent=berlin
        ),
        "munich": Area.objects.create(
            name="München",
            slug="munchen-test",
            country_id="DE",
            geoname_id=2867714,
            population=1e6,
            other_names="|minga|monaco di baviera|munich|",
        ),
        "portland_or": Area.objects.create(
            name="Portland",
            slug="portland-test",
            country_id="US",
            qualifier="Oregon",
            population=6e5,
        ),
        "portland_me": Area.objects.create(
            name="Portland",
            slug="portland-us-me-test",
            country_id="US",
            qualifier="Maine",
            population=6e4,
        ),
        "elsewhere_de": Area.objects.create(
            name="Germany", slug="somewhere-in-de", kind=AreaKind.ELSEWHERE, country_id="DE"
        ),
    }


@pytest.fixture
def tags(db):
    names = ["Public transit", "Cafe", "Park", "Library or bookstore"]
    return {
        tag.slug: tag
        for tag in (
            SettingTag.objects.create(name=name, slug=name.lower().replace(" ", "-"))
            for name in names
        )
    }


@pytest.fixture
def make_user(db):
    """Factory: a user with a verified email address (allauth requires one to sign in)."""

    def make(email=None, *, password="a-long-test-password", mfa=None, established=False, **extra):
        n = next(_counter)
        email = email or f"person{n}@example.test"
        user = get_user_model().objects.create_user(
            username=extra.pop("username", f"user{n}"), email=email, password=password, **extra
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if established:  # a verified email and older than a day: their flags count
            user.date_joined = timezone.now() - timedelta(days=2)
            user.save(update_fields=["date_joined"])
        if user.is_staff if mfa is None else mfa:  # staff get a second factor unless told not
            give_authenticator(user)
        return user

    return make


def give_authenticator(user):
    """A TOTP second factor: staff need one before the admin opens (board.middleware)."""
    return TOTP.activate(user, generate_totp_secret()).instance


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's superuser (used by `admin_client`), with a second factor."""
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "password")
    give_authenticator(user)
    return user


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def other_user(make_user):
    return make_user()


@pytest.fixture
def moderator(make_user):
    """A member of the Moderators group that the migrations create."""
    mod = make_user(is_staff=True)
    mod.groups.add(Group.objects.get(name="Moderators"))
    return mod


@pytest.fixture
def mod_client(client, moderator):
    """The test client signed in as a moderator (not a superuser)."""
    client.force_login(moderator)
    return client


@pytest.fixture
def make_post(db, areas, tags, user):
    """Factory: a post submitted through the service, published unless changed after."""

    def make(author=None, **fields):
        n = next(_counter)
        data = {
            "headline": f"Green umbrella at the station {n}",
            "story": "You held the door and we both laughed at the rain. *Thank you.*",
            "connection_type": ConnectionType.ROMANTIC,
            "setting_tags": [tags["public-transit"]],
            "area": areas["north"],
            "encounter_date": timezone.localdate() - timedelta(days=2),
            "part_of_day": PartOfDay.EVENING,
        }
        data.update(fields)
        return services.submit_post(author=author or user, **data)

    return make


@pytest.fixture
def post(make_post):
    return make_post()


def form_data(areas, tags, **overrides):
    """What a person fills in on the post form, as POST data."""
    data = {
        "headline": "Yellow raincoat on the ferry",
        "connection_type": "platonic",
        "setting_tags": [tags["public-transit"].pk],
        "country": "US",
        "city": "Springfield",
        "neighbourhood": areas["north"].slug,
        "where_exactly": "Upper deck",
        "encounter_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "part_of_day": "morning",
        "story": "We traded crossword clues for the whole crossing and never swapped names.",
        "i_saw": "Yellow raincoat, pencil behind the ear",
        "i_am": "Grey beanie, terrible at anagrams",
        "recognition_question": "Which clue did we never solve?",
        "replies_enabled": "on",
        "action": "publish",
    }
    data.update(overrides)
    return data


@pytest.fixture
def post_form_data(areas, tags):
    return lambda **overrides: form_data(areas, tags, **overrides)
