"""The browse form: query-string filters over published posts, built with django-filter."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import cache, search
from .forms import area_choices
from .models import Area, ConnectionType, Post, SettingTag

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


class BrowseForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
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
    area = django_filters.ChoiceFilter(
        method="filter_area", label=_("Area"), empty_label=_("Anywhere")
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
        # Areas and settings are read once per posts version: for the choices and filtering.
        self.areas = cache.shared_data(
            request,
            "filter-areas",
            lambda: {area.slug: area for area in Area.objects.select_related("parent")},
        )
        self.tags = cache.shared_data(
            request, "filter-tags", lambda: {tag.slug: tag for tag in SettingTag.objects.all()}
        )
        self.filters["area"].extra["choices"] = area_choices(self.areas.values())
        self.filters["setting"].extra["choices"] = [
            (tag.slug, tag.name) for tag in self.tags.values()
        ]
        # Encounters are never in the future: the date pickers stop at today.
        today = timezone.localdate().isoformat()
        for name in ("from", "to"):
            self.filters[name].extra["widget"] = forms.DateInput(
                attrs={"type": "date", "max": today}
            )

    @classmethod
    def chosen_in(cls, data) -> bool:
        """Whether the query string names any filter (paging aside). The front page names
        none: its list is every published post and its form the blank one, the same for
        everyone, which the template keeps whole."""
        return any(name in data for name in cls.base_filters)

    def filter_area(self, queryset, name, value):
        """A city matches its neighbourhoods too.

        As a list of area ids (no join), so PostgreSQL can answer it from the search index.
        """
        area = self.areas[value]
        chosen = [a.pk for a in self.areas.values() if area.pk in (a.pk, a.parent_id)]
        return queryset.filter(area_id__in=chosen)

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
    for name in ("q", "type", "setting", "area", "from", "to", "found", "sort")
}
