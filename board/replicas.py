"""Read replicas for a request: which one is healthy, and the middleware that uses one.

A replica is used only while it answers and its replay lag (pg_last_xact_replay_timestamp)
stays within BOARD_REPLICA_MAX_LAG_SECONDS; each process re-checks a replica at most every
BOARD_REPLICA_CHECK_SECONDS, so a stopped or lagging replica is skipped within seconds and
used again once it is back. A safe request whose replica fails mid-way is answered again
from the primary, so a replica that stops costs no failed page.

Read-your-writes: any POST (PUT, PATCH, DELETE) sets a short cookie; while it lasts, that
browser reads from the primary on every app server. A cookie, not the session, because
anonymous people write too (takedown requests) and it needs no session write or lookup.
"""

import logging
import random
import time
from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.urls import reverse
from django.utils import timezone

from .cache.pages import valid_until
from .routing import reading_from

logger = logging.getLogger(__name__)

STICKY_COOKIE = "board_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Seconds the replica is behind: 0 when it has replayed all it received (an idle primary
# sends nothing, so the last replay time alone would look like growing lag). "<=": a
# restarted replica reports its receive position from the start of a WAL segment, behind
# what it has already replayed.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""

# alias -> (usable, when checked, on time.monotonic()); per process, shared by its threads.
_health: dict[str, tuple[bool, float]] = {}


def replica_lag(alias: str) -> float:
    """How far behind the primary this replica is, in seconds (raises if unreachable).

    The one raw statement here: PostgreSQL's replication functions have no ORM form.
    """
    connection = connections[alias]
    if connection.vendor != "postgresql":
        connection.ensure_connection()
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0] or 0)


def is_healthy(alias: str) -> bool:
    now = time.monotonic()
    known = _health.get(alias)
    if known is not None and now - known[1] < settings.BOARD_REPLICA_CHECK_SECONDS:
        return known[0]
    usable = _check(alias)
    _health[alias] = (usable, now)
    return usable


def _check(alias: str) -> bool:
    try:
        lag = replica_lag(alias)
    except DatabaseError as error:
        logger.warning("replica %s skipped: %s", alias, type(error).__name__)
        _close(alias)
        return False
    if lag > settings.BOARD_REPLICA_MAX_LAG_SECONDS:
        logger.warning("replica %s skipped: %.1f s behind", alias, lag)
        return False
    return True


def mark_down(alias: str) -> None:
    """Skip this replica until its next check is due."""
    _health[alias] = (False, time.monotonic())
    _close(alias)


def forget_health() -> None:
    _health.clear()


def choose_replica() -> str | None:
    """A healthy replica at random, or None (read from the primary)."""
    healthy = [alias for alias in settings.BOARD_DATABASE_REPLICAS if is_healthy(alias)]
    return random.choice(healthy) if healthy else None  # noqa: S311 (spreading load)


def _close(alias: str) -> None:
    with suppress(DatabaseError):
        connections[alias].close()


class ReadReplicaMiddleware:
    """Open `reading_from(replica)` around safe requests that may read stale rows."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def __call__(self, request):
        if not settings.BOARD_DATABASE_REPLICAS:
            return self.get_response(request)
        request.read_replica = self._replica_for(request)
        if request.read_replica:
            # A page read from a replica may lack the newest rows: never cache it for longer
            # than a replica may lag.
            lag = timedelta(seconds=settings.BOARD_REPLICA_MAX_LAG_SECONDS)
            valid_until(request, timezone.now() + lag)
        with reading_from(request.read_replica):
            response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.BOARD_PRIMARY_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        """A replica that failed mid-request: skip it, answer again from the primary."""
        alias = getattr(request, "read_replica", None)
        if alias is None or not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("replica %s failed during a request; answering from the primary", alias)
        mark_down(alias)
        request.read_replica = None
        with reading_from(None):
            return self.get_response(request)

    def _replica_for(self, request) -> str | None:
        if self._admin_prefix is None:
            self._admin_prefix = reverse("admin:index")
        if (
            request.method not in SAFE_METHODS
            or STICKY_COOKIE in request.COOKIES
            or request.path.startswith(self._admin_prefix)
        ):
            return None
        return choose_replica()
