"""Redis as an optional part: a cache backend that fails fast, and a fallback for counters.

`RedisCache` is django-redis with a circuit breaker: after a connection error or a timeout
every call fails at once (no network wait) for `BREAKER_SECONDS`, then Redis is tried
again. With `IGNORE_EXCEPTIONS` (config/settings.py) a failed call is a cache miss, so a
page costs at most one socket timeout while Redis is frozen, not one per cache call.

Rate-limit counters (django-ratelimit's and allauth's) live in Redis and, while Redis
cannot be reached, in this process's memory: limits then hold per worker (a little
looser, never off) instead of refusing everyone (django-ratelimit's and allauth's own
behaviour on a cache error) or no one.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.exceptions import ConnectionInterrupted

BREAKER_SECONDS = 1.0
logger = logging.getLogger(__name__)


class _Breaker:
    """Wraps a django-redis client: remembers the last failure, refuses calls soon after."""

    def __init__(self, client, seconds: float, on_recovery=None):
        self._client = client
        self._seconds = seconds
        self._on_recovery = on_recovery
        self._failed_at = None
        self._lock = threading.Lock()

    def is_open(self) -> bool:
        failed_at = self._failed_at
        return failed_at is not None and time.monotonic() - failed_at < self._seconds

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if self.is_open():
                raise ConnectionInterrupted(connection=None)
            try:
                if self._failed_at is not None:  # Redis may be back: tidy up before use
                    if self._on_recovery is not None:
                        self._on_recovery(self._client)
                    logger.warning("Redis answers again")
                    self._failed_at = None
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                with self._lock:
                    if self._failed_at is None:
                        logger.warning("Redis unreachable, serving without it: %r", error.__cause__)
                    self._failed_at = time.monotonic()
                raise

        return call


class RedisCache(DjangoRedisCache):
    """django-redis, failing fast for a moment after each connection failure.

    Keys under COUNTER_PREFIXES (rate-limit counters and their locks) go to this process's
    memory while Redis fails, so a limit still holds (per worker) and a lock can still be
    taken: allauth refuses to sign anyone in when it cannot take its lock.
    """

    COUNTER_PREFIXES = ("rl:", "allauth:rl:")
    # Copies that may be stale after an outage this process saw: a session ended (signed
    # out) while Redis was frozen is still in Redis's copy when it thaws. Dropped on
    # recovery; the database holds the truth and refills them.
    STALE_AFTER_OUTAGE = ("django.contrib.sessions.cached_db*",)

    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(f"board-counters-{server}", {"TIMEOUT": None})

    def _counted(self, name: str, key, *args, **kwargs):
        try:
            return getattr(self.client, name)(key, *args, **kwargs)
        except ConnectionInterrupted:
            return getattr(self._local, name)(key, *args, **kwargs)

    def _is_counter(self, key) -> bool:
        return isinstance(key, str) and key.startswith(self.COUNTER_PREFIXES)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        if self._is_counter(key):
            return self._counted("add", key, value, timeout=timeout, version=version)
        return super().add(key, value, timeout=timeout, version=version, **kwargs)

    def get(self, key, default=None, version=None, client=None):
        if self._is_counter(key):
            return self._counted("get", key, default=default, version=version)
        return super().get(key, default=default, version=version, client=client)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        if self._is_counter(key):
            return self._counted("set", key, value, timeout=timeout, version=version)
        return super().set(key, value, timeout=timeout, version=version, **kwargs)

    def incr(self, key, delta=1, version=None, **kwargs):
        if self._is_counter(key):
            return self._counted("incr", key, delta=delta, version=version)
        return super().incr(key, delta=delta, version=version, **kwargs)

    def delete(self, key, version=None, **kwargs):
        if self._is_counter(key):
            self._local.delete(key, version=version)
            return bool(self._counted("delete", key, version=version))
        return super().delete(key, version=version, **kwargs)

    @property
    def client(self):
        if self._client is None:
            seconds = self._params.get("OPTIONS", {}).get("BREAKER_SECONDS", BREAKER_SECONDS)
            client = self._client_cls(self._server, self._params, self)
            self._client = _Breaker(client, seconds, on_recovery=self._drop_stale)
        return self._client

    def _drop_stale(self, client) -> None:
        """Before the first use after an outage (a failure here keeps the breaker open)."""
        for pattern in self.STALE_AFTER_OUTAGE:
            client.delete_pattern(pattern)

    def is_available(self) -> bool:
        """False while the breaker is open (Redis failed less than a moment ago)."""
        return not self.client.is_open()
