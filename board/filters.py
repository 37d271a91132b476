"""The browse form: query-string filters over published posts, built with django-filter."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import cache, places, search
from .forms.places import CityInput, unknown_place_error
from .models import Area, ConnectionType, Country, Post, SettingTag

SORTS = {
    "newest": ("-published_at", "-id"),
    "oldest": ("published_at", "id"),
    "encounter": ("-encounter_date", "-published_at", "-id"),
}
SORT_CHOICES = [
    ("newest", _("Newest posts first")),
    ("oldest", _("Oldest posts first")),
    ("encounter", _("Most recent encounters first")),
    ("relevance", _("Best match first (when searching)")),
]


def _curated_areas() -> list[Area]:
    """The neighbourhoods the menu lists, with their cities."""
    neighbourhoods = list(Area.objects.neighbourhoods().select_related("parent"))
    cities = {area.parent for area in neighbourhoods}
    return sorted(cities, key=lambda city: city.name) + neighbourhoods


def _area_choices(areas) -> list:
    """Cities with curated neighbourhoods ("Berlin (anywhere)" first), then others chosen."""
    areas = list(areas)
    listed = {area.parent_id for area in areas if area.parent_id}
    groups = []
    for city in (a for a in areas if a.parent_id is None and a.pk in listed):
        members = [(city.slug, _("%(city)s (anywhere)") % {"city": city.label})]
        members += [(a.slug, a.name) for a in areas if a.parent_id == city.pk]
        groups.append((city.label, members))
    groups += [(a.slug, str(a)) for a in areas if a.parent_id is None and a.pk not in listed]
    groups += [
        (a.slug, str(a))
        for a in areas
        if a.parent_id is not None and a.parent_id not in {c.pk for c in areas}
    ]
    return groups


def _with_neighbourhoods(area: Area, known: dict) -> list[int]:
    """The area and, for a city, its neighbourhoods: all curated, so all in `known`."""
    return [area.pk, *(a.pk for a in known.values() if a.parent_id == area.pk)]


class BrowseForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        self.chosen_city = None
        typed = (cleaned.get("city") or "").strip()
        # An unknown country has its own error: the city is not checked against it.
        if typed and not self.has_error("country"):
            code = cleaned.get("country")
            if not code:
                self.add_error(
                    "city",
                    ValidationError(
                        _("Choose the country of %(city)s first."),
                        code="city_without_country",
                        params={"city": typed},
                    ),
                )
            else:
                try:
                    self.chosen_city = places.find_city(code, typed)
                except places.PlaceNotFound as missing:
                    name = dict(self.fields["country"].choices).get(code, code)
                    self.add_error("city", unknown_place_error(missing, Country(code, name)))
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise ValidationError(
                _("The “from” date must be on or before the “to” date."), code="date_order"
            )
        return cleaned


class PostFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label=_("Search the stories"),
        widget=forms.SearchInput(attrs={"placeholder": _("red scarf L train")}),
    )
    type = django_filters.ChoiceFilter(
        field_name="connection_type",
        choices=ConnectionType.choices,
        label=_("Type"),
        empty_label=_("Any type"),
    )
    setting = django_filters.MultipleChoiceFilter(
        method="filter_settings", widget=forms.CheckboxSelectMultiple, label=_("Settings")
    )
    country = django_filters.ChoiceFilter(
        method="filter_country", label=_("Country"), empty_label=_("Any country")
    )
    city = django_filters.CharFilter(
        method="filter_city",
        label=_("City or town"),
        widget=CityInput(),
        help_text=_("Its neighbourhoods too. Choose the country first."),
    )
    area = django_filters.ChoiceFilter(
        method="filter_area",
        label=_("Neighbourhood"),
        empty_label=_("Any neighbourhood"),
        error_messages={"invalid_choice": _("We don't know that place. Choose another.")},
    )
    found = django_filters.BooleanFilter(
        method="filter_found",
        widget=forms.CheckboxInput,
        label=_("Only stories that ended well (“we found each other”)"),
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="sort_by", label=_("Sort"), empty_label=None
    )

    class Meta:
        model = Post
        fields = []
        form = BrowseForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if data is not None and data.get("q", "").strip() and not data.get("sort"):
            # A search is sorted by relevance unless another sort is chosen; the form says so.
            data = data.copy()
            data["sort"] = "relevance"
        super().__init__(data, queryset, request=request, prefix=prefix)
        # Countries, curated neighbourhoods and settings are read once per posts version,
        # and only when used: choices are callables, run when a select is drawn or checked.
        self.request = request
        self.filters["area"].extra["choices"] = lambda: _area_choices(self.areas.values())
        self.filters["country"].extra["choices"] = lambda: list(self.countries.items())
        self.filters["setting"].extra["choices"] = lambda: [
            (tag.slug, tag.name) for tag in self.tags.values()
        ]
        # A function, not a bound method: the widget is deep-copied into the form.
        self.filters["city"].extra["widget"].suggestions = lambda: self._city_suggestions()
        # Encounters are never in the future: the date pickers stop at today.
        today = timezone.localdate().isoformat()
        for name in ("from", "to"):
            self.filters[name].extra["widget"] = forms.DateInput(
                attrs={"type": "date", "max": today}
            )

    @cached_property
    def countries(self) -> dict[str, str]:
        return cache.shared_data(
            self.request, "filter-countries", lambda: dict(places.country_choices())
        )

    @cached_property
    def tags(self) -> dict:
        return cache.shared_data(
            self.request,
            "filter-tags",
            lambda: {tag.slug: tag for tag in SettingTag.objects.all()},
        )

    @cached_property
    def areas(self) -> dict:
        """The curated neighbourhoods and their cities, and any other place chosen."""
        curated = cache.shared_data(self.request, "filter-neighbourhoods", _curated_areas)
        areas = {area.slug: area for area in curated}
        chosen = self.data.get("area") if self.is_bound else None
        if chosen and chosen not in areas:
            # Any place's slug works (old links name cities the menu does not list).
            extra = Area.objects.select_related("parent").filter(slug=chosen).first()
            if extra is not None:
                areas[extra.slug] = extra
        return areas

    @classmethod
    def chosen_in(cls, data) -> bool:
        """Whether the query string names any filter (paging aside). The front page names
        none: its list is every published post and its form the blank one, the same for
        everyone, which the template keeps whole."""
        return any(name in data for name in cls.base_filters)

    def _city_suggestions(self) -> list[str]:
        code = (self.data.get("country") or "") if self.is_bound else ""
        return [city.label for city in places.suggestions(code)] if code in self.countries else []

    def filter_country(self, queryset, name, value):
        """Posts carry their area's country (services keep it), so this is one column."""
        return queryset.filter(country_id=value)

    def filter_city(self, queryset, name, value):
        """A city typed by name, within the chosen country; its neighbourhoods match too."""
        return queryset.filter(area_id__in=_with_neighbourhoods(self.form.chosen_city, self.areas))

    def filter_area(self, queryset, name, value):
        """A city matches its neighbourhoods too.

        As a list of area ids (no join), so PostgreSQL can answer it from the search index.
        """
        return queryset.filter(area_id__in=_with_neighbourhoods(self.areas[value], self.areas))

    def filter_text(self, queryset, name, value):
        """Full-text search (board/search/): words, "phrases", -excluded, or."""
        return search.search(queryset, value)

    def filter_found(self, queryset, name, value):
        return queryset.filter(found_at__isnull=False) if value else queryset

    def filter_settings(self, queryset, name, value):
        """Posts tagged with any of the chosen settings, without duplicate rows."""
        if not value:
            return queryset
        chosen = [self.tags[slug].pk for slug in value]
        through = Post.setting_tags.through
        return queryset.filter(
            Exists(through.objects.filter(post=OuterRef("pk"), settingtag__in=chosen))
        )

    def sort_by(self, queryset, name, value):
        if value == "relevance":
            return search.order_by_relevance(queryset, *SORTS["newest"])
        return queryset.order_by(*SORTS.get(value, SORTS["newest"]))

    def keyset_ordering(self) -> tuple[str, ...] | None:
        """The ordering of `qs` when it can be paged by cursor; None for relevance order."""
        ordering = tuple(self.qs.query.order_by) or SORTS["newest"]
        return ordering if ordering in SORTS.values() else None


# "from" and "to" are Python keywords, so they are added after the class is built.
PostFilter.base_filters["from"] = django_filters.DateFilter(
    field_name="encounter_date",
    lookup_expr="gte",
    label=_("Met on or after"),
    widget=forms.DateInput(attrs={"type": "date"}),
)
PostFilter.base_filters["to"] = django_filters.DateFilter(
    field_name="encounter_date",
    lookup_expr="lte",
    label=_("Met on or before"),
    widget=forms.DateInput(attrs={"type": "date"}),
)
PostFilter.base_filters = {
    name: PostFilter.base_filters[name]
    for name in ("q", "type", "setting", "country", "city", "area", "from", "to", "found", "sort")
}
