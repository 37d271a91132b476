import time

from django.core.management.base import BaseCommand

from board import tasks


class Command(BaseCommand):
    help = (
        "Queue the periodic background tasks (expiry, alert digests, alert pruning) when due; "
        "loops unless --once. Safe to run beside every worker: each period's job is queued "
        "once across all machines."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="queue what is due, then exit")
        parser.add_argument("--tick", type=float, default=30.0, help="seconds between looks")

    def handle(self, *args, once=False, tick=30.0, **options):
        while True:
            for name in tasks.enqueue_due_periodic():
                self.stdout.write(f"Queued {name}.")
            if once:
                return
            time.sleep(tick)
