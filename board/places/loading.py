"""Load the gazetteer into the database: countries, cities and, for every country,
"somewhere else in <country>". Idempotent, and the way to refresh: cities are matched by
their GeoNames id, so a city keeps its row and slug (posts point at it); its population
and qualifier are refreshed, and a name an admin edited is kept.

Slugs: the most populous city of a name takes the plain slug (`berlin`), the others add
the country (`london-ca`), or the country and region when the name repeats within the
country (`portland-us-me`), then the id.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from ..models import Area, AreaKind, Country, elsewhere_slug
from . import gazetteer

BATCH = 2000


@dataclass
class Loaded:
    countries: int = 0
    cities_added: int = 0
    cities_refreshed: int = 0
    elsewhere_added: int = 0


def _unused_slug(row: gazetteer.CityRow, taken: set[str], *, repeated: bool) -> str:
    """`repeated`: another city of the country has the name, so the region tells them apart."""
    base = slugify(row.name)[:50] or "city"
    country = row.country.lower()
    region = slugify(row.region)
    for candidate in (
        base,
        f"{base}-{country}-{region}" if repeated and region else f"{base}-{country}",
        f"{base}-{country}-{row.geoname_id}",
    ):
        if candidate and candidate not in taken:
            return candidate
    raise ValueError(f"no free slug for {row}")  # the id makes the last one unique


@transaction.atomic
def load_places(country_codes=None) -> Loaded:
    """Countries (all of them), then the cities of `country_codes` (every country if None)."""
    loaded = Loaded()
    names = gazetteer.countries()
    Country.objects.bulk_create(
        [Country(code=code, name=name) for code, name in names.items()],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name"],
    )
    loaded.countries = len(names)

    rows = gazetteer.cities(country_codes)
    qualifiers = gazetteer.qualifiers(rows)
    known = {
        area.geoname_id: area
        for area in Area.objects.filter(geoname_id__isnull=False).only(
            "pk", "geoname_id", "population", "qualifier", "country", "other_names"
        )
    }
    taken = set(Area.objects.values_list("slug", flat=True))
    new, changed = [], []
    for row in rows:
        qualifier = qualifiers.get(row.geoname_id, "")
        area = known.get(row.geoname_id)
        if area is None:
            slug = _unused_slug(row, taken, repeated=bool(qualifier))
            taken.add(slug)
            new.append(
                Area(
                    name=row.name,
                    slug=slug,
                    kind=AreaKind.CITY,
                    country_id=row.country,
                    qualifier=qualifier,
                    geoname_id=row.geoname_id,
                    population=row.population,
                    other_names=row.other_names,
                )
            )
        else:
            fresh = (row.population, qualifier, row.country, row.other_names)
            if (area.population, area.qualifier, area.country_id, area.other_names) != fresh:
                area.population, area.qualifier, area.country_id, area.other_names = fresh
                changed.append(area)
    Area.objects.bulk_create(new, batch_size=BATCH)
    Area.objects.bulk_update(
        changed, ["population", "qualifier", "country", "other_names"], batch_size=BATCH
    )
    loaded.cities_added, loaded.cities_refreshed = len(new), len(changed)

    codes = [code.upper() for code in country_codes] if country_codes else list(names)
    elsewhere = [
        Area(name=names[code], slug=elsewhere_slug(code), kind=AreaKind.ELSEWHERE, country_id=code)
        for code in codes
        if code in names and elsewhere_slug(code) not in taken
    ]
    Area.objects.bulk_create(elsewhere, batch_size=BATCH)
    loaded.elsewhere_added = len(elsewhere)
    return loaded
