"""Reported conversations: the only conversations moderators can ever read."""

from django.contrib import admin

from ..models import Conversation, Message
from ..services import replies
from .base import HidesAccounts, ReadOnlyInline


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "sender", "body"]


@admin.register(Conversation)
class ReportedConversationAdmin(HidesAccounts, admin.ModelAdmin):
    """Lists only reported conversations; everything else stays private, even here."""

    list_display = [
        "__str__",
        "reported_at",
        "reported_by",
        "report_reason",
        "status",
        "report_resolved_at",
    ]
    list_filter = ["status", ("report_resolved_at", admin.EmptyFieldListFilter)]
    ordering = ["report_resolved_at", "-reported_at"]
    fields = [
        "post",
        "poster_alias",
        "replier_alias",
        "status",
        "answer",
        "reported_at",
        "reported_by",
        "report_reason",
        "report_resolved_at",
    ]
    readonly_fields = fields
    inlines = [MessageInline]
    actions = ["resolve", "resolve_and_end"]

    def get_queryset(self, request):
        return super().get_queryset(request).reported().select_related("post")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Mark reports resolved", permissions=["change"])
    def resolve(self, request, queryset):
        done = sum(replies.resolve_report(conversation=c) for c in queryset)
        self.message_user(request, f"Resolved {done} report(s).")

    @admin.action(description="Resolve and end the conversations", permissions=["change"])
    def resolve_and_end(self, request, queryset):
        done = sum(replies.resolve_report(conversation=c, end=True) for c in queryset)
        self.message_user(request, f"Resolved and ended {done} conversation(s).")
