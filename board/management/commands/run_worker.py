import logging
import time
from contextlib import suppress

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the task queue's worker (django-tasks-db's db_worker) and keep it running when "
        "the database restarts: the worker stops on a lost connection; this starts it again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--worker-id", default=None)
        parser.add_argument("--batch", action="store_true", help="exit when the queue is empty")
        parser.add_argument("--retry-seconds", type=float, default=2.0)

    def handle(self, *args, interval, worker_id, batch, retry_seconds, **options):
        worker_args = ["--interval", str(interval)]
        if worker_id:
            worker_args += ["--worker-id", worker_id]
        if batch:
            worker_args += ["--batch", "--no-startup-delay"]
        while True:
            try:
                call_command("db_worker", *worker_args)
                return
            except (OperationalError, InterfaceError) as error:
                logger.warning("worker lost the database (%s); starting again", error)
                for connection in connections.all(initialized_only=True):
                    with suppress(DatabaseError):
                        connection.close()
                time.sleep(retry_seconds)
