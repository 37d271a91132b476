"""Which database each kind of query uses: reads to a replica, everything exact to the primary."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connections, router, transaction
from django_tasks_db.models import DBTaskResult

from board.models import Area, Post
from board.routing import PRIMARY, primary, reading_from


def test_reads_outside_a_request_use_the_primary():
    assert router.db_for_read(Post) == PRIMARY


def test_reads_a_request_allowed_go_to_its_replica():
    with reading_from("replica1"):
        assert router.db_for_read(Post) == "replica1"
        assert router.db_for_read(Area) == "replica1"


def test_writes_always_go_to_the_primary():
    with reading_from("replica1"):
        assert router.db_for_write(Post) == PRIMARY


@pytest.mark.parametrize("model", [get_user_model(), Session, DBTaskResult])
def test_accounts_sessions_and_the_task_queue_are_read_from_the_primary(model):
    with reading_from("replica1"):
        assert router.db_for_read(model) == PRIMARY


def test_the_database_cache_holding_rate_limits_is_read_from_the_primary():
    from django.core.cache.backends.db import DatabaseCache

    cache = DatabaseCache("board_cache", {})
    with reading_from("replica1"):
        assert router.db_for_read(cache.cache_model_class) == PRIMARY


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_use_the_primary():
    with reading_from("replica1"), transaction.atomic():
        assert router.db_for_read(Post) == PRIMARY
        assert Post.objects.all().db == PRIMARY


def test_primary_overrides_what_the_request_allowed():
    with reading_from("replica1"), primary():
        assert router.db_for_read(Post) == PRIMARY


def test_replicas_are_never_migrated(settings):
    settings.BOARD_DATABASE_REPLICAS = ["replica1"]
    assert router.allow_migrate("replica1", "board") is False
    assert router.allow_migrate(PRIMARY, "board") is True


def test_with_no_replica_urls_no_replica_alias_exists(settings):
    assert settings.BOARD_DATABASE_REPLICAS == []
    assert list(connections.settings) == [PRIMARY]
