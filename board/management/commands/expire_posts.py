from django.core.management.base import BaseCommand

from board import services


class Command(BaseCommand):
    help = (
        "Record the expiry of published posts past their date and tell their authors. "
        "Safe to run repeatedly, e.g. hourly from cron."
    )

    def handle(self, *args, **options):
        expired = services.expire_posts()
        self.stdout.write(f"Expired {expired} post{'s' if expired != 1 else ''}.")
