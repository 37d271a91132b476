"""Suspending authors who break the rules, and checking whether someone is suspended."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from .. import notifications
from ..models import ActionKind, Suspension
from . import moderation

SUSPENSION_PERIODS = {
    "24h": (gettext_lazy("24 hours"), timedelta(hours=24)),
    "7d": (gettext_lazy("7 days"), timedelta(days=7)),
    "30d": (gettext_lazy("30 days"), timedelta(days=30)),
    "permanent": (gettext_lazy("Permanently"), None),
}


class Suspended(Exception):
    """The person is suspended; `suspension` says until when and why."""

    def __init__(self, suspension: Suspension):
        super().__init__(suspension.reason)
        self.suspension = suspension


def set_display_name(*, user, name: str) -> bool:
    """Keep the name a person chose for themselves (or none); whether it changed."""
    name = " ".join(name.split())
    if user.first_name == name:
        return False
    user.first_name = name
    user.save(update_fields=["first_name"])
    return True


def active_suspension(user) -> Suspension | None:
    if user is None or not user.is_authenticated:
        return None
    return Suspension.objects.active().filter(user=user).order_by("-ends_at").first()


def ensure_not_suspended(user) -> None:
    suspension = active_suspension(user)
    if suspension is not None:
        raise Suspended(suspension)


@transaction.atomic
def suspend_author(*, user, period: str, reason: str, moderator) -> Suspension:
    """Stop a person posting and flagging for a period (or for good), and tell them why."""
    label, length = SUSPENSION_PERIODS[period]
    now = timezone.now()
    suspension = Suspension.objects.create(
        user=user,
        reason=reason,
        starts_at=now,
        ends_at=now + length if length else None,
        created_by=moderator,
    )
    moderation.record(post=None, kind=ActionKind.SUSPENDED, moderator=moderator, reason=reason)
    until = (
        format_lazy(
            gettext_lazy("until {date}"),
            date=f"{timezone.localtime(suspension.ends_at):%d %B %Y, %H:%M %Z}",
        )
        if suspension.ends_at
        else gettext_lazy("permanently")
    )
    notifications.notify_user(  # lazy: written in the person's language
        user=user,
        kind=ActionKind.SUSPENDED,
        subject=gettext_lazy("Your account is suspended"),
        message=format_lazy(
            gettext_lazy(
                "You cannot post, comment, reply, send messages, flag or ask for takedowns "
                "{until}. Reason: {reason} If you think this is a mistake, you can appeal "
                "once, from this notice."
            ),
            until=until,
            reason=reason,
        ),
        link=reverse("board:appeal-suspension", args=[suspension.pk]),
    )
    return suspension


@transaction.atomic
def lift_suspension(*, suspension: Suspension) -> bool:
    if suspension.lifted_at is not None:
        return False
    suspension.lifted_at = timezone.now()
    suspension.save(update_fields=["lifted_at"])
    return True
