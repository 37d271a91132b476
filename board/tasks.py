"""Background work through Django's Tasks API: email and expiry, never inside a request.

Written against the `django-tasks` backport; on Django 6 the same names come from
`django.tasks`, so only the import below changes (and it already tries that first).
Retries: a task that fails is recorded as FAILED by the backend (with its traceback, in
the admin under "Task results") and, while attempts remain, enqueued again with a delay.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

try:  # Django 6: the framework is built in.
    from django.tasks import task, task_backends
except ImportError:  # Django 5.2: the backport, same API.
    from django_tasks import task, task_backends

from . import notifications, services

logger = logging.getLogger(__name__)


@task()
def send_notice_email(*, user_id: int, context: dict, attempt: int = 1) -> bool:
    """Email one notice to a person, looked up now (so no address waits in the queue)."""
    try:
        return notifications.send_notice(user_id=user_id, context=context)
    except Exception:
        _retry_later(send_notice_email, {"user_id": user_id, "context": context}, attempt)
        raise


@task()
def send_email(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html: str = "",
    headers: dict | None = None,
    attempt: int = 1,
) -> int:
    """Send an email rendered during a request (allauth's account emails)."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    try:
        return message.send()
    except Exception:
        fields = {"subject": subject, "body": body, "from_email": from_email, "to": to}
        _retry_later(send_email, {**fields, "html": html, "headers": headers}, attempt)
        raise


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


def enqueue_after_commit(task_, **kwargs) -> None:
    """Queue a task once the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task_.enqueue(**kwargs), robust=True)


def _retry_later(task_, kwargs: dict, attempt: int) -> None:
    if attempt >= settings.BOARD_TASK_MAX_ATTEMPTS or not task_.get_backend().supports_defer:
        logger.error("task %s failed for good after %s attempts", task_.name, attempt)
        return
    delay = timedelta(seconds=settings.BOARD_TASK_RETRY_SECONDS * 2 ** (attempt - 1))
    logger.warning("task %s failed (attempt %s); retrying in %s", task_.name, attempt, delay)
    task_.using(run_after=timezone.now() + delay).enqueue(**kwargs, attempt=attempt + 1)
