"""The browse form: query-string filters over published posts, built with django-filter."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q

from .forms import AreaChoiceField
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
]
TEXT_FIELDS = ("headline", "story", "where_exactly", "i_saw", "i_am")


class BrowseForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise ValidationError(
                "The “from” date must be on or before the “to” date.", code="date_order"
            )
        return cleaned


class AreaFilter(django_filters.ModelChoiceFilter):
    """An area by slug; a city matches its neighbourhoods too."""

    field_class = AreaChoiceField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(Q(area=value) | Q(area__parent=value))


class PostFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Words in the story")
    type = django_filters.ChoiceFilter(
        field_name="connection_type", choices=ConnectionType.choices, label="Type",
        empty_label="Any type",
    )
    setting = django_filters.ModelMultipleChoiceFilter(
        queryset=SettingTag.objects.all(),
        to_field_name="slug",
        method="filter_settings",
        widget=forms.CheckboxSelectMultiple,
        label="Settings",
    )
    area = AreaFilter(
        queryset=Area.objects.select_related("parent"),
        to_field_name="slug",
        label="Area",
        empty_label="Anywhere",
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="sort_by", label="Sort", empty_label=None
    )

    class Meta:
        model = Post
        fields = []
        form = BrowseForm

    def filter_text(self, queryset, name, value):
        for word in value.split()[:10]:
            match = Q()
            for field in TEXT_FIELDS:
                match |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(match)
        return queryset

    def filter_settings(self, queryset, name, value):
        """Posts tagged with any of the chosen settings, without duplicate rows."""
        if not value:
            return queryset
        through = Post.setting_tags.through
        return queryset.filter(
            Exists(through.objects.filter(post=OuterRef("pk"), settingtag__in=value))
        )

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["newest"]))


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
    for name in ("q", "type", "setting", "area", "from", "to", "sort")
}
