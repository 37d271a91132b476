"""Email through the task queue: nothing is sent inside a web request.

`send_notice_email` looks the person's address up when it runs (no address waits in the
queue) and renders the notice; `send_email` sends what a request already rendered
(allauth's account emails, a takedown requester's messages). A task that fails is recorded
as FAILED by the backend (with its traceback, in the admin under "Task results") and,
while attempts remain, enqueued again with a growing delay. What to tell whom is decided
in `board.notifications`.

Emails are written in the recipient's language (`in_language_of`), never in that of the
request or worker that happens to send them (docs/i18n.md, "Email").
"""

import logging
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

try:  # Django 6: the framework is built in.
    from django.tasks import task
except ImportError:  # Django 5.2: the backport, same API.
    from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_notice_email(*, user_id: int, context: dict, attempt: int = 1) -> bool:
    """Email one notice to a person, looked up now (so no address waits in the queue)."""
    try:
        return render_and_send_notice(user_id=user_id, context=context)
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


def render_and_send_notice(*, user_id: int, context: dict) -> bool:
    """Render and send one notice email (called by the task). False if nobody to send to.

    SMTP errors are raised, so the task is recorded as failed and retried.
    """
    email = get_user_model().objects.filter(pk=user_id).values_list("email", flat=True).first()
    if not email:
        return False
    context = {
        **context,
        "appeal_url": settings.BOARD_SITE_URL + reverse("board:appeal"),
        "settings_url": settings.BOARD_SITE_URL + reverse("board:notification-settings"),
    }
    with in_language_of(user_id):
        body = render_to_string("board/email/notice.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + context["headline"]
    send_mail(subject, body, None, [email])
    return True


def language_of(user_id: int | None) -> str:
    """The interface language to write to a person in. The interface has one language
    today; once accounts store theirs (docs/i18n.md, "Email"), it is read here. Without an
    account (a takedown requester, an alert by address) it is the site's language."""
    return settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user_id: int | None):
    """Translate what is rendered inside in the person's language (`language_of`), whatever
    the request or worker that sends it speaks; nothing changes if that is already it."""
    language = language_of(user_id)
    if translation.get_language() == language:
        yield
        return
    with translation.override(language):
        yield


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
