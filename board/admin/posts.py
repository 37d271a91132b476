"""The moderators' tools in the Django admin: one ModelAdmin per model."""

from django.contrib import admin

from ..models import Area, Post, SettingTag


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]


@admin.register(SettingTag)
class SettingTagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["headline", "public_id", "status", "connection_type", "area", "published_at"]
    list_filter = ["status", "connection_type", "part_of_day", "setting_tags", "area__parent"]
    search_fields = ["headline", "story", "public_id"]
    list_select_related = ["area", "area__parent"]
    date_hierarchy = "published_at"
    readonly_fields = ["public_id", "pseudonym", "story_html", "created_at", "updated_at"]
    exclude = ["author"]
    filter_horizontal = ["setting_tags"]
