from django.core.management.base import BaseCommand

from board import places


class Command(BaseCommand):
    help = (
        "Load or refresh the gazetteer: every country, its cities of 15,000 people or more, "
        "and 'somewhere else in <country>'. Safe to run again; --country limits the cities."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--country",
            action="append",
            dest="countries",
            metavar="CODE",
            help="Only this country's cities (ISO code, e.g. DE); repeat for more.",
        )

    def handle(self, *args, countries=None, **options):
        loaded = places.load_places(countries)
        self.stdout.write(
            f"Countries: {loaded.countries}. Cities added: {loaded.cities_added}, "
            f"refreshed: {loaded.cities_refreshed}. "
            f"'Somewhere else' places added: {loaded.elsewhere_added}."
        )
