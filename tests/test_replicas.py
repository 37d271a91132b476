"""Read replicas in requests: anonymous reads use one, authors read their writes, faults skip it.

The replica here is a real second database (an SQLite file) migrated like the primary but
holding none of the rows a test writes afterwards: a replica lagging behind everything.
"""

import shutil
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from board import replicas
from board.models import Post

NEW = reverse("board:post-create")
LIST = reverse("board:post-list")
ALIAS = "replica_test"


STOPPED = "replica_stopped"
# Both aliases are registered before the test case starts (Django checks the aliases a test
# may use then) and marked as mirrors, so nothing tries to flush them after a test.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", ALIAS, STOPPED])


@contextmanager
def extra_database(alias, config):
    config = {**config, "TEST": {"MIRROR": "default"}}
    connections.settings[alias] = connections.configure_settings(
        {"default": connections.settings["default"], alias: config}
    )[alias]
    try:
        yield connections[alias]
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


@pytest.fixture(scope="module", autouse=True)
def replica_file(tmp_path_factory, django_db_setup, django_db_blocker):
    """A migrated replica file; its data migrations' rows exist on the primary already.

    Also registers the stopped replica: a PostgreSQL server on a port where nothing listens.
    """
    folder = tmp_path_factory.mktemp("replica")
    template, working = folder / "template.sqlite3", folder / "replica.sqlite3"
    stopped = {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": "9",
        "NAME": "board",
        "USER": "board",
        "OPTIONS": {"connect_timeout": 1},
    }
    sqlite = {"ENGINE": "django.db.backends.sqlite3"}
    with django_db_blocker.unblock():
        with extra_database("replica_template", {**sqlite, "NAME": template}):
            call_command("migrate", database="replica_template", verbosity=0)
        with (
            extra_database(ALIAS, {**sqlite, "NAME": working}),
            extra_database(STOPPED, stopped),
        ):
            yield template


@pytest.fixture
def lagging_replica(replica_file, settings):
    settings.BOARD_PAGE_CACHE = False  # each request reads; tests of the page cache turn it on
    connection = connections[ALIAS]
    connection.close()
    shutil.copy(replica_file, connection.settings_dict["NAME"])
    replicas.forget_health()
    settings.BOARD_DATABASE_REPLICAS = [ALIAS]
    yield connection
    replicas.forget_health()


@pytest.fixture
def stopped_replica(settings):
    replicas.forget_health()
    settings.BOARD_DATABASE_REPLICAS = [STOPPED]
    yield connections[STOPPED]
    replicas.forget_health()


def test_anonymous_list_reads_go_to_the_replica(lagging_replica, make_post):
    make_post(headline="Only on the primary so far")
    with CaptureQueriesContext(lagging_replica) as on_replica:
        response = Client().get(LIST)

    assert response.status_code == 200
    assert any("board_post" in query["sql"] for query in on_replica.captured_queries)
    assert b"Only on the primary so far" not in response.content


def test_anonymous_search_reads_go_to_the_replica(lagging_replica, make_post):
    make_post(headline="Red scarf on the L train")
    with CaptureQueriesContext(lagging_replica) as on_replica:
        response = Client().get(LIST, {"q": "scarf"})

    assert response.status_code == 200
    assert len(on_replica.captured_queries) > 0
    assert b"Red scarf on the L train" not in response.content


def test_an_author_reads_their_new_post_at_once_while_others_wait_for_the_replica(
    lagging_replica, user, post_form_data
):
    author, reader = Client(), Client()
    author.force_login(user)

    response = author.post(NEW, post_form_data(headline="Crossword on the ferry"))

    assert response.status_code == 302
    assert response.cookies[replicas.STICKY_COOKIE]["max-age"] == 15
    post = Post.objects.get()
    for path in (post.get_absolute_url(), LIST):
        with CaptureQueriesContext(lagging_replica) as on_replica:
            seen_by_author = author.get(path)
        assert seen_by_author.status_code == 200
        assert b"Crossword on the ferry" in seen_by_author.content
        assert on_replica.captured_queries == []
    assert b"Crossword on the ferry" not in reader.get(LIST).content
    assert reader.get(post.get_absolute_url()).status_code == 404


def test_after_the_window_the_author_reads_from_the_replica_again(
    lagging_replica, user, post_form_data
):
    author = Client()
    author.force_login(user)
    author.post(NEW, post_form_data())
    author.cookies.pop(replicas.STICKY_COOKIE)  # the browser drops it when max-age passes

    with CaptureQueriesContext(lagging_replica) as on_replica:
        author.get(LIST)

    assert len(on_replica.captured_queries) > 0


def test_the_admin_reads_from_the_primary(lagging_replica, admin_client):
    with CaptureQueriesContext(lagging_replica) as on_replica:
        response = admin_client.get(reverse("admin:board_post_changelist"))

    assert response.status_code == 200
    assert on_replica.captured_queries == []


def test_a_stopped_replica_is_skipped_and_pages_come_from_the_primary(stopped_replica, make_post):
    make_post(headline="Still answering")
    first = Client().get(LIST)
    second = Client().get(LIST)

    assert first.status_code == second.status_code == 200
    assert b"Still answering" in first.content
    assert replicas.is_healthy(STOPPED) is False


def test_a_replica_lagging_past_the_limit_is_skipped_until_it_catches_up(
    lagging_replica, settings, monkeypatch, make_post
):
    settings.BOARD_REPLICA_CHECK_SECONDS = 0
    make_post(headline="Written a minute ago")
    monkeypatch.setattr(replicas, "replica_lag", lambda alias: 60.0)

    assert b"Written a minute ago" in Client().get(LIST).content

    monkeypatch.setattr(replicas, "replica_lag", lambda alias: 0.5)
    assert b"Written a minute ago" not in Client().get(LIST).content


def test_replica_health_is_checked_at_most_once_per_interval(lagging_replica, monkeypatch):
    checks = []
    monkeypatch.setattr(replicas, "replica_lag", lambda alias: checks.append(alias) or 0.0)

    Client().get(LIST)
    Client().get(LIST)

    assert checks == [ALIAS]


def test_a_replica_failing_during_a_request_is_answered_again_from_the_primary(
    lagging_replica, make_post
):
    make_post(headline="Served after the fault")
    lagging_replica.close()
    (lagging_replica.settings_dict["NAME"]).unlink()  # the next query finds no tables

    response = Client().get(LIST)

    assert response.status_code == 200
    assert b"Served after the fault" in response.content
    assert replicas.is_healthy(ALIAS) is False


def test_the_lag_query_runs_on_the_primary_database():
    assert replicas.replica_lag("default") == 0.0


def test_a_page_read_from_a_replica_is_cached_no_longer_than_a_replica_may_lag(
    lagging_replica, settings, monkeypatch
):
    settings.BOARD_PAGE_CACHE = True
    settings.BOARD_REPLICA_MAX_LAG_SECONDS = 5
    kept = []
    real_set = caches["local"].set
    monkeypatch.setattr(
        caches["local"],
        "set",
        lambda key, value, timeout: (
            (key.startswith("page:") and kept.append(timeout)) or real_set(key, value, timeout)
        ),
    )

    Client().get(LIST, {"type": "romantic"})

    assert len(kept) == 1
    assert 1 <= kept[0] <= 5  # seconds (the page cache's own limit is 30)
