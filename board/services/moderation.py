"""Moderation decisions on posts. Each is idempotent, atomic, recorded and told to the author.

Every function returns whether anything changed, so admin actions can report counts.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from .. import cache as page_cache
from .. import notifications
from ..models import (
    ActionKind,
    Actor,
    ModerationAction,
    Post,
    PostStatus,
    TakedownOutcome,
    TakedownRequest,
)
from ..signals import post_went_live
from . import takedown_links

# Which statuses each decision may start from.
APPROVABLE = {PostStatus.PENDING, PostStatus.HIDDEN}
REJECTABLE = {PostStatus.PENDING, PostStatus.HIDDEN}
REMOVABLE = {PostStatus.PUBLISHED, PostStatus.PENDING, PostStatus.HIDDEN}
RESTORABLE = {PostStatus.REMOVED, PostStatus.REJECTED, PostStatus.HIDDEN}
APPEALABLE_KINDS = {ActionKind.REJECTED, ActionKind.REMOVED}
TELLS_TAKEDOWN_REQUESTERS = {
    ActionKind.APPROVED,
    ActionKind.RESTORED,
    ActionKind.REMOVED,
    ActionKind.REJECTED,
}


def record(*, post: Post | None, kind: str, moderator=None, reason: str = "", actor=None):
    """Write one moderation record: who (a moderator, automatic, the author), what, why."""
    if actor is None:
        actor = Actor.MODERATOR if moderator is not None else Actor.AUTOMATIC
    return ModerationAction.objects.create(
        post=post, kind=kind, actor=actor, moderator=moderator, reason=reason
    )


def _lock(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)


_random = secrets.SystemRandom()


def spread_publish_time(post: Post, now):
    """A public time for a post going live after review, drawn at random from the last
    `BOARD_PUBLISH_SPREAD_MINUTES` (never before it was written or last decided on, so its
    history stays in order): posts approved together land apart in the list, in no
    particular order, and are not each other's neighbours."""
    last_decision = post.actions.order_by("-created_at").values_list("created_at", flat=True)
    earliest = max(
        post.created_at,
        last_decision.first() or post.created_at,
        now - timedelta(minutes=settings.BOARD_PUBLISH_SPREAD_MINUTES),
    )
    if earliest >= now:
        return now
    return earliest + (now - earliest) * _random.random()


def _go_live(post: Post, now) -> None:
    post.status = PostStatus.PUBLISHED
    post.published_at = post.published_at or spread_publish_time(post, now)
    if post.expires_at is None or post.expires_at <= now:
        post.expires_at = now + timedelta(days=settings.BOARD_POST_LIFETIME_DAYS)


def _decide(post, *, allowed, to_status, kind, moderator, reason) -> bool:
    """Move a post from one of `allowed` to `to_status`, record it and tell the author."""
    with transaction.atomic():
        locked = _lock(post)
        if locked.status not in allowed:
            return False
        if to_status == PostStatus.PUBLISHED:
            _go_live(locked, timezone.now())
        else:
            locked.status = to_status
        locked.status_reason = reason
        locked.needs_urgent_review = False
        locked.reports_open_since = None
        locked.save()
        if to_status == PostStatus.PUBLISHED:
            post_went_live.send(sender=Post, post=locked)
        page_cache.bump_posts_version()
        action = record(post=locked, kind=kind, moderator=moderator, reason=reason)
        if kind == ActionKind.APPROVED and locked.published_at < action.created_at:
            # The public log lists approvals at the post's public time, not in approval order.
            ModerationAction.objects.filter(pk=action.pk).update(created_at=locked.published_at)
        appealable = moderator is not None and kind in APPEALABLE_KINDS
        link = reverse("board:appeal-decision", args=[action.pk]) if appealable else ""
        notifications.notify_author(post=locked, kind=kind, reason=reason, link=link)
        if kind in TELLS_TAKEDOWN_REQUESTERS:
            tell_takedown_outcome(post=locked, removed=to_status != PostStatus.PUBLISHED)
    post.refresh_from_db()
    return True


def tell_takedown_outcome(*, post: Post, removed: bool) -> int:
    """After a moderator's decision, email every confirmed requester still waiting."""
    waiting = TakedownRequest.objects.filter(
        post=post,
        confirmed_at__isnull=False,
        outcome__in=[TakedownOutcome.HIDDEN, TakedownOutcome.QUEUED],
    )
    outcome = TakedownOutcome.REMOVED if removed else TakedownOutcome.KEPT
    told = 0
    for request in waiting.select_for_update():
        request.outcome = outcome
        request.decided_at = timezone.now()
        request.save(update_fields=["outcome", "decided_at"])
        notifications.tell_takedown_requester(
            email=request.email,
            reference=request.reference,
            event=outcome,
            link="" if removed else takedown_links.ask_again_url(request),
        )
        told += 1
    return told


def publish_post(*, post: Post, moderator=None, reason: str = "") -> bool:
    """Approve a held or hidden post: it goes live (with a fresh lifetime if it had none)."""
    return _decide(
        post, allowed=APPROVABLE, to_status=PostStatus.PUBLISHED, kind=ActionKind.APPROVED,
        moderator=moderator, reason=reason,
    )  # fmt: skip


def reject_post(*, post: Post, moderator=None, reason: str) -> bool:
    """Decline a held or hidden post; the author may edit it and submit it again."""
    return _decide(
        post, allowed=REJECTABLE, to_status=PostStatus.REJECTED, kind=ActionKind.REJECTED,
        moderator=moderator, reason=reason,
    )  # fmt: skip


def remove_post(*, post: Post, moderator=None, reason: str) -> bool:
    """Take a post down for breaking the rules; editing cannot bring it back."""
    return _decide(
        post, allowed=REMOVABLE, to_status=PostStatus.REMOVED, kind=ActionKind.REMOVED,
        moderator=moderator, reason=reason,
    )  # fmt: skip


def restore_post(*, post: Post, moderator=None, reason: str = "") -> bool:
    """Undo a removal, rejection or hiding: the post is live again."""
    return _decide(
        post, allowed=RESTORABLE, to_status=PostStatus.PUBLISHED, kind=ActionKind.RESTORED,
        moderator=moderator, reason=reason,
    )  # fmt: skip


def open_reports(*, post: Post) -> None:
    """Count one more report against a post and, if none was open, put it in the queue."""
    now = Value(timezone.now(), output_field=DateTimeField())
    Post.objects.filter(pk=post.pk).update(
        flag_count=F("flag_count") + 1, reports_open_since=Coalesce(F("reports_open_since"), now)
    )


def mark_urgent(*, post: Post) -> bool:
    """Put a post at the top of the moderators' queue without changing what readers see."""
    changed = Post.objects.filter(pk=post.pk, needs_urgent_review=False).update(
        needs_urgent_review=True, updated_at=timezone.now()
    )
    post.refresh_from_db()
    return bool(changed)


def dismiss_reports(*, post: Post, moderator=None, reason: str = "") -> bool:
    """Reviewed a live post's reports or takedown requests and kept it up: it leaves the
    urgent queue, takedowns and flags can no longer hide it, and requesters are told."""
    with transaction.atomic():
        locked = _lock(post)
        if locked.status != PostStatus.PUBLISHED:
            return False
        waiting = TakedownRequest.objects.filter(
            post=locked, outcome__in=[TakedownOutcome.HIDDEN, TakedownOutcome.QUEUED]
        ).exists()
        last = locked.actions.filter(kind=ActionKind.DISMISSED).order_by("-created_at").first()
        flags = locked.flags.filter(created_at__gt=last.created_at) if last else locked.flags
        open_reports = locked.reports_open_since is not None or flags.exists()
        if not (locked.needs_urgent_review or waiting or open_reports):
            return False
        locked.needs_urgent_review = False
        locked.reports_open_since = None
        locked.save(update_fields=["needs_urgent_review", "reports_open_since", "updated_at"])
        record(post=locked, kind=ActionKind.DISMISSED, moderator=moderator, reason=reason)
        tell_takedown_outcome(post=locked, removed=False)
    post.refresh_from_db()
    return True


def hide_post(*, post: Post, kind: str, reason: str, urgent: bool = False) -> bool:
    """Hide a published or held post pending review (automatic, after flags or a request)."""
    with transaction.atomic():
        locked = _lock(post)
        if urgent and not locked.needs_urgent_review:
            locked.needs_urgent_review = True
            locked.save(update_fields=["needs_urgent_review", "updated_at"])
        if locked.status not in {PostStatus.PUBLISHED, PostStatus.PENDING}:
            post.refresh_from_db()
            return False
        locked.status = PostStatus.HIDDEN
        locked.status_reason = reason
        locked.save()
        page_cache.bump_posts_version()
        record(post=locked, kind=kind, reason=reason)
        notifications.notify_author(post=locked, kind=kind, reason=reason)
    post.refresh_from_db()
    return True


def expire_posts(*, now=None) -> int:
    """Record expiry of published posts past their date and tell their authors. Repeatable."""
    now = now or timezone.now()
    expired = 0
    due = Post.objects.filter(status=PostStatus.PUBLISHED, expires_at__lte=now)
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            post = Post.objects.select_for_update().get(pk=pk)
            if post.status != PostStatus.PUBLISHED or post.expires_at > now:
                continue
            post.status = PostStatus.EXPIRED
            days = settings.BOARD_POST_LIFETIME_DAYS
            post.status_reason = ngettext(
                "Posts stay listed for %(days)s day.", "Posts stay listed for %(days)s days.", days
            ) % {"days": days}
            post.save()
            page_cache.bump_posts_version()
            record(post=post, kind=ActionKind.EXPIRED, reason=post.status_reason)
            notifications.notify_author(post=post, kind=ActionKind.EXPIRED)
            expired += 1
    return expired
