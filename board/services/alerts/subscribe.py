"""Making, confirming, renewing and ending alerts. Idempotent: a double submit makes one alert.

Limits (config.py) stop an alert form from mail-bombing anyone: a cap on the alerts one
account or address holds, a daily rate of new ones, and a daily cap on confirmation emails
to one address, counted from rows in the database (exact, no cache needed). The per-IP rate
is checked by the view, which knows the request.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import Alert, AlertConfirmationSent, Frequency
from ..quotas import ensure_within, lock_author
from . import addresses
from .config import setting
from .filters import AlertFilters


class AlertRefused(Exception):
    """The alert cannot be made; the message says why, in words for the person."""


@dataclass(frozen=True)
class Outcome:
    alert: Alert | None
    created: bool
    needs_confirmation: bool = False


def _days(days: int) -> int:
    if days not in setting("BOARD_ALERT_DAYS") or days > 90:
        raise AlertRefused(_("Choose how long the alert should last."))
    return days


def _held(queryset, now):
    """Alerts that count towards the per-owner cap: running, or waiting for confirmation."""
    return queryset.filter(expires_at__gt=now)


def _ensure_room(queryset, now) -> None:
    if _held(queryset, now).count() >= setting("BOARD_ALERTS_PER_OWNER"):
        raise AlertRefused(
            _(
                "You already have %(count)s alerts, the most one person can have. Delete or let "
                "one end before making another."
            )
            % {"count": setting("BOARD_ALERTS_PER_OWNER")}
        )


def _save(alert: Alert, filters: AlertFilters) -> Alert:
    alert.query = filters.query
    alert.words_tsquery = filters.words_tsquery
    alert.connection_type = filters.connection_type
    alert.area = filters.area
    alert.any_setting = not filters.setting_tags
    alert.date_from, alert.date_to = filters.date_from, filters.date_to
    alert.filters_key = filters.key
    alert.key = secrets.token_urlsafe(16)
    alert.save()
    if filters.setting_tags:
        alert.setting_tags.set(filters.setting_tags)
    return alert


@transaction.atomic
def create_alert_for_user(*, user, filters: AlertFilters, frequency: str, days: int) -> Outcome:
    """An alert for a signed-in person (mail goes to their account's address): active at once.

    The same filters again renew and update the alert they already have.
    """
    days = _days(days)
    lock_author(user)
    now = timezone.now()
    mine = Alert.objects.filter(user=user)
    twin = _held(mine, now).filter(filters_key=filters.key).first()
    if twin is not None:
        twin.frequency, twin.duration_days = frequency, days
        twin.expires_at = now + timedelta(days=days)
        twin.save(update_fields=["frequency", "duration_days", "expires_at"])
        return Outcome(twin, created=False)
    _ensure_room(mine, now)
    ensure_within(mine, [setting("BOARD_ALERT_DAILY_RATE")])
    alert = Alert(
        user=user,
        frequency=frequency,
        duration_days=days,
        created_at=now,
        confirmed_at=now,
        expires_at=now + timedelta(days=days),
    )
    return Outcome(_save(alert, filters), created=True)


@transaction.atomic
def create_alert_for_address(*, email: str, filters: AlertFilters, frequency: str, days: int):
    """An alert for an email address: it waits for the link we email to be followed.

    The answer is the same whether or not the address already has alerts (nobody learns
    anything about an address by typing it). Asking again for the same filters sends the
    link again, within the daily cap of confirmation emails.
    """
    days = _days(days)
    email_hash = addresses.email_hash(email)
    now = timezone.now()
    theirs = Alert.objects.for_address(email_hash)
    twin = _held(theirs, now).filter(filters_key=filters.key).first()
    if twin is not None and twin.is_confirmed:
        return Outcome(twin, created=False)
    inbox = addresses.mailbox_hash(email)
    _ensure_confirmation_allowed(inbox)
    if twin is None:
        _ensure_room(theirs, now)
        ensure_within(theirs, [setting("BOARD_ALERT_DAILY_RATE")])
        twin = _save(
            Alert(
                email_encrypted=addresses.encrypt(email),
                email_hash=email_hash,
                frequency=frequency,
                duration_days=days,
                created_at=now,
                expires_at=now + timedelta(hours=setting("BOARD_ALERT_CONFIRM_HOURS")),
            ),
            filters,
        )
        created = True
    else:
        twin.frequency, twin.duration_days = frequency, days
        twin.save(update_fields=["frequency", "duration_days"])
        created = False
    AlertConfirmationSent.objects.create(email_hash=inbox, sent_at=now)
    return Outcome(twin, created=created, needs_confirmation=True)


def _ensure_confirmation_allowed(inbox: str) -> None:
    """Counted per mailbox (`addresses.mailbox_hash`), so that victim+1@, victim+2@ and a
    full-width spelling of the domain share one cap."""
    cap = setting("BOARD_ALERT_CONFIRMATIONS_PER_DAY")
    sent = AlertConfirmationSent.objects.filter(email_hash=inbox)
    ensure_within(sent, [f"{cap}/d"], field="sent_at")


def confirm_alert(*, key: str) -> Alert | None:
    """Start the alert the link names; None if it is gone (expired unconfirmed, or deleted).

    Following the link twice is harmless: the second time changes nothing.
    """
    now = timezone.now()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(key=key).first()
        if alert is None or alert.is_confirmed:
            return alert
        if alert.expires_at <= now:
            return None
        alert.confirmed_at = now
        alert.expires_at = now + timedelta(days=alert.duration_days)
        alert.save(update_fields=["confirmed_at", "expires_at"])
        return alert


def renew_alert(*, alert: Alert, days: int) -> bool:
    """Run the alert for `days` more from now (at most 90). False for an unconfirmed alert."""
    days = _days(days)
    if not alert.is_confirmed:
        return False
    alert.duration_days = days
    alert.expires_at = timezone.now() + timedelta(days=days)
    alert.save(update_fields=["duration_days", "expires_at"])
    return True


def change_frequency(*, alert: Alert, frequency: str) -> bool:
    if frequency not in Frequency.values or frequency == alert.frequency:
        return False
    alert.frequency = frequency
    alert.save(update_fields=["frequency"])
    return True


def delete_alert(*, alert: Alert) -> bool:
    """Delete the alert, its address and its matches."""
    return Alert.objects.filter(pk=alert.pk).delete()[0] > 0


def unsubscribe(*, key: str) -> bool:
    """The one-click unsubscribe: delete the alert the link names. False if already gone."""
    return Alert.objects.filter(key=key).delete()[0] > 0


def prune_alerts(*, now=None) -> int:
    """Delete unconfirmed alerts past their link, alerts expired longer than the grace
    period, and confirmation records older than a day. Returns how many alerts went."""
    now = now or timezone.now()
    grace = now - timedelta(days=setting("BOARD_ALERT_KEEP_EXPIRED_DAYS"))
    stale = Q(confirmed_at__isnull=True, expires_at__lte=now) | Q(expires_at__lte=grace)
    deleted = Alert.objects.filter(stale).delete()[1].get(Alert._meta.label, 0)
    AlertConfirmationSent.objects.filter(sent_at__lte=now - timedelta(days=1)).delete()
    return deleted


def alerts_for_account(user):
    """The account's alerts, and those made without an account at its verified addresses."""
    emails = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    hashes = [addresses.email_hash(email) for email in emails]
    return Alert.objects.filter(Q(user=user) | Q(user__isnull=True, email_hash__in=hashes))


def filters_for_moment(post) -> AlertFilters:
    """The filters of the post form's "also tell me if someone posts about this moment": the
    post's city, type and settings, and an encounter date within a day of the post's."""
    city = post.area.parent if post.area.parent_id else post.area
    day = post.encounter_date
    return AlertFilters.build(
        connection_type=post.connection_type,
        area=city,
        setting_tags=list(post.setting_tags.all()),
        date_from=day - timedelta(days=1),
        date_to=day + timedelta(days=1),
    )


def follow_moment(*, user, post, days: int = 30) -> Outcome:
    """The post form's checkbox: an "each match" alert for the author about their moment."""
    return create_alert_for_user(
        user=user, filters=filters_for_moment(post), frequency=Frequency.EACH, days=days
    )
