"""Sessions read from the shared cache (Redis), written through to the database.

Django's `cached_db` engine, with one change: loading a session also reads the posts
version (`board.cache`) in the same round trip, since a signed-in page needs both and each
read is a round trip to Redis. `board.cache.request_version` takes the version from the
request's session when it is there.
"""

from django.contrib.sessions.backends import cached_db

from . import cache


class SessionStore(cached_db.SessionStore):
    board_cache_version = None

    def load(self):
        if not (cache.enabled() and self._cache is cache.shared()):
            return super().load()
        try:
            found = self._cache.get_many([self.cache_key, cache.VERSION_KEY])
        except Exception:
            # As Django's own load: a backend may refuse a malformed key; start afresh.
            return super().load()
        self.board_cache_version = found.get(cache.VERSION_KEY)
        data = found.get(self.cache_key)
        return super().load() if data is None else data
