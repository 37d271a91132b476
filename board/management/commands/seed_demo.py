from django.core.management.base import BaseCommand

from board.demo import loader, synthetic


class Command(BaseCommand):
    help = "Load curated areas, setting tags and demo posts (once); --posts N adds N synthetic."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=0, help="Also add N synthetic posts.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed for --posts.")

    def handle(self, *args, posts, seed, **options):
        places = loader.load_places()
        demo = loader.load_demo_posts()
        self.stdout.write(f"Areas and settings added: {places}. Demo posts added: {demo}.")
        if posts:
            made = synthetic.create_synthetic_posts(posts, seed=seed, log=self.stdout.write)
            self.stdout.write(f"Synthetic posts added: {made}.")
