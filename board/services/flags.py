"""Readers' flags and takedown requests; enough of them hide a post pending review."""

from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import F

from ..models import URGENT_FLAG_REASONS, ActionKind, Flag, FlagReason, Post, PostStatus
from . import moderation
from .accounts import ensure_not_suspended


class AlreadyFlagged(Exception):
    """This person has already flagged this post."""


def _hidden_reason(post: Post) -> str:
    reasons = Counter(post.flags.values_list("reason", flat=True))
    labels = dict(FlagReason.choices)
    listed = ", ".join(
        labels[r].removeprefix("It ").removeprefix("is ") for r, _ in reasons.most_common()
    )
    return f"Several readers reported it ({listed})."


@transaction.atomic
def flag_post(*, post: Post, user, reason: str, note: str = "") -> Flag:
    """Record a flag; hide at once for urgent reasons, or when enough people flagged it.

    `user` may be None only for "this is about me" takedown requests.
    """
    if reason not in FlagReason.values:
        raise ValueError(f"Unknown flag reason: {reason}")
    if reason == FlagReason.OTHER and not note.strip():
        raise ValueError("A note is required when the reason is “something else”.")
    if user is None and reason != FlagReason.ABOUT_ME:
        raise ValueError("Only takedown requests can be made without an account.")
    if user is not None:
        ensure_not_suspended(user)
        if Flag.objects.filter(post=post, user=user).exists():
            raise AlreadyFlagged
    flag = Flag.objects.create(post=post, user=user, reason=reason, note=note.strip())
    Post.objects.filter(pk=post.pk).update(flag_count=F("flag_count") + 1)
    post.refresh_from_db()
    if reason in URGENT_FLAG_REASONS:
        why = (
            "Someone said this post is about them and asked for it to come down."
            if reason == FlagReason.ABOUT_ME
            else "A reader reported that it involves a minor."
        )
        moderation.hide_post(post=post, kind=ActionKind.TAKEDOWN, reason=why, urgent=True)
    elif post.status == PostStatus.PUBLISHED:
        flaggers = post.flags.exclude(user=None).values("user").distinct().count()
        if flaggers >= settings.BOARD_FLAGS_TO_HIDE:
            moderation.hide_post(post=post, kind=ActionKind.HIDDEN, reason=_hidden_reason(post))
    return flag
