"""What every page's header needs: the signed-in person's unread counts (one query, only
when the header asks)."""

from django.db.models import Count, Q
from django.utils.functional import SimpleLazyObject

from .models import NoticeKind, Notification


def _unread_counts(user) -> dict[str, int]:
    counts = Notification.objects.filter(user=user, read_at__isnull=True).aggregate(
        inbox=Count("id", filter=Q(kind=NoticeKind.CONVERSATION)),
        total=Count("id"),
    )
    return {**counts, "notices": counts["total"] - counts["inbox"]}


def unread(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread": SimpleLazyObject(lambda: _unread_counts(user))}
