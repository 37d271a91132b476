"""What moderation needs to remember: decisions, flags, term rules, suspensions, notices."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .posts import Post


class ActionKind(models.TextChoices):
    HELD = "held", _("Held for review")
    PUBLISHED = "published", _("Published")
    APPROVED = "approved", _("Approved after review")
    REJECTED = "rejected", _("Rejected")
    REMOVED = "removed", _("Removed")
    RESTORED = "restored", _("Restored")
    HIDDEN = "hidden", _("Hidden after flags")
    TAKEDOWN = "takedown", _("Hidden on request, pending review")
    EXPIRED = "expired", _("Expired")
    RENEWED = "renewed", _("Renewed")
    EDITED = "edited", _("Edited and resubmitted")
    DELETED = "deleted", _("Deleted by its author")
    SUSPENDED = "suspended", _("Author suspended")
    DISMISSED = "dismissed", _("Reports reviewed; kept up")


class Actor(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    MODERATOR = "moderator", _("A moderator")
    AUTHOR = "author", _("The author")


# Decisions shown in the public moderation log (never the author's own actions).
PUBLIC_ACTION_KINDS = [
    ActionKind.HELD,
    ActionKind.APPROVED,
    ActionKind.REJECTED,
    ActionKind.REMOVED,
    ActionKind.RESTORED,
    ActionKind.HIDDEN,
    ActionKind.TAKEDOWN,
    ActionKind.EXPIRED,
    ActionKind.SUSPENDED,
    ActionKind.DISMISSED,
]


class ModerationActionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(kind__in=PUBLIC_ACTION_KINDS)


class ModerationAction(models.Model):
    """One recorded change: who (a moderator, automatic, or the author), what, why, when."""

    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(max_length=16, choices=ActionKind.choices)
    actor = models.CharField(max_length=12, choices=Actor.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Internal: which moderator acted. Never shown publicly.",
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActionKind.values), name="action_kind_valid"
            ),
            models.CheckConstraint(condition=Q(actor__in=Actor.values), name="action_actor_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_actor_display()})"


class FlagReason(models.TextChoices):
    IDENTIFIES = "identifies", _("It identifies a real person")
    CONTACT = "contact", _("It shares contact details")
    HARASSMENT = "harassment", _("It is harassing or stalking someone")
    SEXUAL = "sexual", _("It is sexual or a solicitation")
    MINOR = "minor", _("It involves a minor")
    SPAM = "spam", _("It is spam or advertising")
    NOT_MISSED_CONNECTION = "not-mc", _("It is not a missed connection")
    ABOUT_ME = "about-me", _("This is about me and I want it taken down")
    OTHER = "other", _("Something else (please explain)")


# Reasons that go to the top of the queue and alert the moderators at once.
URGENT_FLAG_REASONS = [FlagReason.MINOR, FlagReason.ABOUT_ME]


class Flag(models.Model):
    """A reader's report about a post. Takedown requests may come without an account."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # a report outlives the reporter's account, anonymised
        related_name="flags",
    )
    reason = models.CharField(max_length=16, choices=FlagReason.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=Q(user__isnull=False),
                name="flag_one_per_person_per_post",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=FlagReason.values), name="flag_reason_valid"
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(note=""), name="flag_other_needs_note"
            ),
        ]

    def __str__(self):
        return self.get_reason_display()


class TermAction(models.TextChoices):
    REFUSE = "refuse", _("Refuse the post")
    HOLD = "hold", _("Hold for review")
    ALLOW = "allow", _("Allow (never flag this)")


class TermRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class TermRule(models.Model):
    """A word, phrase or pattern that screening refuses, holds, or explicitly allows."""

    pattern = models.CharField(max_length=200)
    is_regex = models.BooleanField(
        default=False, help_text="Treat the pattern as a regular expression."
    )
    action = models.CharField(max_length=8, choices=TermAction.choices, default=TermAction.HOLD)
    label = models.CharField(
        max_length=120, help_text="What the poster is told, e.g. “a hookup request”."
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TermRuleQuerySet.as_manager()

    class Meta:
        ordering = ["action", "pattern"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=TermAction.values), name="term_action_valid"
            ),
        ]

    def __str__(self):
        return f"{self.pattern} → {self.get_action_display()}"


class SuspensionQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(lifted_at__isnull=True).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )


class Suspension(models.Model):
    """A period in which a person may not post or flag; `ends_at` empty means permanent."""

    # Empty once the account is deleted: the record stays, anonymised.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="suspensions"
    )
    reason = models.TextField()
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return f"Suspension until {self.ends_at or 'further notice'}"

    @property
    def appeal_url(self) -> str:
        """Where the person appeals this suspension, once, in their own words."""
        return reverse("board:appeal-suspension", args=[self.pk])


class NoticeKind(models.TextChoices):
    """What a notice is about: a moderation decision, or something in a conversation."""

    HELD = ActionKind.HELD.value, ActionKind.HELD.label
    APPROVED = ActionKind.APPROVED.value, ActionKind.APPROVED.label
    REJECTED = ActionKind.REJECTED.value, ActionKind.REJECTED.label
    REMOVED = ActionKind.REMOVED.value, ActionKind.REMOVED.label
    RESTORED = ActionKind.RESTORED.value, ActionKind.RESTORED.label
    HIDDEN = ActionKind.HIDDEN.value, ActionKind.HIDDEN.label
    TAKEDOWN = ActionKind.TAKEDOWN.value, ActionKind.TAKEDOWN.label
    EXPIRED = ActionKind.EXPIRED.value, ActionKind.EXPIRED.label
    SUSPENDED = ActionKind.SUSPENDED.value, ActionKind.SUSPENDED.label
    CONVERSATION = "conversation", _("Conversation")
    APPEAL = "appeal", _("Appeal answered")
    COMMENTS = "comments", _("New comments")
    COMMENT = "comment", _("About your comment")
    MATCH_HINT = "match_hint", _("Possible match")  # issue 19: board.services.hints


class Notification(models.Model):
    """A message to one person about their post, shown on /me/ and (usually) emailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=NoticeKind.choices)
    message = models.TextField()
    link = models.CharField(max_length=200, blank=True, help_text="Where to read more.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_user_recent")]

    def __str__(self):
        return self.message[:60]


class TakedownOutcome(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for the emailed link")
    HIDDEN = "hidden", _("Hidden pending review")
    QUEUED = "queued", _("Sent to the urgent queue without hiding")
    REMOVED = "removed", _("Removed after review")
    KEPT = "kept", _("Kept after review")


class TakedownRequest(models.Model):
    """ "This is about me": proven by an emailed one-time link before it can hide anything.

    The email address is the requester (with the account, if signed in); it is used to
    confirm the request, to cap how many posts one requester can hide a day, and to tell
    them the outcome. Never shown to the poster.
    """

    reference = models.CharField(max_length=16, unique=True, editable=False)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="takedown_requests")
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(blank=True)
    outcome = models.CharField(
        max_length=12, choices=TakedownOutcome.choices, default=TakedownOutcome.UNCONFIRMED
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "email"], name="takedown_once_per_requester"),
            models.CheckConstraint(
                condition=Q(outcome__in=TakedownOutcome.values), name="takedown_outcome_valid"
            ),
        ]
        indexes = [models.Index(fields=["email", "confirmed_at"], name="takedown_email_recent")]

    def __str__(self):
        return f"Takedown {self.reference}"
