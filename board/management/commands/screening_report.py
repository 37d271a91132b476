"""Print screening's recall (identifying examples held) and false holds (clean examples
held) by category, for a tab-separated file of labelled examples."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from board import screening
from board.screening import evaluation

DEFAULT_EXAMPLES = Path(settings.BASE_DIR) / "tests" / "data" / "screening_examples.tsv"


class Command(BaseCommand):
    help = "Recall and false holds of screening, by category, on labelled examples."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_EXAMPLES))
        parser.add_argument("--misses", action="store_true", help="List every wrong answer.")

    def handle(self, *args, path, misses, **options):
        examples = evaluation.read_examples(Path(path))
        results = evaluation.evaluate(examples, term_rules=screening.active_term_rules())
        for expect, heading, word in (
            ("hold", "Recall (identifying examples held)", "held"),
            ("clean", "False holds (clean examples held)", "held"),
        ):
            self.stdout.write(heading)
            for category, tally in sorted(results[expect].items()):
                self.stdout.write(
                    f"  {category:<14} {tally.held:>3}/{tally.total:<3} {word}  {tally.rate:6.1%}"
                )
            total = evaluation.overall(results[expect])
            self.stdout.write(
                f"  {'ALL':<14} {total.held:>3}/{total.total:<3} {word}  {total.rate:6.1%}"
            )
            if misses:
                for category, tally in sorted(results[expect].items()):
                    for text, found in tally.misses:
                        self.stdout.write(f"    MISS [{category}] {text}  {found}")
