"""Curated places and settings: saving one refreshes the public pages that show it."""

from django.contrib import admin

from ..models import Area, SettingTag
from .base import RefreshesPublicPages


@admin.register(Area)
class AreaAdmin(RefreshesPublicPages, admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]


@admin.register(SettingTag)
class SettingTagAdmin(RefreshesPublicPages, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
