"""A typed place to an area: a city's name within a country, case and accents as typed or
not; suggestions for the datalist and the lookup page."""

from django.db.models import Q, Value
from django.db.models.functions import Upper

from ..models import Area, AreaKind, Country, elsewhere_slug
from .gazetteer import fold as _folded

# How many cities a country's datalist and the lookup page suggest (most populous first).
SUGGESTIONS = 200


class PlaceNotFound(LookupError):
    """No city of that name in the country, or several (`matches` then lists them)."""

    def __init__(self, typed: str, matches=()):
        super().__init__(typed)
        self.typed = typed
        self.matches = list(matches)


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def country_choices() -> list[tuple[str, str]]:
    return list(Country.objects.order_by("name").values_list("code", "name"))


def find_city(country: str, typed: str) -> Area:
    """The city of the country that `typed` names: "Portland, Maine" or "portland".

    By its name (any case), then by another name ("Lisboa"), then without accents. A name
    several cities share needs their qualifier ("Portland, Maine"; one without a qualifier
    is chosen by its name alone), else PlaceNotFound lists them as `matches` so the person
    can pick; a qualifier that tells nothing apart ("Berlin, Germany") is ignored.
    """
    typed = _clean(typed)
    if not typed:
        raise PlaceNotFound(typed)
    cities = Area.objects.cities().in_country(country)
    name, _sep, qualifier = typed.partition(",")
    candidates = _named(cities, typed) or _named(cities, name.strip())
    if len(candidates) > 1:
        # A label as suggested or offered ("Portland" beside "Portland, Maine") is one city.
        labelled = [c for c in candidates if _folded(c.label) == _folded(typed)]
        if len(labelled) == 1:
            return labelled[0]
    if qualifier.strip() and len(candidates) > 1:
        wanted = _folded(qualifier)
        chosen = [c for c in candidates if _folded(c.qualifier) == wanted]
        if len(chosen) == 1:
            return chosen[0]
    if len(candidates) == 1:
        return candidates[0]
    # Several cities share the name and the qualifier named none of them: ask by the name.
    asked = name.strip() if len(candidates) > 1 else typed
    raise PlaceNotFound(asked, sorted(candidates, key=lambda c: -c.population))


def _named(cities, name: str) -> list[Area]:
    if not name:
        return []
    # Both sides upper-cased by the database: SQLite's UPPER leaves "é" as it is, and
    # Python's would make it "É", so a name with accents would never match itself.
    found = list(cities.annotate(upper_name=Upper("name")).filter(upper_name=Upper(Value(name))))
    folded = _folded(name)
    if not found:
        # Another name of the city, as people write it ("Lisboa", "Muenchen", "Munich"):
        # the gazetteer's other names, folded, kept between bars.
        found = list(cities.filter(other_names__contains=f"|{folded}|"))
    if not found:
        # Accents left out of a name the gazetteer has only with them: compare folded
        # names, a few thousand rows at most, read only when everything else missed.
        fields = ("pk", "name", "qualifier", "slug", "country", "kind", "population")
        found = [city for city in cities.only(*fields) if _folded(city.name) == folded]
    return found


def elsewhere_in(country: str) -> Area:
    """ "Somewhere else in <country>", made on first use if the loader has not."""
    area, _ = Area.objects.get_or_create(
        slug=elsewhere_slug(country),
        defaults={
            "name": Country.objects.get(pk=country).name,
            "kind": AreaKind.ELSEWHERE,
            "country_id": country,
        },
    )
    return area


def suggestions(country: str, typed: str = "", limit: int = SUGGESTIONS) -> list[Area]:
    """The country's cities whose name, or another name, starts with what was typed (all,
    when nothing was), most populous first."""
    cities = Area.objects.cities().in_country(country)
    typed = _clean(typed)
    if typed:
        # The name, or another name ("mün" finds Munich, whose other names hold München).
        cities = cities.filter(
            Q(name__istartswith=typed) | Q(other_names__contains=f"|{_folded(typed)}")
        )
    return list(cities.order_by("-population", "name").only("name", "qualifier", "slug")[:limit])


def neighbourhoods_of(city: Area) -> list[Area]:
    return list(Area.objects.filter(parent=city).order_by("order", "name"))
