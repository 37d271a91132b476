"""Whole-page caching of anonymous reads, invalidated at once by a version every post write bumps.

A page is cached only for a request with no session cookie (nothing personal can be on it:
no user, no messages, no CSRF token) and only when the shared cache is not the database
(Redis in production), since the version is read on every request. Rendered pages live in
this process's memory under the current version; `bump_posts_version()` replaces the
version in the shared cache after the transaction commits, so every worker stops serving
the old pages on its next request. Pages also expire after PAGE_TTL seconds at most, or
when a post shown on them reaches its `expires_at` (see `valid_until`).

The same version keys smaller pieces for every visitor, signed in or not: rendered
fragments that are the same for everyone (`fragment`, the `{% fragment %}` template tag)
and small shared lists such as the areas (`memo`).
"""

import functools
import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

VERSION_KEY = "board:posts-version"
PAGE_TTL = 30
_pages = LocMemCache(
    "board-pages", {"TIMEOUT": PAGE_TTL, "OPTIONS": {"MAX_ENTRIES": 500, "CULL_FREQUENCY": 4}}
)


@functools.cache
def enabled() -> bool:
    """On unless BOARD_PAGE_CACHE is False, or the shared cache is the database or a dummy.

    Asked several times a request, so answered once (and again when a test changes settings).
    """
    setting = getattr(settings, "BOARD_PAGE_CACHE", None)
    if setting is not None:
        return bool(setting)
    return not isinstance(shared(), DatabaseCache | DummyCache)


@receiver(setting_changed)
def _settings_changed(setting, **kwargs) -> None:
    if setting in {"BOARD_PAGE_CACHE", "CACHES"}:
        enabled.cache_clear()


def shared():
    """The shared cache (Redis in production), where the version lives."""
    return caches["default"]


def current_version() -> str:
    version = shared().get(VERSION_KEY)
    if version is None:
        # A new random value, never a counter: a page cached under an old one cannot return.
        shared().add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = shared().get(VERSION_KEY)
    return version or ""


def bump_posts_version() -> None:
    """Call after any write that changes what a post page or list shows (once it commits)."""
    if enabled():
        transaction.on_commit(_set_new_version, robust=True)


def _set_new_version() -> None:
    shared().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


class _Pieces:
    """Rendered fragments in this process's memory: strings kept as they are (no pickling,
    unlike a cache backend), each for PAGE_TTL seconds at most, all dropped when LIMIT is
    reached. A page looks up some thirty of them, so each lookup must cost next to nothing.
    """

    LIMIT = 5000

    def __init__(self):
        self._entries: dict[tuple, tuple[str, float]] = {}

    def get_many(self, keys) -> dict:
        now = time.monotonic()
        found = {}
        for key in keys:
            entry = self._entries.get(key)
            if entry is not None and entry[1] > now:
                found[key] = entry[0]
        return found

    def set_many(self, contents: dict) -> None:
        if len(self._entries) + len(contents) > self.LIMIT:
            self._entries.clear()
        until = time.monotonic() + PAGE_TTL
        for key, content in contents.items():
            self._entries[key] = (content, until)

    def clear(self) -> None:
        self._entries.clear()


_fragments = _Pieces()
_memos: dict = {}


def clear() -> None:
    """Forget this process's pages, fragments and memos (tests)."""
    _pages.clear()
    _fragments.clear()
    _memos.clear()


def request_version(request) -> str | None:
    """The current version, read once per request; None when caching is off."""
    if not enabled():
        return None
    if not hasattr(request, "board_cache_version"):
        # A signed-in request's session brought the version along (board.sessions).
        session = getattr(request, "session", None)
        loaded = getattr(session, "board_cache_version", None)
        request.board_cache_version = loaded or current_version()
    return request.board_cache_version


def _fragment_key(version: str, parts) -> tuple:
    # repr: parts may hold lists (a multiple choice), which cannot be dictionary keys.
    return (version, repr(parts))


def fragment(request, parts, render) -> str:
    """A rendered piece of a page that is the same for everyone (a field of the filter form).

    Kept in this process's memory under the current version and `parts`; `render()` makes
    it when missing. Signed-in pages use these too: the page is still built per request.
    """
    return fragments(request, [parts], lambda indexes: [render()])[0]


def fragments(request, parts_list: list, render_missing) -> list:
    """`fragment()` for many pieces in one lookup (the cards of a page).

    `render_missing(indexes)` renders the pieces at those indexes of `parts_list`, in order.
    Without caching every piece is rendered.
    """
    version = request_version(request) if request is not None else None
    if version is None:
        return render_missing(list(range(len(parts_list))))
    keys = [_fragment_key(version, parts) for parts in parts_list]
    found = _fragments.get_many(keys)
    missing = [index for index, key in enumerate(keys) if key not in found]
    if missing:
        rendered = {
            keys[index]: content
            for index, content in zip(missing, render_missing(missing), strict=True)
        }
        _fragments.set_many(rendered)
        found.update(rendered)
    return [found[key] for key in keys]


def memo(request, name: str, load):
    """`load()` once per version in this process (small, shared data such as the areas)."""
    version = request_version(request) if request is not None else None
    if version is None:
        return load()
    key = (version, name)
    if key not in _memos:
        if len(_memos) > 50:
            _memos.clear()
        _memos[key] = load()
    return _memos[key]


def valid_until(request, moment) -> None:
    """The page being rendered must not be served from cache at or after `moment`."""
    if moment is None:
        return
    stamp = moment.timestamp()
    request.board_cache_until = min(getattr(request, "board_cache_until", stamp), stamp)


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and enabled()
    )


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
    )


def cache_anonymous_page(unless=None):
    """Decorator: serve a view's page to anonymous visitors from memory while it is current.

    `unless(request)` true means never cache that request (for example, a search).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request) or (unless and unless(request)):
                return view(request, *args, **kwargs)
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            key = f"{current_version()}:{path}"
            now = time.time()
            hit = _pages.get(key)
            if hit is not None and hit[2] > now:
                content, content_type, _ = hit
                response = HttpResponse(content, content_type=content_type)
                patch_vary_headers(response, ["Cookie"])
                return response
            response = view(request, *args, **kwargs)
            if _cacheable_response(request, response):
                until = min(now + PAGE_TTL, getattr(request, "board_cache_until", now + PAGE_TTL))
                if until > now:
                    entry = (response.content, response["Content-Type"], until)
                    _pages.set(key, entry, timeout=max(int(until - now), 1))
            return response

        return wrapper

    return decorator
