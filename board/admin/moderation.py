"""Admin for term rules, flags, the moderation record and suspensions."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import identifiers, services, tasks
from ..models import Flag, ModerationAction, Suspension, TakedownRequest, TermRule
from .base import HidesAccounts
from .forms import TermRuleForm


class ReadOnlyAdmin(HidesAccounts, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TermRule)
class TermRuleAdmin(HidesAccounts, admin.ModelAdmin):
    form = TermRuleForm
    list_display = ["pattern", "is_regex", "action", "label", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["action", "is_regex", "is_active"]
    search_fields = ["pattern", "label"]

    # Any change to the rules re-screens live posts once the change commits.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        tasks.rescreen_after_commit()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        tasks.rescreen_after_commit()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        tasks.rescreen_after_commit()


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["post", "reason", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["post"]
    fields = ["post", "reason", "note", "created_at"]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "actor", "post", "reason"]
    list_filter = ["kind", "actor"]
    list_select_related = ["post"]
    fields = ["created_at", "kind", "actor", "post", "reason"]


@admin.register(Suspension)
class SuspensionAdmin(HidesAccounts, admin.ModelAdmin):
    list_display = ["author_ref", "starts_at", "ends_at", "lifted_at", "reason"]
    fields = ["author_ref", "reason", "starts_at", "ends_at", "lifted_at"]
    readonly_fields = fields
    actions = ["lift"]

    def has_add_permission(self, request):
        return False  # suspensions start from a post's author panel

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Author"))
    def author_ref(self, suspension):
        return identifiers.author_ref(suspension.user_id)

    @admin.action(description=_("Lift selected suspensions"), permissions=["add"])
    def lift(self, request, queryset):
        for suspension in queryset:
            who = {"ref": identifiers.author_ref(suspension.user_id)}
            if services.lift_suspension(suspension=suspension):
                self.message_user(
                    request, gettext("Suspension of %(ref)s: lifted.") % who, messages.SUCCESS
                )
            else:
                self.message_user(
                    request,
                    gettext("Suspension of %(ref)s: not lifted, because it was already lifted.")
                    % who,
                    messages.WARNING,
                )


@admin.register(TakedownRequest)
class TakedownRequestAdmin(ReadOnlyAdmin):
    """Requests from the people posts describe; the address is for superusers only."""

    list_display = ["reference", "post", "outcome", "created_at", "confirmed_at", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["post"]
    search_fields = ["reference"]

    def get_fields(self, request, obj=None):
        fields = ["reference", "post", "outcome", "note", "created_at", "confirmed_at"]
        return [*fields, "email"] if request.user.is_superuser else fields
