from django.core.management.base import BaseCommand

from board.content import loader
from board.models import Helpline, JournalPrompt, Resource


class Command(BaseCommand):
    help = (
        "Add coping articles, journaling prompts and helplines missing from the database. "
        "Safe to rerun: existing rows (and admin edits to them) are never changed. "
        "A row deleted in the admin comes back on the next run; unpublish it instead."
    )

    def handle(self, *args, **options):
        made = loader.load_all(Resource=Resource, JournalPrompt=JournalPrompt, Helpline=Helpline)
        self.stdout.write(
            f"Articles added: {made['articles']}. Prompts added: {made['prompts']}. "
            f"Helplines added: {made['helplines']}."
        )
        self.stdout.write(
            f"Now in the database: {Resource.objects.count()} articles, "
            f"{JournalPrompt.objects.count()} prompts, {Helpline.objects.count()} helplines."
        )
