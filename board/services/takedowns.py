"""“This is about me”: the person described asks for a post to come down.

No account is needed, but nothing is hidden until the requester is proven: an emailed
one-time link (or a signed-in account whose verified address is the one given) confirms
the request. One requester (an email address, and the account if any) can hide only
`BOARD_TAKEDOWNS_PER_DAY` posts a day; past that, and for posts a moderator already
reviewed and kept, a confirmed request goes to the urgent queue without hiding. The
requester gets a reference and, once a moderator decides, the outcome by email.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .. import identifiers, notifications
from ..models import (
    ActionKind,
    CommentTakedown,
    Flag,
    FlagReason,
    Post,
    PostStatus,
    TakedownOutcome,
    TakedownRequest,
)
from . import moderation, takedown_links, trust
from .accounts import ensure_not_suspended
from .alerts.addresses import mailbox

SIGNING_SALT = "board.takedown-confirm"

HIDE_REASON = gettext_lazy("Someone said this post is about them and asked for it to come down.")


InvalidTakedownLink = takedown_links.InvalidTakedownLink


def _new_reference() -> str:
    for _ in range(10):
        candidate = "TD-" + identifiers.new_public_id()[:8].upper()
        if not TakedownRequest.objects.filter(reference=candidate).exists():
            return candidate
    raise RuntimeError("Could not find an unused takedown reference")


def confirmation_token(request: TakedownRequest) -> str:
    return signing.dumps({"id": request.pk, "ref": request.reference}, salt=SIGNING_SALT)


def confirmation_url(request: TakedownRequest) -> str:
    path = reverse("board:takedown-confirm", args=[confirmation_token(request)])
    return settings.BOARD_SITE_URL + path


def same_mailbox(rows, email: str) -> int:
    """How many of the (recent) `rows` were for the mailbox of `email`: victim+1@ and
    VICTIM@ are one inbox (`alerts.addresses.mailbox`)."""
    box = mailbox(email)
    return sum(1 for address in rows.values_list("email", flat=True) if mailbox(address) == box)


def links_sent_today(email: str) -> int:
    """Takedown links (posts and comments) emailed to this mailbox in the last day."""
    since = timezone.now() - timedelta(days=1)
    return same_mailbox(
        CommentTakedown.objects.filter(created_at__gte=since), email
    ) + same_mailbox(TakedownRequest.objects.filter(created_at__gte=since), email)


def confirmations_per_day() -> int:
    return getattr(settings, "BOARD_TAKEDOWN_CONFIRMATIONS_PER_DAY", 5)


def over_the_daily_links(*, email: str, proven: bool, exists: bool) -> bool:
    """Whether a new request for `email` would pass the daily cap on emailed links, so the
    form cannot flood someone's inbox (a proven requester is sent no link)."""
    return not proven and not exists and links_sent_today(email) >= confirmations_per_day()


def record_and_prove(
    *,
    model,
    lookup: dict,
    email: str,
    user,
    note: str,
    new_reference,
    confirm,
    link_for,
    about: str,
):
    """The steps every takedown request takes, for a post or a comment (`about`): record it
    once per thing and address, and prove the requester.

    A double submit returns the same request. A signed-in requester whose verified email
    is the one given is confirmed at once (`confirm`); anyone else is sent a one-time link
    (`link_for`), at most `BOARD_TAKEDOWN_CONFIRMATIONS_PER_DAY` a day to one mailbox (posts
    and comments together): past that nothing is recorded or sent and the answer is the
    same (an unsaved request), so typing an address reveals nothing.
    """
    email = email.strip().lower()
    if user is not None and user.is_authenticated:
        ensure_not_suspended(user)
    else:
        user = None
    proven = trust.has_verified_email(user, email)
    exists = model.objects.filter(**lookup, email=email).exists()
    if over_the_daily_links(email=email, proven=proven, exists=exists):
        return model(**lookup, email=email, reference=new_reference())
    with transaction.atomic():
        try:
            with transaction.atomic():
                request, created = model.objects.get_or_create(
                    **lookup,
                    email=email,
                    defaults={"user": user, "note": note.strip(), "reference": new_reference()},
                )
        except IntegrityError:  # a concurrent double submit won
            request, created = model.objects.get(**lookup, email=email), False
        if request.confirmed_at is not None:
            return request
        if proven:
            return confirm(request)
        if created:
            notifications.tell_takedown_requester(
                email=email,
                reference=request.reference,
                event="confirm",
                link=link_for(request),
                about=about,
            )
    return request


def request_takedown(*, post: Post, email: str, user=None, note: str = "") -> TakedownRequest:
    """Record a request for a post and prove the requester (`record_and_prove`)."""
    return record_and_prove(
        model=TakedownRequest, lookup={"post": post}, email=email, user=user, note=note,
        new_reference=_new_reference, confirm=_confirm, link_for=confirmation_url, about="post",
    )  # fmt: skip


def confirm_takedown(*, token: str) -> TakedownRequest:
    """Open the emailed link: confirms the request once; later uses change nothing."""
    max_age = timedelta(hours=settings.BOARD_TAKEDOWN_LINK_HOURS)
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=max_age)
    except signing.BadSignature as error:
        raise InvalidTakedownLink from error
    with transaction.atomic():
        request = (
            TakedownRequest.objects.select_for_update()
            .filter(pk=data.get("id"), reference=data.get("ref"))
            .first()
        )
        if request is None:
            raise InvalidTakedownLink
        if request.confirmed_at is not None:
            return request
        return _confirm(request)


def hides_today(*, email: str, user=None) -> int:
    """Posts this requester (mailbox, or account) has hidden in the last day: the +tags of
    one mailbox count as one requester."""
    since = timezone.now() - timedelta(days=1)
    hidden = TakedownRequest.objects.filter(confirmed_at__gte=since, outcome=TakedownOutcome.HIDDEN)
    posts = same_mailbox(hidden.exclude(user=user) if user else hidden, email)
    if user is not None:
        posts += hidden.filter(user=user).count()
    return posts


def _confirm(request: TakedownRequest) -> TakedownRequest:
    """Hide the post if this requester still may; otherwise put it at the top of the queue."""
    post = Post.objects.select_for_update().get(pk=request.post_id)
    request.confirmed_at = timezone.now()
    over_cap = hides_today(email=request.email, user=request.user) >= (
        settings.BOARD_TAKEDOWNS_PER_DAY
    )
    Flag.objects.create(post=post, user=None, reason=FlagReason.ABOUT_ME, note=request.note)
    moderation.open_reports(post=post)
    hideable = post.status in {PostStatus.PUBLISHED, PostStatus.PENDING}
    if hideable and not over_cap and not trust.was_kept_after_review(post):
        moderation.hide_post(
            post=post, kind=ActionKind.TAKEDOWN, reason=str(HIDE_REASON), urgent=True
        )
        request.outcome = TakedownOutcome.HIDDEN
    else:
        moderation.mark_urgent(post=post)
        request.outcome = TakedownOutcome.QUEUED
    request.save(update_fields=["confirmed_at", "outcome"])
    notifications.alert_moderators(
        post=post, why=gettext_lazy("a takedown request from the person described")
    )
    notifications.tell_takedown_requester(
        email=request.email, reference=request.reference, event=request.outcome
    )
    return request


def ask_again(*, token: str, note: str) -> TakedownRequest:
    """A requester whose takedown was refused asks again with more detail: once per refusal,
    back to the top of the queue with their new words, and the moderators alerted."""
    note = note.strip()
    if not note:
        raise ValueError("Asking again needs more detail.")
    with transaction.atomic():
        request = TakedownRequest.objects.select_for_update().get(
            pk=takedown_links.request_for_again(token=token).pk
        )
        if request.outcome != TakedownOutcome.KEPT:
            return request  # already asked again (or never refused): nothing more to do
        post = Post.objects.select_for_update().get(pk=request.post_id)
        Flag.objects.create(post=post, user=None, reason=FlagReason.ABOUT_ME, note=note)
        moderation.open_reports(post=post)
        moderation.mark_urgent(post=post)
        request.note = f"{request.note}\n\nAsked again: {note}".strip()
        request.outcome = TakedownOutcome.QUEUED
        request.decided_at = None
        request.save(update_fields=["note", "outcome", "decided_at"])
        notifications.alert_moderators(
            post=post, why=gettext_lazy("a refused takedown request, asked again")
        )
        notifications.tell_takedown_requester(
            email=request.email, reference=request.reference, event=request.outcome
        )
    return request
