"""Who the board trusts to hide a post by themselves: established accounts, reviewed posts.

An established account has a verified email address and is at least a day old
(`BOARD_ESTABLISHED_AFTER_HOURS`): cheap to check, and it makes a brigade of fresh
accounts wait a day and prove an inbox each. A post a moderator reviewed and kept is
never hidden again automatically; new reports about it go to the urgent queue.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..models import ActionKind, Post


def established_cutoff():
    return timezone.now() - timedelta(hours=settings.BOARD_ESTABLISHED_AFTER_HOURS)


def is_established(user) -> bool:
    if user is None or not user.is_authenticated or user.date_joined > established_cutoff():
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def established_users_q(prefix: str = "") -> Q:
    """A filter for rows whose `prefix` user is established (e.g. prefix="user__")."""
    return Q(**{f"{prefix}date_joined__lte": established_cutoff()}) & Q(
        **{f"{prefix}emailaddress__verified": True}
    )


def has_verified_email(user, email: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def was_kept_after_review(post: Post) -> bool:
    """A moderator restored it, kept it after reports, or approved it after it was hidden.

    (Existence, not order: approvals are recorded at their spread public time.)
    """
    kinds = set(post.actions.values_list("kind", flat=True).distinct())
    hidden = bool(kinds & {ActionKind.HIDDEN, ActionKind.TAKEDOWN})
    if kinds & {ActionKind.RESTORED, ActionKind.DISMISSED}:
        return True
    return hidden and ActionKind.APPROVED in kinds
