"""Comments under a story: writing one, the poster's choices, and readers' flags.

Signed-in, verified, non-suspended people comment on published posts whose poster allows
it, under a pseudonym made for that thread (`identifiers.thread_pseudonym`), or as "the
poster" in their own thread. Every comment is screened like a post, plus "I know who
this is": anything found holds it for a moderator. A clean comment appears at once, or
waits for the poster's approval when the poster chose so. Flags hide a comment at the
same trust-weighted threshold as a post. Moderators' decisions are in
`comment_moderation`, takedown requests in `comment_takedowns`.
"""

from dataclasses import asdict

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import cache as page_cache
from .. import identifiers, notifications, sanitize, screening
from ..models import (
    URGENT_FLAG_REASONS,
    Comment,
    CommentAction,
    CommentActionKind,
    CommentFlag,
    CommentMode,
    CommentStatus,
    FlagReason,
    Post,
)
from ..text import clean_text
from . import quotas, trust
from .accounts import ensure_not_suspended
from .flags import AlreadyFlagged

# Comments readers can see, and those the poster may act on.
VISIBLE = CommentStatus.PUBLISHED
POSTER_CAN_APPROVE = {CommentStatus.AWAITING}
POSTER_CAN_HIDE = {CommentStatus.AWAITING, CommentStatus.PUBLISHED}


class CommentNotAllowed(Exception):
    """This person may not comment here; the message says why, kindly."""


class CommentRefused(Exception):
    """A term rule refuses the comment outright; `findings` say which."""

    def __init__(self, findings):
        super().__init__("; ".join(screening.describe(findings)))
        self.findings = findings


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def ensure_may_comment(*, post: Post, user) -> None:
    """Raise CommentNotAllowed (or Suspended) unless `user` may comment on `post` now."""
    if user is None or not user.is_authenticated:
        raise CommentNotAllowed(_("Sign in to leave a comment."))
    ensure_not_suspended(user)
    if not post.is_public or post.comment_mode == CommentMode.OFF:
        raise CommentNotAllowed(_("This post does not take comments."))
    if not has_verified_email(user):
        raise CommentNotAllowed(
            _("Confirm your email address first: we sent you a link when you signed up.")
        )


def _pseudonym_for(post: Post, author) -> str:
    """The author's pseudonym in this thread: the one they already have, else a new one
    derived from (secret, user, post), never one another commenter here has, never the
    post's own pseudonym, never one of the author's own posts' pseudonyms."""
    mine = Comment.objects.filter(post=post, author=author).exclude(pseudonym="")
    existing = mine.values_list("pseudonym", flat=True).first()
    if existing:
        return existing
    taken = set(
        Comment.objects.filter(post=post).exclude(author=author).values_list("pseudonym", flat=True)
    )
    taken.add(post.pseudonym)
    taken.update(Post.objects.filter(author=author).values_list("pseudonym", flat=True))
    for attempt in range(200):
        candidate = identifiers.thread_pseudonym(
            user_id=author.pk, post_id=post.pk, attempt=attempt
        )
        if candidate not in taken:
            return candidate
    raise RuntimeError("No free pseudonym in this thread")


def record(*, comment: Comment, kind: str, moderator=None, reason: str = "") -> CommentAction:
    return CommentAction.objects.create(
        comment=comment, kind=kind, moderator=moderator, reason=reason
    )


def recount(post_id: int) -> int:
    """Store how many comments readers can see on the post (the list card shows it) and how
    many wait for the poster; when what readers see changed, refresh cached pages."""
    counts = Comment.objects.filter(post_id=post_id).aggregate(
        published=Count("pk", filter=Q(status=CommentStatus.PUBLISHED)),
        waiting=Count("pk", filter=Q(status=CommentStatus.AWAITING)),
    )
    before = Post.objects.filter(pk=post_id).values_list("comment_count", flat=True).first()
    Post.objects.filter(pk=post_id).update(
        comment_count=counts["published"], comments_waiting=counts["waiting"]
    )
    if before != counts["published"]:
        page_cache.bump_posts_version()
    return counts["published"]


@transaction.atomic
def post_comment(*, post: Post, author, body: str) -> Comment:
    """Screen and store a comment: published, waiting for the poster, or held for a
    moderator. The same text from the same person within a minute is a double submit:
    the comment already made is returned. Raises CommentNotAllowed, CommentRefused,
    Suspended, quotas.RateLimited, or ValueError for empty or too long text."""
    body = clean_text(body or "").strip()
    if not screening.disguise.unmask(body).strip():
        raise ValueError(_("Write a few words first."))
    if len(body) > settings.BOARD_COMMENT_MAX_LENGTH:
        raise ValueError(_("A comment can be at most %(limit)s characters.") % {
            "limit": settings.BOARD_COMMENT_MAX_LENGTH
        })  # fmt: skip
    ensure_may_comment(post=post, user=author)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    ensure_may_comment(post=locked, user=author)
    mine = Comment.objects.filter(author=author)
    twin = quotas.recent_twin(mine.filter(post=locked, body=body))
    if twin is not None:
        return twin
    quotas.ensure_within(mine, (settings.BOARD_COMMENT_DAILY_RATE,))
    findings = screening.screen_comment(body)
    if screening.should_refuse(findings):
        raise CommentRefused(findings)
    by_poster = locked.author_id == author.pk
    if findings:
        status = CommentStatus.HELD
    elif by_poster or locked.comment_mode == CommentMode.ON:
        status = CommentStatus.PUBLISHED
    else:
        status = CommentStatus.AWAITING
    public_id = identifiers.unused_public_id(Comment)
    comment = Comment.objects.create(
        public_id=public_id,
        post=locked,
        author=author,
        author_ref=identifiers.author_ref(author.pk),
        pseudonym="" if by_poster else _pseudonym_for(locked, author),
        by_poster=by_poster,
        body=body,
        body_html=sanitize.render_plain_text(body),
        status=status,
        status_reason="; ".join(screening.describe(findings)),
        held_reasons=sorted({f.rule for f in findings}),
        screening_findings=[asdict(f) for f in findings],
        order_key=identifiers.thread_order_key(post_id=locked.pk, public_id=public_id),
        poster_told_at=timezone.now() if by_poster else None,
    )
    record(comment=comment, kind=status)
    if status != CommentStatus.HELD:
        recount(locked.pk)
    if not by_poster and status in (CommentStatus.PUBLISHED, CommentStatus.AWAITING):
        notifications.notify_new_comments(post=locked)
    return comment


def explain_hold(comment: Comment) -> list[str]:
    """What the commenter is told when their comment is held, kindly, one line each."""
    lines = []
    if "knows" in comment.held_reasons:
        lines.append(
            _(
                "It sounds as if you might know who this is. Thank you for wanting to help, "
                "but a public comment would point everyone at a real person. If it could be "
                "them, or you want them to see it, the private reply on this post is the "
                "way: never a public name."
            )
        )
    labels = [
        screening.label_of(f.get("rule", ""), f["label"])
        for f in comment.screening_findings
        if f.get("rule") != "knows"
    ]
    if labels:
        lines.append(
            _("It looks like it contains %(what)s. Comments may not identify anyone.")
            % {"what": ", ".join(dict.fromkeys(labels))}
        )
    return lines


# --- The poster decides --------------------------------------------------------------


def _own_comment(*, comment: Comment, poster) -> Comment | None:
    locked = Comment.objects.select_for_update().select_related("post").get(pk=comment.pk)
    if poster is None or locked.post.author_id != poster.pk:
        return None
    return locked


@transaction.atomic
def poster_approve(*, comment: Comment, poster) -> bool:
    """The poster lets a waiting comment appear. Only on their own post."""
    locked = _own_comment(comment=comment, poster=poster)
    if locked is None or locked.status not in POSTER_CAN_APPROVE:
        return False
    locked.status = CommentStatus.PUBLISHED
    locked.save(update_fields=["status"])
    record(comment=locked, kind=CommentActionKind.POSTER_APPROVED)
    recount(locked.post_id)
    comment.refresh_from_db()
    return True


@transaction.atomic
def poster_hide(*, comment: Comment, poster) -> bool:
    """The poster hides a comment on their post; no reason needed, none asked."""
    locked = _own_comment(comment=comment, poster=poster)
    if locked is None or locked.status not in POSTER_CAN_HIDE:
        return False
    locked.status = CommentStatus.DECLINED
    locked.save(update_fields=["status"])
    record(comment=locked, kind=CommentActionKind.DECLINED)
    recount(locked.post_id)
    comment.refresh_from_db()
    return True


# --- Flags ---------------------------------------------------------------------------


def open_reports(comment: Comment) -> None:
    from django.db.models import DateTimeField, F, Value
    from django.db.models.functions import Coalesce

    now = Value(timezone.now(), output_field=DateTimeField())
    Comment.objects.filter(pk=comment.pk).update(
        flag_count=F("flag_count") + 1, reports_open_since=Coalesce(F("reports_open_since"), now)
    )


def mark_urgent(comment: Comment) -> bool:
    return bool(
        Comment.objects.filter(pk=comment.pk, needs_urgent_review=False).update(
            needs_urgent_review=True
        )
    )


def hide_comment(*, comment: Comment, kind: str, reason: str, urgent: bool = False) -> bool:
    """Hide a published or held comment pending a moderator's review."""
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if urgent:
        mark_urgent(locked)
    if locked.status not in {CommentStatus.PUBLISHED, CommentStatus.AWAITING, CommentStatus.HELD}:
        return False
    Comment.objects.filter(pk=locked.pk).update(status=CommentStatus.HIDDEN, status_reason=reason)
    record(comment=locked, kind=kind, reason=reason)
    recount(locked.post_id)
    comment.refresh_from_db()
    return True


def established_flaggers(comment: Comment) -> int:
    flags = comment.flags.exclude(user=None).filter(trust.established_users_q("user__"))
    return flags.values("user").distinct().count()


def alert_moderators(comment: Comment, why: str) -> None:
    from django.urls import reverse

    url = reverse("admin:board_comment_change", args=[comment.pk])
    notifications.alert_moderators(post=comment.post, why=why, url=url)


@transaction.atomic
def flag_comment(*, comment: Comment, user, reason: str, note: str = "") -> CommentFlag:
    """One person's flag on a comment, with the same reasons and trust rules as posts.
    Raises AlreadyFlagged on a repeat."""
    if reason not in FlagReason.values or reason == FlagReason.ABOUT_ME:
        raise ValueError(f"Not a flag reason: {reason}")
    if reason == FlagReason.OTHER and not note.strip():
        raise ValueError(_("A note is required when the reason is “something else”."))
    if user is None or not user.is_authenticated:
        raise ValueError("Flags need an account; takedown requests go through takedowns.")
    ensure_not_suspended(user)
    try:
        with transaction.atomic():
            flag, created = CommentFlag.objects.get_or_create(
                comment=comment, user=user, defaults={"reason": reason, "note": note.strip()}
            )
    except IntegrityError:
        created = False
    if not created:
        raise AlreadyFlagged
    open_reports(comment)
    comment.refresh_from_db()
    established = trust.is_established(user)
    labels = dict(FlagReason.choices)
    if reason in URGENT_FLAG_REASONS:
        mark_urgent(comment)
        alert_moderators(
            comment, why=format_lazy(gettext_lazy("{reason} (a comment)"), reason=labels[reason])
        )
        if established and not comment.kept_after_review:
            why = _("A reader reported that it involves a minor.")
            hide_comment(comment=comment, kind=CommentActionKind.TAKEDOWN, reason=why)
    elif (
        comment.status == CommentStatus.PUBLISHED
        and established_flaggers(comment) >= settings.BOARD_FLAGS_TO_HIDE
    ):
        if comment.kept_after_review:
            if mark_urgent(comment):
                alert_moderators(
                    comment, why=gettext_lazy("new reports on a comment kept after review")
                )
        else:
            reasons = sorted(
                {str(labels[r]) for r in comment.flags.values_list("reason", flat=True)}
            )
            why = _("Several readers reported it (%(reasons)s).") % {"reasons": "; ".join(reasons)}
            hide_comment(comment=comment, kind=CommentActionKind.HIDDEN, reason=why)
    comment.refresh_from_db()
    return flag


# --- The poster's digest -------------------------------------------------------------


def send_comment_digests(*, now=None) -> int:
    """One email per poster about comments they have not yet been told of (those they can
    see: published or waiting for them), never one per comment. Returns emails queued."""
    now = now or timezone.now()
    due = Comment.objects.filter(
        poster_told_at__isnull=True,
        by_poster=False,
        status__in=[CommentStatus.PUBLISHED, CommentStatus.AWAITING],
        post__author__isnull=False,
    )
    rows = list(due.values_list("pk", "post_id", "post__author_id"))
    if not rows:
        return 0
    per_author: dict[int, dict[int, int]] = {}
    for _pk, post_id, author_id in rows:
        posts = per_author.setdefault(author_id, {})
        posts[post_id] = posts.get(post_id, 0) + 1
    sent = 0
    with transaction.atomic():
        Comment.objects.filter(pk__in=[row[0] for row in rows]).update(poster_told_at=now)
        posts = Post.objects.in_bulk({p for counts in per_author.values() for p in counts})
        for author_id, counts in per_author.items():
            items = [(posts[post_id], n) for post_id, n in counts.items() if post_id in posts]
            if notifications.email_comment_digest(user_id=author_id, items=items):
                sent += 1
    return sent
