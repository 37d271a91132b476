import secrets

from django.core.management.base import BaseCommand

from board.demo import loader


class Command(BaseCommand):
    help = (
        "Give the demo account (author of the demo posts) a fresh random password and print "
        "how to sign in. For development: `make run` runs it, `make serve` does not."
    )

    def handle(self, *args, **options):
        user = loader.demo_author()
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save(update_fields=["password"])
        self.stdout.write(
            "Demo account (the demo posts are its own; sign in to accept replies, chat and "
            f"mark one found): email {loader.DEMO_EMAIL}  password {password}"
        )
