"""The posts version: one random value in the shared cache that every post write replaces.

Everything cached from posts (whole pages, cards, the filter form's choices) is keyed by
it, so a write makes all of it unreachable at once, in every process. A random value,
never a counter: a page kept under an old version cannot come back.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import transaction
from django.utils.functional import SimpleLazyObject

VERSION_KEY = "board:posts-version"
logger = logging.getLogger(__name__)


def current_version() -> str:
    """The shared version; "" when the shared cache does not answer (then nothing is kept)."""
    shared = caches["default"]
    try:
        version = shared.get(VERSION_KEY)
        if version is None:
            shared.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = shared.get(VERSION_KEY)
    except Exception:  # any backend's connection error: serve uncached rather than fail
        logger.warning("the shared cache did not answer; serving without cache", exc_info=True)
        return ""
    return version or ""


def bump_posts_version() -> None:
    """Call in the transaction of any write that changes what a list or post page shows.

    The version changes at once (so this process, and a test inside one transaction, sees
    the change) and again after the commit, so that nothing another process rendered from
    the data before the commit survives under the first new version.
    """
    _set_new_version()
    transaction.on_commit(_set_new_version, robust=True)


def _set_new_version() -> None:
    try:
        caches["default"].set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("the shared cache did not answer; the posts version is unchanged")


class PostsVersionMiddleware:
    """Puts the posts version on the request as `request.posts_version`, read from the
    shared cache at most once, and only by a request that uses it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.posts_version = SimpleLazyObject(current_version)
        return self.get_response(request)
