"""Choosing a place without JavaScript: a country, then a city typed with suggestions (a
`<datalist>` of the country's largest cities), checked on the server; or "somewhere else
in <country>" for smaller towns; and a neighbourhood for cities that have curated ones.
Never a select of thousands of cities. A place is never more precise than a neighbourhood.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import places
from ..models import Area, Country

PLACE_FIELDS = ("country", "city", "elsewhere", "neighbourhood")


def neighbourhood_choices(areas) -> list:
    """Curated neighbourhoods grouped under their city (slugs as values)."""
    groups: dict[str, list] = {}
    for area in areas:
        groups.setdefault(area.parent.label, []).append((area.slug, area.name))
    return list(groups.items())


class CityInput(forms.TextInput):
    """A text input with its `<datalist>` of suggestions (`suggestions`, set by the form)."""

    template_name = "board/widgets/city_input.html"

    def __init__(self, attrs=None):
        super().__init__(
            {
                "list": "city-suggestions",
                "autocomplete": "off",
                "spellcheck": "false",
                **(attrs or {}),
            }
        )
        self.suggestions = list  # the form sets a callable, run only when rendered

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggestions"] = self.suggestions()
        context["widget"]["datalist_id"] = self.attrs["list"]
        return context


class PlaceFieldsMixin(forms.Form):
    """The place fields of a form; `clean_place()` turns them into `cleaned_data["area"]`."""

    country = forms.ChoiceField(label=_("Country"))
    city = forms.CharField(
        label=_("City or town"),
        max_length=120,
        required=False,
        help_text=_("Start typing and pick a suggestion. A smaller town? Tick the box below."),
        widget=CityInput(),
    )
    elsewhere = forms.BooleanField(
        label=_("Somewhere else in this country (a smaller town, or you'd rather not say)"),
        required=False,
    )
    neighbourhood = forms.ChoiceField(
        label=_("Neighbourhood (optional)"),
        required=False,
        help_text=_("Only for the cities that have them; leave empty for the whole city."),
    )

    def setup_places(self, *, area: Area | None = None, country: str = ""):
        """Fill the choices; `area` (editing) or `country` (remembered) set the initial."""
        self.fields["city"].widget.suggestions = self.city_suggestions
        self.fields["country"].choices = [
            ("", gettext("Choose a country")),
            *places.country_choices(),
        ]
        curated = (
            Area.objects.neighbourhoods()
            .select_related("parent")
            .order_by("parent__name", "order", "name")
        )
        self.fields["neighbourhood"].choices = [
            ("", gettext("The whole city")),
            *neighbourhood_choices(curated),
        ]
        if area is not None and not self.is_bound:
            city = area.city
            self.initial.update(
                country=area.country_code,
                city="" if area.is_elsewhere else city.label,
                elsewhere=area.is_elsewhere,
                neighbourhood=area.slug if area.parent_id else "",
            )
        elif country and not self.is_bound:
            self.initial.setdefault("country", country)

    @property
    def chosen_country(self) -> str:
        value = self.data.get(self.add_prefix("country")) if self.is_bound else None
        return (value or self.initial.get("country") or "").upper()

    def city_suggestions(self) -> list[str]:
        """The chosen country's largest cities, for the datalist (empty before a choice)."""
        code = self.chosen_country
        return [city.label for city in places.suggestions(code)] if code else []

    def place_fields_after(self, name: str) -> None:
        """Show the place fields together, right after the field `name`."""
        fields = list(self.fields.items())
        chosen = [(n, f) for n, f in fields if n in PLACE_FIELDS]
        rest = [(n, f) for n, f in fields if n not in PLACE_FIELDS]
        at = [n for n, _f in rest].index(name) + 1
        self.fields = dict(rest[:at] + chosen + rest[at:])

    def clean_place(self, cleaned: dict) -> None:
        """Set cleaned["area"] from the place fields (which are then dropped, so the
        cleaned data carries the area alone), or add a clear error to the right field."""
        code = cleaned.get("country")
        typed = cleaned.get("city", "")
        slug = cleaned.get("neighbourhood", "")
        elsewhere = cleaned.get("elsewhere", False)
        for name in PLACE_FIELDS:
            cleaned.pop(name, None)
        if not code or self.has_error("city"):
            return  # the field's own error says what to fix
        country = Country.objects.get(pk=code)
        if elsewhere:
            if slug:
                self.add_error(
                    "neighbourhood",
                    ValidationError(
                        _("A neighbourhood belongs to a city: leave it empty, or type the city."),
                        code="neighbourhood_without_city",
                    ),
                )
                return
            cleaned["area"] = places.elsewhere_in(code)
            return
        if not typed.strip():
            self.add_error(
                "city",
                ValidationError(
                    _("Type the city or town, or choose “Somewhere else in %(country)s”."),
                    code="required",
                    params={"country": country.name},
                ),
            )
            return
        try:
            city = places.find_city(code, typed)
        except places.PlaceNotFound as missing:
            self.add_error("city", unknown_place_error(missing, country))
            return
        if slug:
            neighbourhood = Area.objects.filter(slug=slug, parent=city).first()
            if neighbourhood is None:
                self.add_error(
                    "neighbourhood",
                    ValidationError(
                        _(
                            "That neighbourhood is not in %(city)s: leave it empty, or pick one of "
                            "%(city)s's."
                        ),
                        code="neighbourhood_elsewhere",
                        params={"city": city.label},
                    ),
                )
                return
            cleaned["area"] = neighbourhood
            return
        cleaned["area"] = city


def unknown_place_error(missing: places.PlaceNotFound, country: Country) -> ValidationError:
    if missing.matches:
        return ValidationError(
            _("There is more than one %(typed)s in %(country)s: type one of %(options)s."),
            code="ambiguous_place",
            params={
                "typed": f"“{missing.typed}”",
                "country": country.name,
                "options": "; ".join(city.label for city in missing.matches[:8]),
            },
        )
    return ValidationError(
        _(
            "We don't know a place called “%(typed)s” in %(country)s. Pick a suggestion, or "
            "choose “Somewhere else in %(country)s”."
        ),
        code="unknown_place",
        params={"typed": missing.typed, "country": country.name},
    )
