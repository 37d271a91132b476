"""Moderators' decisions on comments: approve, remove, restore, keep up. Each is atomic,
idempotent (returns whether anything changed), recorded with the moderator and reason,
and told to whoever it concerns: the commenter on a removal, the poster when a held
comment reaches them, takedown requesters on the outcome."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications
from ..models import (
    Comment,
    CommentActionKind,
    CommentMode,
    CommentStatus,
    NoticeKind,
    TakedownOutcome,
)
from .comments import record, recount

APPROVABLE = {CommentStatus.HELD, CommentStatus.HIDDEN}
REMOVABLE = {
    CommentStatus.HELD,
    CommentStatus.HIDDEN,
    CommentStatus.PUBLISHED,
    CommentStatus.AWAITING,
    CommentStatus.DECLINED,
}
RESTORABLE = {CommentStatus.REMOVED, CommentStatus.HIDDEN}
DISMISSABLE = {CommentStatus.PUBLISHED}


def _lock(comment: Comment) -> Comment:
    return Comment.objects.select_for_update().select_related("post").get(pk=comment.pk)


def _settle(locked: Comment, *, to_status: str, kind: str, moderator, reason: str, kept: bool):
    locked.status = to_status
    locked.status_reason = reason
    locked.needs_urgent_review = False
    locked.reports_open_since = None
    if kept:
        locked.kept_after_review = True
    locked.save()
    record(comment=locked, kind=kind, moderator=moderator, reason=reason)
    recount(locked.post_id)
    tell_takedown_outcome(comment=locked, removed=to_status == CommentStatus.REMOVED)


@transaction.atomic
def approve_comment(*, comment: Comment, moderator=None, reason: str = "") -> bool:
    """A held or hidden comment is fine. A held one goes to the poster if they approve
    comments first (they have not seen it yet); a hidden one was live and comes back."""
    locked = _lock(comment)
    if locked.status not in APPROVABLE:
        return False
    was_held = locked.status == CommentStatus.HELD
    waits = was_held and locked.post.comment_mode == CommentMode.HELD and not locked.by_poster
    to_status = CommentStatus.AWAITING if waits else CommentStatus.PUBLISHED
    _settle(
        locked, to_status=to_status, kind=CommentActionKind.APPROVED, moderator=moderator,
        reason=reason, kept=not was_held,
    )  # fmt: skip
    if was_held and not locked.by_poster:
        notifications.notify_new_comments(post=locked.post)
    comment.refresh_from_db()
    return True


@transaction.atomic
def remove_comment(*, comment: Comment, moderator=None, reason: str) -> bool:
    """Take a comment down for breaking the rules; its writer is told why."""
    locked = _lock(comment)
    if locked.status not in REMOVABLE:
        return False
    _settle(
        locked, to_status=CommentStatus.REMOVED, kind=CommentActionKind.REMOVED,
        moderator=moderator, reason=reason, kept=False,
    )  # fmt: skip
    if locked.author_id is not None:
        notifications.notify_user(
            user=locked.author,
            kind=NoticeKind.COMMENT,
            subject=_("Your comment was removed"),
            message=_("A moderator removed your comment on “%(headline)s”. Reason: %(reason)s")
            % {"headline": locked.post.headline, "reason": reason},
            link=locked.post.get_absolute_url(),
        )
    comment.refresh_from_db()
    return True


@transaction.atomic
def restore_comment(*, comment: Comment, moderator=None, reason: str = "") -> bool:
    """Undo a removal or a hide: the comment is live again and flags can't hide it again."""
    locked = _lock(comment)
    if locked.status not in RESTORABLE:
        return False
    _settle(
        locked, to_status=CommentStatus.PUBLISHED, kind=CommentActionKind.RESTORED,
        moderator=moderator, reason=reason, kept=True,
    )  # fmt: skip
    comment.refresh_from_db()
    return True


@transaction.atomic
def dismiss_comment_reports(*, comment: Comment, moderator=None, reason: str = "") -> bool:
    """Reviewed a live comment's reports and kept it up: it leaves the queue, and flags and
    takedowns can no longer hide it (new ones mark it urgent instead)."""
    locked = _lock(comment)
    if locked.status not in DISMISSABLE:
        return False
    if not (locked.needs_urgent_review or locked.reports_open_since is not None):
        return False
    _settle(
        locked, to_status=CommentStatus.PUBLISHED, kind=CommentActionKind.DISMISSED,
        moderator=moderator, reason=reason, kept=True,
    )  # fmt: skip
    comment.refresh_from_db()
    return True


def tell_takedown_outcome(*, comment: Comment, removed: bool) -> int:
    """Email every confirmed takedown requester still waiting on this comment."""
    waiting = comment.takedowns.filter(
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
            email=request.email, reference=request.reference, event=outcome, about="comment"
        )
        told += 1
    return told


DECISIONS = {
    "approve": (approve_comment, APPROVABLE),
    "remove": (remove_comment, REMOVABLE),
    "restore": (restore_comment, RESTORABLE),
    "dismiss": (dismiss_comment_reports, DISMISSABLE),
}
