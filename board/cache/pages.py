"""Whole pages for anonymous visitors, kept in the "local" cache under the posts version.

A page is kept only for a GET with no session cookie (nothing personal can be on it: no
user, no messages, no CSRF token), only while the posts version is known, and for
PAGE_TTL seconds at most, or until a post shown on it expires (`valid_until`).
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

PAGE_TTL = 30


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
        and settings.BOARD_PAGE_CACHE
    )


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
    )


def cache_anonymous_page(unless=None, vary_cookies=()):
    """Decorator: serve a view's page to anonymous visitors from cache while it is current.

    `unless(request)` true means never cache that request (for example, a search).
    `vary_cookies`: cookies the page depends on (a remembered place): their values are
    part of the key, so one visitor's page is never served to another.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request) or (unless and unless(request)):
                return view(request, *args, **kwargs)
            version = str(request.posts_version)
            if not version:
                return view(request, *args, **kwargs)
            # repr keeps the address and each cookie apart, so no cookie value can make the
            # key of another address.
            varying = [request.COOKIES.get(name, "") for name in vary_cookies]
            path = hashlib.sha256(repr([request.get_full_path(), *varying]).encode()).hexdigest()
            key = f"page:{version}:{path}"
            pages = caches["local"]
            now = time.time()
            hit = pages.get(key)
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
                    pages.set(key, entry, timeout=max(int(until - now), 1))
            return response

        return wrapper

    return decorator
