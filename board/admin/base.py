"""Small pieces shared by the ModelAdmins."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models.constants import LOOKUP_SEP
from django.utils.functional import cached_property

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


def reaches_account(model, lookup: str) -> bool:
    """Whether a changelist lookup ("author__id__exact", "post__author__gt", "user") walks
    into an account: any relation to the user model, however it is spelled."""
    user_model = get_user_model()
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not field.is_relation or field.related_model is None:
            return False
        if field.related_model is user_model or issubclass(field.related_model, user_model):
            return True
        model = field.related_model
    return False


class HidesAccounts:
    """Moderators never reach an account through a changelist URL: lookups or filters that
    touch the user model (by id, order, email, join date, ...) are refused unless the
    person is a superuser. Django answers a refused lookup with 400 Bad Request."""

    def lookup_allowed(self, lookup, value, request=None):
        superuser = request is not None and request.user.is_superuser
        if not superuser and reaches_account(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)


def capped_count(queryset, cap: int) -> int:
    """How many rows, counting no further than one past `cap`: `SELECT COUNT(*) FROM (SELECT
    ... LIMIT cap + 1)`, which reads at most that many index entries whatever the table's size.
    A result above `cap` means "more than cap". Unordered, so no sort comes before the cut."""
    return queryset.order_by()[: cap + 1].count()


class CappedCountPaginator(Paginator):
    """Counts at most `CAP` rows (a bounded subquery), never the whole table: past that the
    admin shows the first pages and asks the moderator to filter or search."""

    CAP = 10_000

    @cached_property
    def _found(self) -> int:
        return capped_count(self.object_list, self.CAP)

    @cached_property
    def count(self):
        return min(self._found, self.CAP)

    @property
    def capped(self) -> bool:
        """Whether more rows match than were counted (the pagination line says so)."""
        return self._found > self.CAP
