"""With REDIS_URL set (production): the cache, rate limits and sessions go through a real Redis.

Needs Redis on 127.0.0.1:6379 (database 15 is used and emptied). Without one these tests are
skipped, saying so; BOARD_REQUIRE_REDIS=1 (set by .ci/run) makes a missing Redis a failure.
"""

import json
import os
import socket

import pytest

from .test_security import production_env, run_manage

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis_env(tmp_path):
    if not _redis_answers():
        message = "no Redis answers on 127.0.0.1:6379"
        if os.environ.get("BOARD_REQUIRE_REDIS") == "1":
            pytest.fail(f"{message} (BOARD_REQUIRE_REDIS=1)")
        pytest.skip(message)
    env = production_env(tmp_path, REDIS_URL=REDIS_URL)
    migrated = run_manage(env, "migrate", "--noinput", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    return env


ROUND_TRIP = """
import json
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from importlib import import_module
from board import cache as page_cache
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
from board.services.privacy import end_sessions

cache.clear()
cache.set("greeting", {"hello": "world"})
cache.add("counter", 0)
cache.incr("counter")
version = page_cache.current_version()
page_cache.bump_posts_version()

user = get_user_model().objects.create_user("redis-test", "r@example.org", "a-long-password")
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session.create()
key = session.session_key
reader = SessionStore(session_key=key)
loaded = dict(reader.load())
ended = end_sessions(user_pk=user.pk)
print(json.dumps({
    "backend": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "greeting": cache.get("greeting"),
    "counter": cache.get("counter"),
    "version_changed": page_cache.current_version() != version,
    "loaded": loaded,
    "ended": ended,
    "after_end": dict(SessionStore(session_key=key).load()),
    "cached_after_end": cache.get("django.contrib.sessions.cached_db" + key),
}))
cache.clear()
"""


def test_the_cache_sessions_and_page_versions_work_through_redis(redis_env):
    result = run_manage(redis_env, "shell", "-c", ROUND_TRIP)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["backend"] == "board.redis_cache.RedisCache"
    assert values["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert values["greeting"] == {"hello": "world"}
    assert values["counter"] == 1
    assert values["version_changed"] is True
    assert values["loaded"]["_auth_user_id"]
    assert values["ended"] == 1
    assert values["after_end"] == {}, "an ended session must not come back from the cache"
    assert values["cached_after_end"] is None


def test_check_deploy_passes_with_redis(redis_env):
    result = run_manage(redis_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
