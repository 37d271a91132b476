"""Reported conversations: the only conversations moderators can ever read."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import Conversation, Message
from ..services import replies
from .base import HidesAccounts, ReadOnlyInline
from .queue import next_item_url


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
    change_form_template = "admin/board/conversation/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).reported().select_related("post")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _resolve(self, request, queryset, *, end: bool):
        """Resolve each report and say, per conversation, what happened or why not."""
        if end:
            done = gettext("%(conversation)s: resolved and ended.")
            not_done = gettext(
                "%(conversation)s: not resolved and ended, because its report was already resolved."
            )
        else:
            done = gettext("%(conversation)s: resolved.")
            not_done = gettext(
                "%(conversation)s: not resolved, because its report was already resolved."
            )
        for conversation in queryset:
            which = {"conversation": conversation}
            if replies.resolve_report(conversation=conversation, end=end):
                self.message_user(request, done % which, messages.SUCCESS)
            else:
                self.message_user(request, not_done % which, messages.WARNING)

    @admin.action(description=_("Mark reports resolved"), permissions=["change"])
    def resolve(self, request, queryset):
        self._resolve(request, queryset, end=False)

    @admin.action(description=_("Resolve and end the conversations"), permissions=["change"])
    def resolve_and_end(self, request, queryset):
        self._resolve(request, queryset, end=True)

    # Buttons on a reported conversation's page; then on to the next item of the queue.

    def get_urls(self):
        return [
            path(
                "<int:pk>/resolve/",
                self.admin_site.admin_view(require_POST(self.resolve_view)),
                name="board_conversation_resolve",
            ),
            *super().get_urls(),
        ]

    def resolve_view(self, request, pk):
        conversation = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, conversation):
            raise PermissionDenied
        self._resolve(request, [conversation], end="end" in request.POST)
        return redirect(next_item_url(after=("conversation", conversation.pk)))
