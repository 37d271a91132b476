"""Hint computation is background work: queued once the post's transaction commits, run by
a worker, retried when it fails, never inside the request."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from board.models import Hint, Post
from board.services import hints
from board.tasks import hints as hint_tasks

from .test_hints import SEEKER, SEEN

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


# Other work follows a post going live too (alerts); these tests look at the hints' task.
HINT_TASK = "board.tasks.hints.find_match_hints"


@pytest.mark.django_db(transaction=True)
def test_the_request_only_queues_the_search_and_a_worker_makes_the_hints(
    client, settings, make_post, other_user, user, post_form_data
):
    settings.TASKS = DB_QUEUE
    make_post(author=other_user, **SEEN)
    run_worker()
    client.force_login(user)

    data = post_form_data(match_hints_enabled="on", connection_type="romantic", **SEEKER)
    response = client.post(reverse("board:post-create"), data)

    assert response.status_code == 302
    assert Hint.objects.count() == 0  # the request did not look for matches
    mine = Post.objects.get(author=user)
    [queued] = DBTaskResult.objects.ready().filter(task_path=HINT_TASK)
    assert queued.args_kwargs["kwargs"] == {"post_id": mine.pk}

    run_worker()

    assert Hint.objects.count() == 2
    assert DBTaskResult.objects.filter(task_path=HINT_TASK).successful().count() == 2


@transaction.atomic
def _publish_then_fail(make_post, user):
    make_post(author=user, **SEEKER)
    raise RuntimeError("the request failed after publishing")


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_publication_queues_nothing(settings, make_post, user):
    settings.TASKS = DB_QUEUE
    with pytest.raises(RuntimeError):
        _publish_then_fail(make_post, user)
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_post_with_hints_off_queues_no_search(settings, make_post, user):
    settings.TASKS = DB_QUEUE
    make_post(author=user, match_hints_enabled=False, **SEEKER)
    assert not DBTaskResult.objects.filter(task_path=HINT_TASK).exists()


@pytest.mark.django_db
def test_the_task_waits_for_the_commit(
    make_post, user, other_user, django_capture_on_commit_callbacks
):
    make_post(author=other_user, **SEEN)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_post(author=user, **SEEKER)
    assert Hint.objects.count() == 0  # published, committed not yet: nothing looked for
    for callback in callbacks:
        callback()
    assert Hint.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_failed_search_is_recorded_and_queued_again(settings, make_post, user, monkeypatch):
    settings.TASKS = DB_QUEUE
    post = make_post(author=user, match_hints_enabled=False, **SEEKER)

    def broken(**kwargs):
        raise ConnectionError("database went away")

    monkeypatch.setattr(hints, "find_hints_for", broken)
    hint_tasks.find_match_hints.enqueue(post_id=post.pk)
    run_worker()

    hint_results = DBTaskResult.objects.filter(task_path=HINT_TASK)
    failed = hint_results.failed().get()
    assert "database went away" in failed.traceback
    retry = hint_results.exclude(pk=failed.pk).get()
    assert retry.status == "READY"
    assert retry.args_kwargs["kwargs"] == {"post_id": post.pk, "attempt": 2}
