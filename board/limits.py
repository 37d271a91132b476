"""Rate limits shared by every worker (the cache is Redis or the database), via django-ratelimit.

A limit is checked before an action and counted only once the action succeeded, so
previews and forms with mistakes never use up anyone's allowance.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage, is_ratelimited

# name -> (ratelimit key, setting names holding the rates). Posting and replying quotas are
# counted from the database in their services (board/services/quotas.py), not here.
LIMITS = {
    "flag": ("user", ("BOARD_FLAG_DAILY_RATE",)),
    "takedown": ("ip", ("BOARD_FLAG_DAILY_RATE",)),
}


@dataclass(frozen=True)
class Limited:
    seconds_left: int

    @property
    def wait_text(self) -> str:
        minutes = max(1, round(self.seconds_left / 60))
        if minutes < 90:
            return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        hours = round(minutes / 60)
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def _usages(request, name: str, *, increment: bool):
    key, rate_settings = LIMITS[name]
    for setting in rate_settings:
        usage = get_usage(
            request,
            group=f"board.{name}.{setting}",
            key=key,
            rate=getattr(settings, setting),
            increment=increment,
        )
        if usage is not None:
            yield usage


def check(request, name: str) -> Limited | None:
    """Whether one more `name` action would go over a limit, and for how long."""
    waits = [
        u["time_left"] for u in _usages(request, name, increment=False) if u["count"] >= u["limit"]
    ]
    return Limited(seconds_left=max(waits)) if waits else None


def hit(request, name: str) -> None:
    """Count one successful `name` action."""
    for _ in _usages(request, name, increment=True):
        pass


def search_is_limited(request) -> bool:
    """Whether an anonymous visitor has searched too often (BOARD_SEARCH_RATE, default 60/m),
    counting this search. Keyed by IP address, which is only hashed into a cache key."""
    rate = getattr(settings, "BOARD_SEARCH_RATE", "60/m")
    if not rate or request.user.is_authenticated:
        return False
    return is_ratelimited(request, group="board-search", key="ip", rate=rate, increment=True)
