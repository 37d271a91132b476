"""Alert emails, rendered and sent by background tasks (never inside a request).

The address is read when the email is sent (decrypted, or the account's), so no address
waits in the task queue. Every email carries a one-click unsubscribe link (also as
`List-Unsubscribe` and `List-Unsubscribe-Post` headers, RFC 8058) and a link to manage
alerts. Sending happens inside the transaction that marks the match sent, holding the row's
lock: two workers never send one match twice, and a failed send changes nothing, so the
retry sends it.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ...models import Alert, AlertMatch, Frequency, Post
from . import addresses, links
from .config import setting
from .filters import describe_alert, list_query


def recipient(alert: Alert) -> str | None:
    if alert.user_id is not None:
        return alert.user.email or None
    return addresses.decrypt(alert.email_encrypted)


def _send(alert: Alert, *, subject: str, template: str, context: dict) -> bool:
    to = recipient(alert)
    if not to:
        return False
    unsubscribe = links.unsubscribe_url(alert)
    context = {
        **context,
        "filters": describe_alert(alert),
        "unsubscribe_url": unsubscribe,
        "manage_url": links.manage_url(alert),
        "list_url": f"{settings.BOARD_SITE_URL}{reverse('board:post-list')}?{list_query(alert)}",
        "board_name": settings.BOARD_NAME,
    }
    body = render_to_string(template, context)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    message = EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [to], headers=headers
    )
    message.send()
    return True


def _with_relations(queryset):
    return queryset.select_related("user", "area__parent").prefetch_related("setting_tags")


def send_confirmation(*, alert_id: int) -> bool:
    """The link that starts an alert made with an email address (while it can still start)."""
    now = timezone.now()
    alert = _with_relations(
        Alert.objects.filter(pk=alert_id, confirmed_at__isnull=True, expires_at__gt=now)
    ).first()
    if alert is None:
        return False
    return _send(
        alert,
        subject=_("Confirm your alert for new stories"),
        template="board/alerts/email/confirm.txt",
        context={
            "confirm_url": links.confirm_url(alert),
            "hours": setting("BOARD_ALERT_CONFIRM_HOURS"),
            "days": alert.duration_days,
        },
    )


def _post_link(post: Post) -> dict:
    return {
        "headline": post.headline,
        "url": settings.BOARD_SITE_URL + post.get_absolute_url(),
        "area": str(post.area),
        "encounter_date": post.encounter_date,
    }


def send_match(*, match_id: int) -> bool:
    """Email one match of an "each match" alert, once. False if there is nothing to send."""
    with transaction.atomic():
        match = (
            AlertMatch.objects.select_for_update().filter(pk=match_id, sent_at__isnull=True).first()
        )
        if match is None:
            return False
        alert = _with_relations(Alert.objects.active().filter(pk=match.alert_id)).first()
        post = Post.objects.published().select_related("area__parent").filter(pk=match.post_id)
        post = post.first()
        if post is None:  # taken down since: sent if it comes back (matched again then)
            return False
        now = timezone.now()
        match.sent_at = now
        match.save(update_fields=["sent_at"])
        if alert is None:  # ended or unsubscribed since: never sent
            return False
        sent = _send(
            alert,
            subject=_("A new story may be about you: %(headline)s") % {"headline": post.headline},
            template="board/alerts/email/match.txt",
            context={"posts": [_post_link(post)], "expires_at": alert.expires_at},
        )
        Alert.objects.filter(pk=alert.pk).update(last_sent_at=now)
        return sent


def _due(now):
    return Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - timedelta(days=1))


def due_digests(*, now=None) -> list[int]:
    """Digest alerts with unsent matches that have had no email for a day."""
    now = now or timezone.now()
    live = Post.objects.published().filter(pk=OuterRef("post_id"))
    unsent = AlertMatch.objects.filter(Exists(live), alert_id=OuterRef("pk"), sent_at__isnull=True)
    due = Alert.objects.active(now=now).filter(
        _due(now), Exists(unsent), frequency=Frequency.DIGEST
    )
    return list(due.values_list("pk", flat=True))


def send_digest(*, alert_id: int) -> int:
    """One email listing the alert's new matches, at most once a day; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        alert = (
            Alert.objects.active(now=now)
            .select_for_update()
            .filter(_due(now), pk=alert_id, frequency=Frequency.DIGEST)
            .first()
        )
        if alert is None:
            return 0
        # Matches whose post is still live; one taken down since waits (sent if it returns).
        live = Post.objects.published().filter(pk=OuterRef("post_id"))
        unsent = AlertMatch.objects.filter(Exists(live), alert=alert, sent_at__isnull=True)
        first = unsent.select_related("post__area__parent").order_by("created_at", "pk")
        posts = [match.post for match in first[: setting("BOARD_ALERT_DIGEST_MAX_POSTS")]]
        if not posts:
            return 0
        total = unsent.count()
        AlertMatch.objects.filter(pk__in=list(unsent.values_list("pk", flat=True))).update(
            sent_at=now
        )
        alert = _with_relations(Alert.objects.filter(pk=alert.pk)).get()
        _send(
            alert,
            subject=_("New stories matching your alert"),
            template="board/alerts/email/digest.txt",
            context={
                "posts": [_post_link(post) for post in posts],
                "more": total - len(posts),
                "expires_at": alert.expires_at,
            },
        )
        Alert.objects.filter(pk=alert.pk).update(last_sent_at=now)
        return len(posts)
