"""Places and settings: countries and cities come from the gazetteer (`load_places`);
neighbourhoods are curated here. Saving one refreshes the public pages that show it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Area, AreaKind, Country, SettingTag
from ..services import places as place_services
from .base import RefreshesPublicPages


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Area)
class AreaAdmin(RefreshesPublicPages, admin.ModelAdmin):
    list_display = ["name", "qualifier", "kind", "parent", "country", "slug", "population"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent", "country"]
    autocomplete_fields = ["parent", "country"]
    readonly_fields = ["kind", "geoname_id", "population"]  # kind: from the city, or the loader
    show_full_result_count = False
    fields = [
        "name",
        "slug",
        "parent",
        "country",
        "kind",
        "qualifier",
        "order",
        "geoname_id",
        "population",
    ]

    def get_search_results(self, request, queryset, search_term):
        """The city field's autocomplete offers cities only (a neighbourhood has no
        neighbourhoods)."""
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "parent":
            queryset = queryset.filter(kind=AreaKind.CITY)
        return queryset, distinct

    def save_model(self, request, obj, form, change):
        place_services.save_area(area=obj)


@admin.register(SettingTag)
class SettingTagAdmin(RefreshesPublicPages, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PostAreaFilter(admin.SimpleListFilter):
    """The post list's area filter: the curated cities and their neighbourhoods (a list of
    every gazetteer city would be 34,000 links), under the address the admin always used
    (`area__id__exact`), so any area's id still filters."""

    title = _("area")
    parameter_name = "area__id__exact"

    def lookups(self, request, model_admin):
        neighbourhoods = Area.objects.neighbourhoods().select_related("parent")
        cities = {area.parent for area in neighbourhoods}
        choices = [(city.pk, city.label) for city in sorted(cities, key=lambda c: c.name)]
        return choices + [(area.pk, str(area)) for area in neighbourhoods]

    def queryset(self, request, queryset):
        value = self.value()
        if value and str(value).isdigit():
            return queryset.filter(area_id=int(value))
        return queryset
