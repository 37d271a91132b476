"""“This is about me” for a comment: the same proof as for a post (an emailed one-time
link, or a signed-in account whose verified address is the one given), the same daily
cap per requester (posts and comments together), and the same outcome: hidden pending a
moderator's review, or to the top of the queue without hiding."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .. import identifiers, notifications
from ..models import (
    Comment,
    CommentActionKind,
    CommentStatus,
    CommentTakedown,
    TakedownOutcome,
)
from . import takedowns
from .comments import alert_moderators, hide_comment, mark_urgent, open_reports

SIGNING_SALT = "board.comment-takedown-confirm"
HIDE_REASON = gettext_lazy("Someone said this comment is about them and asked for it to come down.")
InvalidTakedownLink = takedowns.InvalidTakedownLink


def _new_reference() -> str:
    for _ in range(10):
        candidate = "TC-" + identifiers.new_public_id()[:8].upper()
        if not CommentTakedown.objects.filter(reference=candidate).exists():
            return candidate
    raise RuntimeError("Could not find an unused takedown reference")


def confirmation_url(request: CommentTakedown) -> str:
    token = signing.dumps({"id": request.pk, "ref": request.reference}, salt=SIGNING_SALT)
    return settings.BOARD_SITE_URL + reverse("board:comment-takedown-confirm", args=[token])


def request_comment_takedown(
    *, comment: Comment, email: str, user=None, note: str = ""
) -> CommentTakedown:
    """Record a request for a comment and prove the requester, exactly as for a post
    (`takedowns.record_and_prove`: the same proof and the same daily caps)."""
    return takedowns.record_and_prove(
        model=CommentTakedown, lookup={"comment": comment}, email=email, user=user, note=note,
        new_reference=_new_reference, confirm=_confirm, link_for=confirmation_url,
        about="comment",
    )  # fmt: skip


def confirm_comment_takedown(*, token: str) -> CommentTakedown:
    """Open the emailed link: confirms the request once; later uses change nothing."""
    max_age = timedelta(hours=settings.BOARD_TAKEDOWN_LINK_HOURS)
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=max_age)
    except signing.BadSignature as error:
        raise InvalidTakedownLink from error
    with transaction.atomic():
        request = (
            CommentTakedown.objects.select_for_update()
            .filter(pk=data.get("id"), reference=data.get("ref"))
            .first()
        )
        if request is None:
            raise InvalidTakedownLink
        if request.confirmed_at is not None:
            return request
        return _confirm(request)


def hides_today(*, email: str, user=None) -> int:
    """Posts and comments this requester (mailbox, or account) hid in the last day: the
    +tags of one mailbox count as one requester."""
    since = timezone.now() - timedelta(days=1)
    hidden = CommentTakedown.objects.filter(confirmed_at__gte=since, outcome=TakedownOutcome.HIDDEN)
    comments = takedowns.same_mailbox(hidden.exclude(user=user) if user else hidden, email)
    if user is not None:
        comments += hidden.filter(user=user).count()
    return comments + takedowns.hides_today(email=email, user=user)


def _confirm(request: CommentTakedown) -> CommentTakedown:
    comment = Comment.objects.select_for_update().select_related("post").get(pk=request.comment_id)
    request.confirmed_at = timezone.now()
    over_cap = hides_today(email=request.email, user=request.user) >= (
        settings.BOARD_TAKEDOWNS_PER_DAY
    )
    open_reports(comment)
    hideable = comment.status in {
        CommentStatus.PUBLISHED,
        CommentStatus.AWAITING,
        CommentStatus.HELD,
    }
    if hideable and not over_cap and not comment.kept_after_review:
        hide_comment(
            comment=comment, kind=CommentActionKind.TAKEDOWN, reason=str(HIDE_REASON), urgent=True
        )
        request.outcome = TakedownOutcome.HIDDEN
    else:
        mark_urgent(comment)
        request.outcome = TakedownOutcome.QUEUED
    request.save(update_fields=["confirmed_at", "outcome"])
    alert_moderators(
        comment, why=gettext_lazy("a takedown request from the person a comment describes")
    )
    notifications.tell_takedown_requester(
        email=request.email, reference=request.reference, event=request.outcome, about="comment"
    )
    return request
