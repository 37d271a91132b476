"""One person's writes, one at a time: the account row lock, repeat detection and quotas.

A write that creates something (a post, a reply, a message) first locks its author's
user row, so two submissions from one person are decided one after the other: the second
sees the first. That makes a double submit return what the first made (`recent_twin`)
and makes a quota (`ensure_within`) exact, counted from the rows themselves in the same
transaction: no check-then-count window, no cache that can be down.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

# Two identical submissions this close together are one submission sent twice.
REPEAT_SECONDS = 60
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass
class RateLimited(Exception):
    """Over a quota; `seconds_left` until one more is allowed."""

    seconds_left: int

    def __str__(self) -> str:
        return f"Over the limit for another {self.seconds_left} seconds."


def parse_rate(rate: str) -> tuple[int, int]:
    """'5/d' -> (5, 86400); '1/10m' -> (1, 600), as django-ratelimit writes rates."""
    count, _, period = rate.partition("/")
    number = period.rstrip("smhd") or "1"
    return int(count), int(number) * _UNITS[period[-1]]


def lock_author(user) -> None:
    """Serialise this person's writes until the transaction ends (a no-op lock on SQLite,
    whose writes are serialised by its IMMEDIATE transactions)."""
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))


def recent_twin(queryset, *, field: str = "created_at"):
    """The newest row of `queryset` made in the last REPEAT_SECONDS, or None."""
    since = timezone.now() - timedelta(seconds=REPEAT_SECONDS)
    return queryset.filter(**{f"{field}__gte": since}).order_by(f"-{field}").first()


def ensure_within(queryset, rates, *, field: str = "created_at") -> None:
    """Raise RateLimited if one more row in `queryset` would pass any of `rates`.

    RATELIMIT_ENABLE = False (django-ratelimit's switch) turns these off with the others.
    """
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return
    now = timezone.now()
    for rate in rates:
        if not rate:
            continue
        limit, seconds = parse_rate(rate)
        window = queryset.filter(**{f"{field}__gt": now - timedelta(seconds=seconds)})
        made = list(window.order_by(field).values_list(field, flat=True)[:limit])
        if len(made) >= limit:
            left = made[0] + timedelta(seconds=seconds) - now
            raise RateLimited(seconds_left=max(1, int(left.total_seconds())))
