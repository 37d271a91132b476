"""Which database a query uses: reads to a replica only where a request allowed it.

Safe by default: a read goes to a replica only inside `reading_from(alias)`, which
board.replicas.ReadReplicaMiddleware opens for a GET or HEAD outside the admin when the
browser has not written lately. Everything else uses the primary ("default"): every write,
every read inside a transaction, the admin, sessions, accounts and their second factors,
the task queue, the database cache (rate limits), management commands and the workers.
Exact checks (rate limits, idempotency, recognition answers) happen in POSTs, inside
transactions or in the cache, so they never read a replica.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PRIMARY = "default"

# Apps whose rows decide who someone is or what may happen next: always the primary.
PRIMARY_APPS = frozenset(
    {
        "admin",
        "auth",
        "sessions",
        "contenttypes",
        "account",
        "mfa",
        "socialaccount",
        "django_cache",  # Django's database cache: rate-limit counters, page versions
        "django_tasks_database",  # the queue (django-tasks-db): claimed FOR UPDATE SKIP LOCKED
    }
)

_replica: ContextVar[str | None] = ContextVar("board_read_replica", default=None)


@contextmanager
def reading_from(alias: str | None):
    """Within this block, reads that may be stale go to `alias` (None: the primary)."""
    token = _replica.set(alias)
    try:
        yield
    finally:
        _replica.reset(token)


def primary():
    """Within this block every read goes to the primary, whatever the request allowed."""
    return reading_from(None)


def current_replica() -> str | None:
    return _replica.get()


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        alias = _replica.get()
        if (
            alias is None
            or model._meta.app_label in PRIMARY_APPS
            or connections[PRIMARY].in_atomic_block
        ):
            return PRIMARY
        return alias

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # replicas are copies of the primary: every alias holds the same rows

    def allow_migrate(self, db, app_label, **hints) -> bool:
        # Replicas receive the schema by streaming replication, never by migrate.
        return db not in settings.BOARD_DATABASE_REPLICAS
