"""Readers' flags: established readers can hide a post together; urgent reasons jump the queue.

Only established accounts (see `trust`) count towards an automatic hide, and the threshold
counts distinct accounts. "Involves a minor" (and any other urgent reason) marks the post
urgent and emails the moderators at once; it hides the post at once only when the flagger
is established. A post a moderator reviewed and kept is never hidden again by flags.
"Takedown" requests from the person described go through `takedowns`, not here.
"""

from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_lazy

from .. import notifications
from ..models import URGENT_FLAG_REASONS, ActionKind, Flag, FlagReason, Post, PostStatus
from . import moderation, trust
from .accounts import ensure_not_suspended


class AlreadyFlagged(Exception):
    """This person has already flagged this post (a double submit lands here too)."""


def _hidden_reason(post: Post) -> str:
    reasons = Counter(post.flags.values_list("reason", flat=True))
    labels = dict(FlagReason.choices)
    listed = ", ".join(
        labels[r].removeprefix("It ").removeprefix("is ") for r, _ in reasons.most_common()
    )
    return gettext("Several readers reported it (%(reasons)s).") % {"reasons": listed}


def established_flaggers(post: Post) -> int:
    """How many distinct established accounts flagged this post."""
    flags = post.flags.exclude(user=None).filter(trust.established_users_q("user__"))
    return flags.values("user").distinct().count()


@transaction.atomic
def flag_post(*, post: Post, user, reason: str, note: str = "") -> Flag:
    """Record one person's flag and apply the trust rules. Raises AlreadyFlagged on a repeat."""
    if reason not in FlagReason.values or reason == FlagReason.ABOUT_ME:
        raise ValueError(f"Not a flag reason: {reason}")
    if reason == FlagReason.OTHER and not note.strip():
        raise ValueError(gettext("A note is required when the reason is “something else”."))
    if user is None or not user.is_authenticated:
        raise ValueError("Flags need an account; takedown requests go through `takedowns`.")
    ensure_not_suspended(user)
    try:
        with transaction.atomic():
            flag, created = Flag.objects.get_or_create(
                post=post, user=user, defaults={"reason": reason, "note": note.strip()}
            )
    except IntegrityError:  # a concurrent double submit won the race
        created = False
    if not created:
        raise AlreadyFlagged
    moderation.open_reports(post=post)
    post.refresh_from_db()
    established = trust.is_established(user)
    urgent = reason in URGENT_FLAG_REASONS
    kept = trust.was_kept_after_review(post)
    if urgent:
        moderation.mark_urgent(post=post)
        notifications.alert_moderators(post=post, why=dict(FlagReason.choices)[reason])
        if established and not kept:
            why = gettext("A reader reported that it involves a minor.")
            moderation.hide_post(post=post, kind=ActionKind.TAKEDOWN, reason=why, urgent=True)
    elif (
        post.status == PostStatus.PUBLISHED
        and established_flaggers(post) >= settings.BOARD_FLAGS_TO_HIDE
    ):
        if kept:
            if moderation.mark_urgent(post=post):
                why = gettext_lazy("new reports on a post kept after review")
                notifications.alert_moderators(post=post, why=why)
        else:
            moderation.hide_post(post=post, kind=ActionKind.HIDDEN, reason=_hidden_reason(post))
    return flag
