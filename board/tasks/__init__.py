"""Background work through Django's Tasks API: expiry, re-screening and clean-up here (email
is in board.outbox), never inside a request. Each feature that adds background work has its
own module in this package, listed in `FEATURES`; a module may define `periodic_jobs()`.

Written against the `django-tasks` backport; on Django 6 the same names come from
`django.tasks`, so only the import below changes (and it already tries that first).
Retries: a task that fails is recorded as FAILED by the backend (with its traceback, in
the admin under "Task results") and, while attempts remain, enqueued again with a delay.
"""

import logging
import time
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

try:  # Django 6: the framework is built in.
    from django.tasks import task, task_backends
except ImportError:  # Django 5.2: the backport, same API.
    from django_tasks import task, task_backends

from .. import services
from ..services import rescreening

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


# The feature modules of this package (board.tasks.<name>), imported when jobs are listed.
FEATURES: tuple[str, ...] = ("alerts", "comments", "hints")


def periodic_jobs() -> list[tuple]:
    """(task, every how many seconds): what `manage.py run_periodic` queues."""
    jobs = [(expire_due_posts, settings.BOARD_EXPIRE_EVERY_SECONDS)]
    if task_backends["default"].__class__.__name__ == "DatabaseBackend":
        jobs.append((prune_task_results, 24 * 3600))
    for name in FEATURES:
        module = import_module(f"{__name__}.{name}")
        jobs.extend(getattr(module, "periodic_jobs", list)())
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
