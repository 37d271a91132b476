"""Background tasks: email leaves the request, waits for a worker, is retried and recorded."""

import random
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from board import outbox, tasks
from board.models import PostStatus

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class BrokenEmailBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPException("connection refused")


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


@pytest.mark.django_db(transaction=True)
def test_a_reply_queues_its_email_and_the_worker_sends_it_after_the_request(
    client, make_user, make_post, settings
):
    settings.TASKS = DB_QUEUE
    poster = make_user("poster@example.test")
    post = make_post(author=poster, match_hints_enabled=False)  # no hint search queued
    client.force_login(make_user())

    response = client.post(
        reverse("board:post-reply", args=[post.public_id]), {"message": "Was it you?"}
    )

    assert response.status_code == 302
    assert mail.outbox == []  # the request did not wait on SMTP
    # (the post's publication queued its alert matching; the reply queued one email)
    waiting = DBTaskResult.objects.ready().exclude(task_path="board.tasks.alerts.match_alerts")
    assert [task.task_path for task in waiting] == ["board.outbox.send_notice_email"]
    assert "poster@example.test" not in str(waiting.get().args_kwargs)

    run_worker()  # the worker comes back and catches up

    assert [message.to for message in mail.outbox] == [["poster@example.test"]]
    assert DBTaskResult.objects.successful().count() == 2  # the email and the alert matching


@pytest.mark.django_db(transaction=True)
def test_a_failed_email_is_recorded_and_queued_again_later(make_user, settings):
    settings.TASKS = DB_QUEUE
    settings.EMAIL_BACKEND = "tests.test_tasks.BrokenEmailBackend"
    person = make_user()
    outbox.send_notice_email.enqueue(user_id=person.pk, context={"headline": "Hello"})

    run_worker()

    failed = DBTaskResult.objects.failed().get()
    assert "SMTPException" in failed.traceback
    retry = DBTaskResult.objects.exclude(pk=failed.pk).get()
    assert retry.status == "READY"
    assert retry.run_after > timezone.now()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2


@pytest.mark.django_db(transaction=True)
def test_the_last_attempt_is_recorded_without_another_retry(make_user, settings):
    settings.TASKS = DB_QUEUE
    settings.EMAIL_BACKEND = "tests.test_tasks.BrokenEmailBackend"
    outbox.send_notice_email.enqueue(
        user_id=make_user().pk, context={"headline": "Hello"}, attempt=5
    )

    run_worker()

    assert DBTaskResult.objects.failed().count() == 1
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_no_email_is_sent_to_an_account_deleted_before_the_task_ran(make_user):
    person = make_user()
    person_id = person.pk
    person.delete()

    outbox.send_notice_email.enqueue(user_id=person_id, context={"headline": "Hello"})

    assert mail.outbox == []


@pytest.mark.django_db
def test_expiry_is_queued_once_per_period_and_expires_due_posts(make_post, settings):
    every = settings.BOARD_EXPIRE_EVERY_SECONDS
    now = every * random.randint(10**6, 10**7)  # a period of its own, whatever the cache holds
    post = make_post()
    post.expires_at = timezone.now()
    post.save()

    first = tasks.enqueue_due_periodic(now=now)
    again = tasks.enqueue_due_periodic(now=now + every / 2)
    next_period = tasks.enqueue_due_periodic(now=now + every)

    hourly = [
        "board.tasks.expire_due_posts",
        "board.tasks.alerts.send_alert_digests",
        "board.tasks.alerts.prune_alerts",
        "board.tasks.comments.send_comment_digests",
    ]
    assert first == hourly
    assert again == []
    assert next_period == hourly
    post.refresh_from_db()
    assert post.status == PostStatus.EXPIRED


@pytest.mark.django_db(transaction=True)
def test_run_periodic_once_queues_expiry_for_the_worker(settings, capsys, monkeypatch):
    settings.TASKS = DB_QUEUE
    unclaimed = settings.BOARD_EXPIRE_EVERY_SECONDS * random.randint(10**6, 10**7)
    monkeypatch.setattr(tasks, "_clock", lambda: unclaimed)

    call_command("run_periodic", "--once")

    assert "expire_due_posts" in capsys.readouterr().out
    assert sorted(task.task_path for task in DBTaskResult.objects.ready()) == [
        "board.tasks.alerts.prune_alerts",
        "board.tasks.alerts.send_alert_digests",
        "board.tasks.comments.send_comment_digests",
        "board.tasks.expire_due_posts",
        "board.tasks.prune_task_results",
    ]


def test_the_worker_starts_again_when_the_database_connection_is_lost(monkeypatch):
    from django.db import OperationalError

    from board.management.commands import run_worker

    calls = []

    def worker(*args):
        calls.append(args)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(run_worker, "call_command", worker)
    call_command("run_worker", "--batch", "--retry-seconds", "0")

    assert len(calls) == 2
    assert calls[0][0] == "db_worker"


@pytest.mark.django_db(transaction=True)
def test_account_emails_are_rendered_in_the_request_and_sent_by_the_worker(
    client, make_user, settings
):
    settings.TASKS = DB_QUEUE
    make_user("forgetful@example.test")

    response = client.post(reverse("account_reset_password"), {"email": "forgetful@example.test"})

    assert response.status_code == 302
    assert mail.outbox == []
    assert DBTaskResult.objects.ready().get().task_path == "board.outbox.send_email"

    run_worker()

    assert [message.to for message in mail.outbox] == [["forgetful@example.test"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_old_task_results_are_pruned_but_recent_failures_are_kept(make_user, settings):
    settings.TASKS = DB_QUEUE
    settings.EMAIL_BACKEND = "tests.test_tasks.BrokenEmailBackend"
    outbox.send_notice_email.enqueue(user_id=make_user().pk, context={"headline": "Hi"}, attempt=5)
    run_worker()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.send_notice_email.enqueue(user_id=make_user().pk, context={"headline": "Hi"})
    run_worker()
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(days=20))

    tasks.prune_task_results.call()

    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED"]
