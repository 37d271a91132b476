"""Decisions on posts, as bulk actions on the queue and as buttons on a post's page.

Both ask for a canned reason and/or free text, call the same service, and say exactly what
happened to each post. After a button, the moderator lands on the next item of the queue.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..models import Post
from .decisions import DECISIONS, available, title, why_not
from .forms import ModerationReasonForm
from .queue import next_item_url
from .reasons import CANNED_REASONS


class DecidesPosts:
    """Mixed into PostAdmin: the five decisions, in bulk and one at a time."""

    actions = ["approve", "reject", "remove", "restore", "dismiss"]

    def has_moderate_permission(self, request):
        return request.user.has_perm("board.moderate_post")

    def _apply(self, request, post, decision, reason) -> bool:
        """Run one decision through its service and tell the moderator what happened."""
        changed = decision.service(post=post, moderator=request.user, reason=reason)
        if changed:
            self.message_user(
                request,
                gettext("%(post)s: %(done)s.") % {"post": title(post), "done": decision.done},
                messages.SUCCESS,
            )
        else:
            post.refresh_from_db()
            self.message_user(
                request,
                gettext("%(post)s: not %(done)s, because %(why)s.")
                % {"post": title(post), "done": decision.done, "why": why_not(decision, post)},
                messages.WARNING,
            )
        return changed

    # Bulk, from the changelist, with an intermediate page asking for the reason

    def _bulk(self, request, queryset, name):
        decision = DECISIONS[name]
        form = ModerationReasonForm(
            request.POST if "apply" in request.POST else None, canned=CANNED_REASONS[name]
        )
        if form.is_valid():
            for post in queryset:
                self._apply(request, post, decision, form.reason)
            return None
        return TemplateResponse(
            request,
            "admin/board/post/moderation_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("%(decision)s %(count)s post(s): give a reason")
                % {"decision": decision.label, "count": queryset.count()},
                "action": name,
                "button": decision.label,
                "posts": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Approve and publish selected posts"), permissions=["moderate"])
    def approve(self, request, queryset):
        return self._bulk(request, queryset, "approve")

    @admin.action(description=_("Reject selected posts"), permissions=["moderate"])
    def reject(self, request, queryset):
        return self._bulk(request, queryset, "reject")

    @admin.action(description=_("Remove selected posts"), permissions=["moderate"])
    def remove(self, request, queryset):
        return self._bulk(request, queryset, "remove")

    @admin.action(description=_("Restore selected posts"), permissions=["moderate"])
    def restore(self, request, queryset):
        return self._bulk(request, queryset, "restore")

    @admin.action(
        description=_("Dismiss reports on selected live posts (keep them up)"),
        permissions=["moderate"],
    )
    def dismiss(self, request, queryset):
        return self._bulk(request, queryset, "dismiss")

    # One at a time, from buttons on the post's page

    def decision_urls(self):
        return [
            path(
                "<int:pk>/decide/<str:name>/",
                self.admin_site.admin_view(require_POST(self.decide_view)),
                name="board_post_decide",
            )
        ]

    def decision_forms(self, request, post):
        """One form per decision that applies to the post now, for its change page."""
        if not self.has_moderate_permission(request):
            return []
        return [
            {
                "decision": decision,
                "form": ModerationReasonForm(
                    canned=CANNED_REASONS[decision.name], prefix=decision.name
                ),
            }
            for decision in available(post)
        ]

    def decide_view(self, request, pk, name):
        if not self.has_moderate_permission(request) or name not in DECISIONS:
            raise PermissionDenied
        post = get_object_or_404(Post, pk=pk)
        decision = DECISIONS[name]
        form = ModerationReasonForm(request.POST, canned=CANNED_REASONS[name], prefix=name)
        if not form.is_valid():
            self.message_user(
                request,
                gettext("%(post)s: nothing done. Choose a reason or write one to %(decision)s.")
                % {"post": title(post), "decision": decision.label.lower()},
                messages.ERROR,
            )
            return redirect("admin:board_post_change", pk)
        if not self._apply(request, post, decision, form.reason):  # it explained why not
            return redirect("admin:board_post_change", pk)
        return redirect(next_item_url(after=("post", post.pk)))
