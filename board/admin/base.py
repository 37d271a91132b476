"""Small pieces shared by the ModelAdmins."""

from django.contrib import admin

from .. import cache as page_cache


class RefreshesPublicPages:
    """For curated data shown on public pages: saving or deleting refreshes cached pages."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        page_cache.bump_posts_version()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        page_cache.bump_posts_version()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        page_cache.bump_posts_version()


class ReadOnlyInline(admin.TabularInline):
    """Rows shown for context on a change page, never added, changed or deleted there."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False
