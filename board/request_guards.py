"""Hostile requests get a clear 400 or 413 page, never a 500, before any view reads them.

- A body longer than BOARD_MAX_REQUEST_BYTES is refused from its Content-Length, unread.
- A path or query string holding NUL or another control character is refused: no address
  of ours has one, and PostgreSQL refuses NUL in text.
- Forms must come as UTF-8 (every form of ours does); another charset is refused, since
  decoding, say, UTF-16 as declared turns the fields into nonsense or an error.
- A malformed form body (multipart without its boundary) is refused.
- Control characters are taken out of every field of a form (board.text), so nothing
  stored can break the feed or an email; a cookie holding one is ignored.
- A number too large for the database (OverflowError on SQLite, DataError on
  PostgreSQL) that reaches a query answers 400.
"""

import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.db import DataError
from django.http import HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

from .text import clean_text, has_uncarriable

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
UTF8_NAMES = {"utf-8", "utf8", "us-ascii", "ascii"}
_CONTROL_BYTES = re.compile(rb"[\x00-\x1f\x7f]")


def _page(request, template: str, status: int) -> HttpResponse:
    return HttpResponse(render_to_string(template, request=request), status=status)


def bad_request(request) -> HttpResponse:
    return _page(request, "400.html", 400)


def _cleaned(query: QueryDict) -> QueryDict | None:
    """A copy of `query` without control characters, or None if it had none."""
    pairs = query.lists()
    if not any(has_uncarriable(key) or any(map(has_uncarriable, vals)) for key, vals in pairs):
        return None
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        if refusal is not None:
            return refusal
        return self.get_response(request)

    def refusal(self, request) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request)
        if length > settings.BOARD_MAX_REQUEST_BYTES:
            return _page(request, "413.html", 413)
        path = request.path_info.encode("utf-8", "surrogateescape")
        query = unquote_to_bytes(request.META.get("QUERY_STRING", ""))
        if _CONTROL_BYTES.search(path) or b"\x00" in query:
            return bad_request(request)
        for name in [n for n, v in request.COOKIES.items() if has_uncarriable(n + v)]:
            del request.COOKIES[name]  # e.g. a session key with NUL: as if none were sent
        if cleaned := _cleaned(request.GET):
            request.GET = cleaned
        if request.method in {"POST", "PUT", "PATCH"} and request.content_type in FORM_TYPES:
            charset = request.content_params.get("charset", "utf-8").strip().lower()
            if charset not in UTF8_NAMES:
                return bad_request(request)
            try:
                fields = request.POST
            except (MultiPartParserError, UnicodeDecodeError, ValueError):
                return bad_request(request)
            if cleaned := _cleaned(fields):
                request.POST = cleaned
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | DataError):
            return bad_request(request)
        return None
