"""Comments in the admin: held, hidden and reported comments, shown with the post they
belong to; decision buttons (approve, remove, restore, keep up) call the comment
moderation services with a reason; the commenter's history by opaque reference, and a
way to suspend them, as for posts. Moderators see only what `moderate_post` allows."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import services
from ..forms import CommentDecisionForm
from ..models import (
    Comment,
    CommentAction,
    CommentFlag,
    CommentStatus,
    CommentTakedown,
    Post,
    PostStatus,
)
from ..services import comment_moderation
from ..services.accounts import SUSPENSION_PERIODS
from .base import HidesAccounts, ReadOnlyInline
from .forms import SuspendForm
from .queue import next_item_url


class ModeratorsInline(ReadOnlyInline):
    """Shown to whoever may moderate: the comment's own admin decides who that is."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("board.moderate_post")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommentFlagInline(ModeratorsInline):
    model = CommentFlag
    fields = ["reason", "note", "created_at"]


class CommentTakedownInline(ModeratorsInline):
    """ "This is about me" requests: the reference, outcome and note, never the address."""

    model = CommentTakedown
    fields = ["reference", "outcome", "note", "created_at", "confirmed_at"]


class CommentActionInline(ModeratorsInline):
    model = CommentAction
    fields = ["created_at", "kind", "reason"]


class QueueFilter(admin.SimpleListFilter):
    title = gettext_lazy("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("waiting", gettext_lazy("Waiting for a decision"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.needing_decision()
        return queryset


@admin.register(Comment)
class CommentAdmin(HidesAccounts, admin.ModelAdmin):
    list_display = ["__str__", "on_post", "status", "flag_count", "needs_urgent_review", "day"]
    list_filter = [QueueFilter, "status", "needs_urgent_review"]
    list_select_related = ["post"]
    ordering = ["-needs_urgent_review", "-flag_count", "created_at"]
    show_full_result_count = False
    fields = [
        "on_post",
        "status",
        "status_reason",
        "shown_as",
        "body",
        "findings",
        "flag_count",
        "needs_urgent_review",
        "reports_open_since",
        "kept_after_review",
        "created_at",
        "author_panel",
    ]
    readonly_fields = fields
    inlines = [CommentFlagInline, CommentTakedownInline, CommentActionInline]
    change_form_template = "admin/board/comment/change_form.html"

    # Moderators (who may moderate posts) see and decide on comments; nobody adds or deletes.

    def _moderates(self, request) -> bool:
        return request.user.is_active and request.user.has_perm("board.moderate_post")

    def has_module_permission(self, request):
        return self._moderates(request)

    def has_view_permission(self, request, obj=None):
        return self._moderates(request)

    def has_change_permission(self, request, obj=None):
        return self._moderates(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("On the post"))
    def on_post(self, comment):
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">{}</a>)',
            reverse("admin:board_post_change", args=[comment.post_id]),
            comment.post.headline or comment.post.public_id,
            comment.post.get_absolute_url() + "#comments",
            _("public page"),
        )

    @admin.display(description=gettext_lazy("Shown as"))
    def shown_as(self, comment):
        return _("the poster") if comment.by_poster else comment.pseudonym

    @admin.display(description=gettext_lazy("What screening found"))
    def findings(self, comment):
        if not comment.screening_findings:
            return _("Nothing")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: “{}”</li>",
                ((f["label"], f["excerpt"]) for f in comment.screening_findings),
            ),
        )

    @admin.display(description=gettext_lazy("Commenter"))
    def author_panel(self, comment):
        """The commenter's history by opaque reference: removals count towards a
        suspension as a post's do."""
        if not comment.author_ref:
            return _("No account (anonymised).")
        comments = Comment.objects.filter(author_ref=comment.author_ref).aggregate(
            total=Count("pk", distinct=True),
            removed=Count("pk", filter=Q(status=CommentStatus.REMOVED), distinct=True),
            held=Count("pk", filter=Q(actions__kind="held"), distinct=True),
        )
        posts = Post.objects.filter(author_ref=comment.author_ref).aggregate(
            total=Count("pk"), removed=Count("pk", filter=Q(status=PostStatus.REMOVED))
        )
        suspend = reverse("admin:board_comment_suspend_author", args=[comment.pk])
        return format_html(
            '<p>{}</p><p><a href="{}">{}</a></p>',
            _(
                "Reference %(ref)s: %(comments)s comments (%(held)s held at some point, "
                "%(removed)s removed); %(posts)s posts (%(posts_removed)s removed)."
            )
            % {
                "ref": comment.author_ref,
                "comments": comments["total"],
                "held": comments["held"],
                "removed": comments["removed"],
                "posts": posts["total"],
                "posts_removed": posts["removed"],
            },
            suspend,
            _("Suspend this commenter"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = self.get_object(request, object_id)
        decisions = []
        if comment is not None:
            for name, (_service, allowed) in comment_moderation.DECISIONS.items():
                if comment.status in allowed:
                    decisions.append(name)
        extra = {
            **(extra_context or {}),
            "decisions": decisions,
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(require_POST(self.decide_view)),
                name="board_comment_decide",
            ),
            path(
                "<int:pk>/suspend-author/",
                self.admin_site.admin_view(self.suspend_author_view),
                name="board_comment_suspend_author",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        """One decision through its service, with a reason; then the next queue item."""
        if not self._moderates(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=pk)
        form = CommentDecisionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return redirect("admin:board_comment_change", pk)
        name = form.cleaned_data["decision"]
        service, _allowed = comment_moderation.DECISIONS[name]
        changed = service(
            comment=comment, moderator=request.user, reason=form.cleaned_data["reason"]
        )
        if changed:
            self.message_user(request, _("%(comment)s: done (%(what)s).") % {
                "comment": comment, "what": name}, messages.SUCCESS)  # fmt: skip
        else:
            self.message_user(
                request,
                _("%(comment)s: nothing changed; it is %(status)s.")
                % {"comment": comment, "status": comment.get_status_display().lower()},
                messages.WARNING,
            )
            return redirect("admin:board_comment_change", pk)
        return redirect(next_item_url(after=("comment", comment.pk)))

    def suspend_author_view(self, request, pk):
        if not self._moderates(request) or not request.user.has_perm("board.add_suspension"):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=pk)
        if comment.author is None:
            self.message_user(request, _("This comment has no account to suspend."), messages.ERROR)
            return redirect("admin:board_comment_change", pk)
        form = SuspendForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            services.suspend_author(
                user=comment.author,
                period=form.cleaned_data["period"],
                reason=form.cleaned_data["reason"],
                moderator=request.user,
            )
            label = SUSPENSION_PERIODS[form.cleaned_data["period"]][0]
            self.message_user(request, _("Commenter %(ref)s suspended (%(label)s).") % {
                "ref": comment.author_ref, "label": label})  # fmt: skip
            return redirect("admin:board_comment_change", pk)
        return TemplateResponse(
            request,
            "admin/board/comment/suspend_author.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Suspend commenter %(ref)s") % {"ref": comment.author_ref},
                "comment": comment,
                "form": form,
                "opts": self.model._meta,
                "active": services.active_suspension(comment.author),
            },
        )
