"""Kind words under a story: public comments, their flags, decisions and takedown requests.

A comment shows a pseudonym made for its thread alone (or "the poster"), the day it was
written and its text. The account is a foreign key templates never render; the order
within a day is a per-thread keyed hash of the comment's id, so nothing a visitor sees
links one person's comments across threads.
"""

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .moderation import FlagReason, TakedownOutcome
from .posts import QUEUE_ORDER, CommentMode, Post  # noqa: F401  (CommentMode: re-exported)


class CommentStatus(models.TextChoices):
    AWAITING = "awaiting", _("Waiting for the poster's approval")
    HELD = "held", _("Held for a moderator")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden pending review")
    DECLINED = "declined", _("Hidden by the poster")
    REMOVED = "removed", _("Removed by a moderator")


# What a moderator must still decide on: held or hidden comments, anything urgent, and
# comments with reports opened since the last decision; never a removed one.
NEEDS_DECISION = (
    Q(status__in=[CommentStatus.HELD, CommentStatus.HIDDEN])
    | Q(needs_urgent_review=True)
    | Q(reports_open_since__isnull=False)
) & ~Q(status=CommentStatus.REMOVED)


class CommentQuerySet(models.QuerySet):
    def published(self):
        """Comments anyone may read (on a post they may read: the caller's QuerySet)."""
        return self.filter(status=CommentStatus.PUBLISHED)

    def in_thread_order(self):
        """By day, then by a per-thread keyed hash: stable, and it says nothing of who."""
        return self.order_by("day", "order_key", "pk")

    def needing_decision(self):
        """What a moderator must still decide on (`Comment.in_queue`, kept by the database)."""
        return self.filter(in_queue=True)

    def in_queue_order(self):
        """The posts' queue order (urgent, most flagged, longest waiting): comment_queue."""
        return self.order_by(*QUEUE_ORDER)


class Comment(models.Model):
    """One comment under one post, under a pseudonym made for that thread."""

    public_id = models.CharField(
        max_length=12, unique=True, editable=False, verbose_name=_("public id")
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        verbose_name=_("author"),
    )
    author_ref = models.CharField(
        max_length=16, blank=True, db_index=True, verbose_name=_("author ref")
    )
    pseudonym = models.CharField(max_length=60, verbose_name=_("pseudonym"))
    by_poster = models.BooleanField(default=False, verbose_name=_("by poster"))
    body = models.TextField(verbose_name=_("body"))
    body_html = models.TextField(editable=False, verbose_name=_("body html"))
    status = models.CharField(
        max_length=12,
        choices=CommentStatus.choices,
        default=CommentStatus.HELD,
        verbose_name=_("status"),
    )
    status_reason = models.TextField(blank=True, verbose_name=_("status reason"))
    held_reasons = models.JSONField(default=list, blank=True, verbose_name=_("held reasons"))
    screening_findings = models.JSONField(
        default=list, blank=True, verbose_name=_("screening findings")
    )
    flag_count = models.PositiveIntegerField(default=0, verbose_name=_("flag count"))
    needs_urgent_review = models.BooleanField(default=False, verbose_name=_("needs urgent review"))
    reports_open_since = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reports open since")
    )
    kept_after_review = models.BooleanField(
        default=False,
        help_text=_("A moderator kept it: flags and takedowns no longer hide it."),
        verbose_name=_("kept after review"),
    )
    # Stored to the second for moderation; only `day` is ever rendered.
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name=_("created at")
    )
    day = models.DateField(default=timezone.localdate, verbose_name=_("day"))
    order_key = models.CharField(max_length=16, editable=False, verbose_name=_("order key"))
    poster_told_at = models.DateTimeField(null=True, blank=True, verbose_name=_("poster told at"))
    # Kept by the database from the columns above, as on Post, so the queue's partial index
    # serves it whatever changed the comment.
    in_queue = models.GeneratedField(
        expression=ExpressionWrapper(NEEDS_DECISION, output_field=models.BooleanField()),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    waiting_since = models.GeneratedField(
        expression=Coalesce("reports_open_since", "created_at"),
        output_field=models.DateTimeField(),
        db_persist=True,
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["day", "order_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommentStatus.values), name="comment_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["post", "day", "order_key"],
                condition=Q(status="published"),
                name="comment_thread_published",
            ),
            models.Index(fields=["post", "author"], name="comment_thread_author"),
            # The moderators' queue reads the waiting comments in its own order.
            models.Index(
                fields=list(QUEUE_ORDER), condition=Q(in_queue=True), name="comment_queue"
            ),
        ]

    def __str__(self):
        return gettext("Comment %(id)s") % {"id": self.public_id}


class CommentFlag(models.Model):
    """A reader's report about a comment: the same reasons as for posts."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="flags", verbose_name=_("comment")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comment_flags",
        verbose_name=_("user"),
    )
    reason = models.CharField(max_length=16, choices=FlagReason.choices, verbose_name=_("reason"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("comment flag")
        verbose_name_plural = _("comment flags")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"],
                condition=Q(user__isnull=False),
                name="comment_flag_one_per_person",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=FlagReason.values), name="comment_flag_reason_valid"
            ),
        ]

    def __str__(self):
        return self.get_reason_display()


class CommentActionKind(models.TextChoices):
    HELD = "held", _("Held for a moderator")
    AWAITING = "awaiting", _("Waiting for the poster")
    PUBLISHED = "published", _("Published")
    POSTER_APPROVED = "poster-approved", _("Approved by the poster")
    DECLINED = "declined", _("Hidden by the poster")
    APPROVED = "approved", _("Approved by a moderator")
    REMOVED = "removed", _("Removed by a moderator")
    RESTORED = "restored", _("Restored by a moderator")
    HIDDEN = "hidden", _("Hidden after flags")
    TAKEDOWN = "takedown", _("Hidden on request, pending review")
    DISMISSED = "dismissed", _("Reports reviewed; kept up")


class CommentAction(models.Model):
    """One recorded change to a comment: what, why, when, and which moderator (internal)."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="actions", verbose_name=_("comment")
    )
    kind = models.CharField(
        max_length=16, choices=CommentActionKind.choices, verbose_name=_("kind")
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("moderator"),
    )
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("comment action")
        verbose_name_plural = _("comment actions")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.get_kind_display()


class CommentTakedown(models.Model):
    """ "This is about me" for a comment: proven by the same emailed one-time link as posts."""

    reference = models.CharField(
        max_length=16, unique=True, editable=False, verbose_name=_("reference")
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="takedowns", verbose_name=_("comment")
    )
    email = models.EmailField(verbose_name=_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    note = models.TextField(blank=True, verbose_name=_("note"))
    outcome = models.CharField(
        max_length=12,
        choices=TakedownOutcome.choices,
        default=TakedownOutcome.UNCONFIRMED,
        verbose_name=_("outcome"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    class Meta:
        verbose_name = _("comment takedown")
        verbose_name_plural = _("comment takedowns")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "email"], name="comment_takedown_once_per_requester"
            ),
        ]

    def __str__(self):
        return gettext("Takedown %(reference)s") % {"reference": self.reference}
