"""Alerts: "email me when a new story matches", kept as the cleaned filters of a list page.

Filters are columns (a nullable area, a type, dates, a settings M2M with an `any_setting`
shortcut), so one new post finds the alerts it may match through indexes, not a loop over
all of them. An alert belongs to an account (its email is looked up when mail is sent) or
to an email address, stored only encrypted (`email_encrypted`) beside a keyed hash
(`email_hash`) for lookups and limits: a dump of the table shows neither in the clear.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .posts import Area, ConnectionType, SettingTag


class Frequency(models.TextChoices):
    EACH = "each", _("An email for each new story")
    DIGEST = "digest", _("At most one email a day")


class AlertQuerySet(models.QuerySet):
    def active(self, *, now=None):
        """Confirmed and not past their end: the only alerts that are ever matched or mailed."""
        now = now or timezone.now()
        return self.filter(confirmed_at__isnull=False, expires_at__gt=now)

    def owned_by(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def for_address(self, email_hash: str):
        """Alerts made with an email address (no account), by the address's keyed hash."""
        if not email_hash:
            return self.none()
        return self.filter(user__isnull=True, email_hash=email_hash)


class Alert(models.Model):
    # Who is told: an account, or an address nobody can read back without the key.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alerts",
    )
    email_encrypted = models.TextField(blank=True, editable=False)
    email_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    # A random key for links (unsubscribe, confirm): never the sequential id.
    key = models.CharField(max_length=32, unique=True, editable=False)

    # The filters, as the list page cleaned them.
    query = models.CharField(max_length=200, blank=True)
    # The words as to_tsquery text. On PostgreSQL the migration adds `words_query`, the same
    # parsed once into a stored tsquery (a generated column, not a model field), for matching.
    words_tsquery = models.TextField(blank=True, editable=False)
    connection_type = models.CharField(max_length=16, choices=ConnectionType.choices, blank=True)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    setting_tags = models.ManyToManyField(SettingTag, blank=True, related_name="alerts")
    any_setting = models.BooleanField(default=True)
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    filters_key = models.CharField(max_length=64, editable=False)

    frequency = models.CharField(max_length=8, choices=Frequency.choices, default=Frequency.DIGEST)
    duration_days = models.PositiveSmallIntegerField(default=30)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    last_sent_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(email_hash=""))
                | (Q(user__isnull=True) & ~Q(email_hash="") & ~Q(email_encrypted="")),
                name="alert_account_or_address",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="alert_frequency_valid"
            ),
            models.CheckConstraint(
                condition=Q(duration_days__gte=1) & Q(duration_days__lte=90),
                name="alert_duration_at_most_90_days",
            ),
        ]
        indexes = [
            # Matching: the alerts of the post's area, its city, or anywhere, still running.
            models.Index(
                fields=["area", "connection_type"],
                condition=Q(confirmed_at__isnull=False),
                name="alert_match_area_type",
            ),
            models.Index(fields=["expires_at"], name="alert_expiry"),
            models.Index(fields=["user", "filters_key"], name="alert_owner_filters"),
        ]

    def __str__(self):
        return f"Alert {self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_active(self) -> bool:
        return self.is_confirmed and self.expires_at > timezone.now()


class AlertMatch(models.Model):
    """A post that matched an alert: recorded once, so a retry or a restore never mails twice."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="matches")
    post = models.ForeignKey("board.Post", on_delete=models.CASCADE, related_name="alert_matches")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "post"], name="alert_match_once"),
        ]
        indexes = [
            models.Index(
                fields=["alert", "created_at"],
                condition=Q(sent_at__isnull=True),
                name="alert_match_unsent",
            ),
        ]

    def __str__(self):
        return f"Alert {self.alert_id} matched post {self.post_id}"


class AlertConfirmationSent(models.Model):
    """One confirmation email sent to a mailbox (by `addresses.mailbox_hash`): the daily cap
    counts these."""

    email_hash = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["email_hash", "sent_at"], name="alert_confirm_sent")]

    def __str__(self):
        return f"Confirmation sent {self.sent_at:%Y-%m-%d %H:%M}"
