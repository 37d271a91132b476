"""Appeals: a person asks a moderator to look again at a decision about them, once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .moderation import ModerationAction, Suspension
from .posts import Post


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Decision overturned")


class AppealQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=AppealStatus.OPEN)


class Appeal(models.Model):
    """One appeal against one decision: a post's rejection or removal, or a suspension."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    decision = models.OneToOneField(
        ModerationAction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appeal",
        help_text="The decision about a post that is appealed.",
    )
    suspension = models.OneToOneField(
        Suspension, null=True, blank=True, on_delete=models.CASCADE, related_name="appeal"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    text = models.TextField(help_text="The appellant's own words.")
    status = models.CharField(
        max_length=12, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    answer = models.TextField(blank=True, help_text="The appellant reads it.")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AppealStatus.values), name="appeal_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=True) ^ Q(suspension__isnull=True),
                name="appeal_one_decision",
            ),
        ]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(status="open"), name="appeal_open")
        ]

    def __str__(self):
        return f"Appeal against {self.original_kind} ({self.get_status_display()})"

    @property
    def original_kind(self) -> str:
        if self.suspension_id:
            return "a suspension"
        return self.decision.get_kind_display().lower()

    @property
    def original_reason(self) -> str:
        return self.suspension.reason if self.suspension_id else self.decision.reason
