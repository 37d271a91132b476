"""Background work through Django's Tasks API: expiry, re-screening and clean-up (email is
in board.outbox), never inside a request.

Written against the `django-tasks` backport; on Django 6 the same names come from
`django.tasks`, so only the import below changes (and it already tries that first).
Retries: a task that fails is recorded as FAILED by the backend (with its traceback, in
the admin under "Task results") and, while attempts remain, enqueued again with a delay.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

try:  # Django 6: the framework is built in.
    from django.tasks import task, task_backends
except ImportError:  # Django 5.2: the backport, same API.
    from django_tasks import task, task_backends

from . import outbox, services
from .services import alerts as alert_services
from .services import rescreening
from .services.alerts.config import setting as alert_setting

logger = logging.getLogger(__name__)


@task()
def rescreen_live_posts() -> int:
    """Screen live posts again after a term rule changed; hold those that now match."""
    return rescreening.rescreen_live_posts()


def rescreen_after_commit() -> None:
    """Call in the transaction that changed a term rule: a worker re-screens once it commits."""
    transaction.on_commit(rescreen_live_posts.enqueue, robust=True)


@task()
def expire_due_posts() -> int:
    """Expire published posts past their date (repeatable; run by `run_periodic`)."""
    return services.expire_posts()


@task()
def prune_task_results() -> None:
    """Forget finished tasks after 14 days and failed ones (the record of failures) after 60."""
    call_command("prune_db_task_results", "--min-age-days", "14", "--failed-min-age-days", "60")


def periodic_jobs() -> list[tuple]:
    """(task, every how many seconds): what `manage.py run_periodic` queues."""
    jobs = [(expire_due_posts, settings.BOARD_EXPIRE_EVERY_SECONDS)]
    jobs += alert_periodic_jobs()
    if task_backends["default"].__class__.__name__ == "DatabaseBackend":
        jobs.append((prune_task_results, 24 * 3600))
    return jobs


def enqueue_due_periodic(*, now: float | None = None) -> list[str]:
    """Queue each periodic task once per period, however many schedulers run.

    The period's slot is claimed with cache.add (atomic in Redis and in the database
    cache), so a `run_periodic` on every worker machine still queues each job once.
    """
    now = _clock() if now is None else now
    queued = []
    for task_, every in periodic_jobs():
        slot = int(now // every)
        if cache.add(f"board:periodic:{task_.name}:{slot}", True, timeout=every * 2):
            task_.enqueue()
            queued.append(task_.module_path)
    return queued


_clock = time.time


# --- Alerts (docs/alerts.md) ---------------------------------------------------------------
# A post that goes live is matched against the alerts by a worker after the commit; "each
# match" alerts get one email per match, digests at most one a day (queued by run_periodic).


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
        return alert_services.send_match(match_id=match_id)
    except Exception:
        outbox._retry_later(send_alert_match, {"match_id": match_id}, attempt)
        raise


@task()
def send_alert_confirmation(*, alert_id: int, attempt: int = 1) -> bool:
    try:
        return alert_services.send_confirmation(alert_id=alert_id)
    except Exception:
        outbox._retry_later(send_alert_confirmation, {"alert_id": alert_id}, attempt)
        raise


@task()
def send_alert_digest(*, alert_id: int, attempt: int = 1) -> int:
    try:
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


def alert_periodic_jobs() -> list[tuple]:
    return [
        (send_alert_digests, alert_setting("BOARD_ALERT_DIGEST_EVERY_SECONDS")),
        (prune_alerts, alert_setting("BOARD_ALERT_PRUNE_EVERY_SECONDS")),
    ]
