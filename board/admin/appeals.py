"""Appeals in the admin: the original decision and reason beside the person's words, and
an answer (uphold or overturn) that reaches them; then on to the next queue item."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import Appeal, AppealStatus
from ..services import appeals
from .base import HidesAccounts
from .queue import next_item_url


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("The appellant reads this. Never include anyone's identity."),
    )


@admin.register(Appeal)
class AppealAdmin(HidesAccounts, admin.ModelAdmin):
    list_display = ["__str__", "status", "created_at", "answered_at"]
    list_filter = ["status"]
    show_facets = admin.ShowFacets.NEVER
    fields = ["original", "original_reason", "text", "status", "answer", "created_at"]
    readonly_fields = fields
    change_form_template = "admin/board/appeal/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decision", "suspension", "post")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # answered through the buttons, never edited

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("board.moderate_post")

    def has_module_permission(self, request):
        return request.user.has_perm("board.moderate_post")

    @admin.display(description=_("Decision appealed"))
    def original(self, appeal):
        if appeal.post_id is None:
            return appeal.original_kind.capitalize()
        url = reverse("admin:board_post_change", args=[appeal.post_id])
        return format_html(
            gettext("{decision} of {post}"),
            decision=appeal.original_kind.capitalize(),
            post=format_html('<a href="{}">{}</a>', url, appeal.post),
        )

    @admin.display(description=_("Reason given"))
    def original_reason(self, appeal):
        return appeal.original_reason

    def change_view(self, request, object_id, form_url="", extra_context=None):
        appeal = self.get_object(request, object_id)
        context = {"answer_form": AnswerForm() if appeal and appeal.status == "open" else None}
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/answer/",
                self.admin_site.admin_view(require_POST(self.answer_view)),
                name="board_appeal_answer",
            ),
            *super().get_urls(),
        ]

    def answer_view(self, request, pk):
        if not request.user.has_perm("board.moderate_post"):
            raise PermissionDenied
        appeal = get_object_or_404(Appeal, pk=pk)
        form = AnswerForm(request.POST)
        overturn = "overturn" in request.POST
        if not form.is_valid():
            self.message_user(request, _("Nothing done: write the answer first."), messages.ERROR)
            return redirect("admin:board_appeal_change", pk)
        if not appeals.answer_appeal(
            appeal=appeal,
            moderator=request.user,
            overturn=overturn,
            answer=form.cleaned_data["answer"],
        ):
            self.message_user(
                request, _("Nothing done: this appeal was already answered."), messages.WARNING
            )
            return redirect("admin:board_appeal_change", pk)
        if appeal.status == AppealStatus.OVERTURNED:
            done = _("Appeal answered: the decision was overturned; they are told.")
        else:
            done = _("Appeal answered: the decision was upheld; they are told.")
        self.message_user(request, done)
        return redirect(next_item_url(after=("appeal", appeal.pk)))
