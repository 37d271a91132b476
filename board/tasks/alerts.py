"""Alerts' background work (docs/alerts.md): a post that goes live is matched against the
alerts by a worker after the commit; "each match" alerts get one email per match, digests at
most one a day (queued by `run_periodic`); expired alerts are pruned.

Tasks carry ids only: addresses are read (decrypted) when an email is sent. Emails are in
the site's language: an alert does not record its requester's (docs/i18n.md, "Email"). A
failed task is recorded and queued again later (board.outbox's retry, growing delays).
"""

from django.db import transaction

try:  # Django 6: the framework is built in.
    from django.tasks import task
except ImportError:  # Django 5.2: the backport, same API.
    from django_tasks import task

from .. import outbox
from ..services import alerts as alert_services
from ..services.alerts.config import setting as alert_setting


def queue_alert_matching(sender, post, **kwargs) -> None:
    """`post_went_live` receiver (connected in apps.py): match the post once it commits."""
    transaction.on_commit(lambda: match_alerts.enqueue(post_id=post.pk), robust=True)


def queue_alert_confirmation(alert_id: int) -> None:
    """Email the confirmation link once the request's transaction commits."""
    transaction.on_commit(lambda: send_alert_confirmation.enqueue(alert_id=alert_id), robust=True)


@task()
def match_alerts(*, post_id: int, attempt: int = 1) -> int:
    """Record which alerts a new post matches; queue the emails of "each match" alerts."""
    try:
        to_send = alert_services.match_post(post_id=post_id)
    except Exception:
        outbox._retry_later(match_alerts, {"post_id": post_id}, attempt)
        raise
    for match_id in to_send:
        send_alert_match.enqueue(match_id=match_id)
    return len(to_send)


@task()
def send_alert_match(*, match_id: int, attempt: int = 1) -> bool:
    try:
        with outbox.in_language_of(None):  # docs/i18n.md, "Email"
            return alert_services.send_match(match_id=match_id)
    except Exception:
        outbox._retry_later(send_alert_match, {"match_id": match_id}, attempt)
        raise


@task()
def send_alert_confirmation(*, alert_id: int, attempt: int = 1) -> bool:
    try:
        with outbox.in_language_of(None):  # docs/i18n.md, "Email"
            return alert_services.send_confirmation(alert_id=alert_id)
    except Exception:
        outbox._retry_later(send_alert_confirmation, {"alert_id": alert_id}, attempt)
        raise


@task()
def send_alert_digest(*, alert_id: int, attempt: int = 1) -> int:
    try:
        with outbox.in_language_of(None):  # docs/i18n.md, "Email"
            return alert_services.send_digest(alert_id=alert_id)
    except Exception:
        outbox._retry_later(send_alert_digest, {"alert_id": alert_id}, attempt)
        raise


@task()
def send_alert_digests() -> int:
    """Queue one digest for each alert that is due one (periodic)."""
    due = alert_services.due_digests()
    for alert_id in due:
        send_alert_digest.enqueue(alert_id=alert_id)
    return len(due)


@task()
def prune_alerts() -> int:
    """Delete expired alerts (with their addresses) and old confirmation records (periodic)."""
    return alert_services.prune_alerts()


def periodic_jobs() -> list[tuple]:
    """Collected by board.tasks.periodic_jobs (this module is in its FEATURES)."""
    return [
        (send_alert_digests, alert_setting("BOARD_ALERT_DIGEST_EVERY_SECONDS")),
        (prune_alerts, alert_setting("BOARD_ALERT_PRUNE_EVERY_SECONDS")),
    ]
