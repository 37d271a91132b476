"""Appeals: once per decision, in the person's own words (screened like any text), answered
by a moderator; overturning restores the post or lifts the suspension, and the answer
reaches the appellant as a notice and an email."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import notifications, screening
from ..models import Appeal, AppealStatus, ModerationAction, NoticeKind, Suspension
from . import moderation
from .accounts import lift_suspension

APPEALABLE_KINDS = moderation.APPEALABLE_KINDS
MAX_LENGTH = 2000
HIDDEN = "[hidden by screening]"


class AppealRefused(Exception):
    """The appeal cannot be made; the message says why, in words for the person."""


def appealable_decision(*, user, decision_id: int) -> ModerationAction | None:
    """A moderator's rejection or removal of one of `user`'s posts, or None."""
    return (
        ModerationAction.objects.filter(
            pk=decision_id, kind__in=APPEALABLE_KINDS, post__author=user, moderator__isnull=False
        )
        .select_related("post")
        .first()
    )


def appealable_suspension(*, user, suspension_id: int) -> Suspension | None:
    return Suspension.objects.filter(pk=suspension_id, user=user).first()


def decision_appeal_url(action: ModerationAction) -> str:
    return reverse("board:appeal-decision", args=[action.pk])


def suspension_appeal_url(suspension: Suspension) -> str:
    return reverse("board:appeal-suspension", args=[suspension.pk])


def _screen(text: str) -> str:
    """Like any text: refused terms refuse it; identifying details and contact offers are
    masked before a moderator reads it."""
    text = text.strip()
    if not text:
        raise AppealRefused(_("Please say in your own words why the decision should change."))
    if len(text) > MAX_LENGTH:
        raise AppealRefused(
            _("Please keep your appeal under %(limit)s characters.") % {"limit": MAX_LENGTH}
        )
    findings = screening.screen_text(text, field="appeal", term_rules=screening.active_term_rules())
    if screening.should_refuse(findings):
        found = "; ".join(screening.describe(findings))
        raise AppealRefused(
            _("Your appeal could not be sent as written: %(found)s.") % {"found": found}
        )
    return screening.mask(text, findings, HIDDEN) if findings else text


def submit_appeal(*, user, text: str, decision=None, suspension=None) -> Appeal:
    """Record the one appeal against `decision` (a post's) or `suspension`."""
    if (decision is None) == (suspension is None):
        raise ValueError("Appeal exactly one decision.")
    text = _screen(text)
    existing = Appeal.objects.filter(decision=decision) if decision else None
    if suspension is not None:
        existing = Appeal.objects.filter(suspension=suspension)
    if existing.exists():
        raise AppealRefused(_("You have already appealed this decision; a moderator will answer."))
    try:
        with transaction.atomic():
            return Appeal.objects.create(
                user=user,
                decision=decision,
                suspension=suspension,
                post=decision.post if decision else None,
                text=text,
            )
    except IntegrityError as error:  # a double submit won the race
        raise AppealRefused(_("You have already appealed this decision.")) from error


def answer_appeal(*, appeal: Appeal, moderator, overturn: bool, answer: str) -> bool:
    """Uphold or overturn once; the appellant is told either way. Returns whether it changed."""
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.status != AppealStatus.OPEN:
            return False
        if overturn and locked.decision_id:
            moderation.restore_post(post=locked.decision.post, moderator=moderator, reason=answer)
        elif overturn:
            lift_suspension(suspension=locked.suspension)
        locked.status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
        locked.answer = answer
        locked.answered_by = moderator
        locked.answered_at = timezone.now()
        locked.save()
        if overturn:
            subject = gettext_lazy("Your appeal was answered: the decision was changed")
            message = gettext_lazy(
                "A moderator reviewed your appeal against {kind}: the decision was changed. "
                "{answer}"
            )
        else:
            subject = gettext_lazy("Your appeal was answered: the decision was upheld")
            message = gettext_lazy(
                "A moderator reviewed your appeal against {kind}: the decision was upheld. {answer}"
            )
        kind = lazy(lambda: locked.original_kind, str)()  # in the appellant's language
        notifications.notify_user(
            user=locked.user,
            kind=NoticeKind.APPEAL,
            subject=subject,
            message=format_lazy(message, kind=kind, answer=answer),
        )
    appeal.refresh_from_db()
    return True
