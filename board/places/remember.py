"""The visitor's remembered place: a cookie the front page filters by, and the coping
section's crisis block reads for its country. Anonymous and cookie-only: nothing is
stored on the server, and "Show everywhere" clears it.

The value is "DE" (a country) or "DE/berlin" (a country and an area's slug), so the
country is known without a query.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict

PLACE_COOKIE = "board_place"
MAX_AGE = 365 * 24 * 3600
# The slug as the admin accepts it (Django's slug: letters, digits, "-" and "_").
VALUE = re.compile(r"^(?P<country>[A-Z]{2})(?:/(?P<slug>[-a-zA-Z0-9_]{1,80}))?$")


@dataclass(frozen=True)
class Place:
    country: str
    slug: str = ""

    @property
    def value(self) -> str:
        return f"{self.country}/{self.slug}" if self.slug else self.country

    def as_filters(self) -> QueryDict:
        """The browse filters this place stands for (`?area=berlin` or `?country=DE`)."""
        query = QueryDict(mutable=True)
        if self.slug:
            query["area"] = self.slug
        else:
            query["country"] = self.country
        return query


def parse(value: str | None) -> Place | None:
    match = VALUE.match(value or "")
    if match is None:
        return None
    return Place(country=match["country"], slug=match["slug"] or "")


def remembered(request) -> Place | None:
    """The place in the visitor's cookie, if it is well formed (unknown places are
    dropped where they are used)."""
    return parse(request.COOKIES.get(PLACE_COOKIE))


def remember(response, place: Place) -> None:
    response.set_cookie(
        PLACE_COOKIE,
        place.value,
        max_age=MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )


def forget(response) -> None:
    response.delete_cookie(PLACE_COOKIE, samesite="Lax")
