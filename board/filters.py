"""The browse form: query-string filters over published posts, built with django-filter."""

import copy

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import QueryDict

from . import cache, search
from .forms import area_choices
from .models import Area, ConnectionType, Post, SettingTag

SORTS = {
    "newest": ("-published_at", "-id"),
    "oldest": ("published_at", "id"),
    "encounter": ("-encounter_date", "-published_at", "-id"),
}
SORT_CHOICES = [
    ("newest", "Newest posts first"),
    ("oldest", "Oldest posts first"),
    ("encounter", "Most recent encounters first"),
    ("relevance", "Best match first (when searching)"),
]


class _FieldsCopiedOneLevel(dict):
    """The browse form's fields, as `BaseForm.__init__` copies them for each form.

    Django copies every field, widget and list of choices deeply, so that a form may change
    its own; a browse form only replaces the choices of two fields (see `PostFilter.form`),
    so a copy of each field and of its widget is enough, at a fraction of the cost.
    """

    def __deepcopy__(self, memo):
        fields = {}
        for name, field in self.items():
            own = copy.copy(field)
            own.widget = copy.copy(field.widget)
            fields[name] = own
        return fields


class BrowseForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise ValidationError(
                "The “from” date must be on or before the “to” date.", code="date_order"
            )
        return cleaned


class PostFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Words in the story")
    type = django_filters.ChoiceFilter(
        field_name="connection_type",
        choices=ConnectionType.choices,
        label="Type",
        empty_label="Any type",
    )
    setting = django_filters.MultipleChoiceFilter(
        method="filter_settings", widget=forms.CheckboxSelectMultiple, label="Settings"
    )
    area = django_filters.ChoiceFilter(method="filter_area", label="Area", empty_label="Anywhere")
    found = django_filters.BooleanFilter(
        method="filter_found",
        widget=forms.CheckboxInput,
        label="Only stories that ended well (“we found each other”)",
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="sort_by", label="Sort", empty_label=None
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
        # BaseFilterSet.__init__, but with a shallow copy of each filter where it copies every
        # filter, widget and choice deeply on every browse page: a filter keeps no state but
        # the filterset it belongs to, and its form field is made per form (`form`).
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset if queryset is not None else Post.objects.all()
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: self._own_copy(f) for name, f in self.base_filters.items()}
        # Areas and settings are read once per request (once per cache version when the
        # page cache is on): for the choices and for filtering.
        self.areas = cache.memo(
            self.request,
            "filter-areas",
            lambda: {area.slug: area for area in Area.objects.select_related("parent")},
        )
        self.tags = cache.memo(
            self.request, "filter-tags", lambda: {tag.slug: tag for tag in SettingTag.objects.all()}
        )

    @property
    def is_blank(self) -> bool:
        """Whether the query string names no filter at all (paging aside, as on the front
        page): the list is then every published post, and the form is the empty one, the
        same for everyone, so it need not be built or checked. A filter sent empty (the
        form submitted as it is) still goes through the form, which may find it invalid."""
        return not any(name in self.data for name in self.filters)

    def is_valid(self):
        return self.is_blank or super().is_valid()

    @property
    def qs(self):
        if self.is_blank and not hasattr(self, "_qs"):
            self._qs = self.queryset.all()
        return super().qs

    def _own_copy(self, base_filter):
        own = copy.copy(base_filter)
        own.model = self.queryset.model
        own.parent = self
        if base_filter.method is not None:
            own.method = base_filter.method  # binds the method to this copy, not the base
        return own

    def get_form_class(self):
        """The form class, built once: its fields are the same for every request but for
        the areas and settings on offer, which `form` gives each form."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            form_class.base_fields = _FieldsCopiedOneLevel(form_class.base_fields)
            cls._form_class = form_class
        return cls._form_class

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            form.fields["area"].choices = cache.memo(
                self.request, "filter-area-choices", lambda: area_choices(self.areas.values())
            )
            form.fields["setting"].choices = [(tag.slug, tag.name) for tag in self.tags.values()]
        return self._form

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
    label="Met on or after",
    widget=forms.DateInput(attrs={"type": "date"}),
)
PostFilter.base_filters["to"] = django_filters.DateFilter(
    field_name="encounter_date",
    lookup_expr="lte",
    label="Met on or before",
    widget=forms.DateInput(attrs={"type": "date"}),
)
PostFilter.base_filters = {
    name: PostFilter.base_filters[name]
    for name in ("q", "type", "setting", "area", "from", "to", "found", "sort")
}
