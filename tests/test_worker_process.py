"""A real worker process: work queued while it is down waits, and it catches up when started.

Runs the project's own commands in child processes on a database file of their own (the
test database of this process lives in memory or in a transaction the children cannot see).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

QUEUE_A_NOTICE = """
import django; django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from board import notifications
person = get_user_model().objects.create_user("p", "worker.canary@example.test", "x")
with transaction.atomic():
    notifications.notify_user(user=person, kind="suspended", subject="Queued", message="Hi")
print("ready", DBTaskResult.objects.ready().count())
"""

COUNT_RESULTS = """
import django; django.setup()
from django_tasks_db.models import DBTaskResult as Result
print("ready", Result.objects.ready().count(), "done", Result.objects.successful().count())
"""


def run(args, env, timeout=120):
    done = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def child_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "DJANGO_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'board.sqlite3'}",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        DJANGO_EMAIL_FILE_PATH=str(tmp_path / "mail"),
    )
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
    return env


def test_work_queued_while_the_worker_is_down_is_done_by_a_worker_process(child_env, tmp_path):
    python = sys.executable

    queued = run([python, "-c", QUEUE_A_NOTICE], child_env)

    assert "ready 1" in queued
    assert not (tmp_path / "mail").exists() or not any((tmp_path / "mail").iterdir())

    run([python, "manage.py", "db_worker", "--batch", "--no-startup-delay"], child_env)

    assert "ready 0 done 1" in run([python, "-c", COUNT_RESULTS], child_env)
    sent = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    assert "worker.canary@example.test" in sent
    assert "Queued" in sent
