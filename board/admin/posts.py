"""Posts in the admin: the list (filterable by what waits), each post's page with its
decision buttons, and suspending an author from a post.

Moderators never see who wrote a post: only an opaque author reference with that author's
counts. Superusers alone can see the account.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import ActionKind, Flag, ModerationAction, Post, PostStatus
from ..models.posts import CHANGELIST_ORDER, QUEUE_ORDER
from ..services.accounts import SUSPENSION_PERIODS
from .base import CappedCountPaginator, HidesAccounts, ReadOnlyInline
from .forms import SuspendForm
from .places import PostAreaFilter
from .post_decisions import DecidesPosts
from .post_filters import (
    HELD_RULES,
    AuthorFilter,
    FlagReasonFilter,
    HeldReasonFilter,
    QueueFilter,
)
from .post_search import SearchesPostsByIndex


class FlagInline(ReadOnlyInline):
    model = Flag
    fields = ["reason", "note", "created_at"]


class ActionInline(ReadOnlyInline):
    model = ModerationAction
    verbose_name_plural = _("Moderation history")
    fields = ["created_at", "kind", "actor", "reason"]
    ordering = ["created_at"]


# The author panel counts at most this many of an author's posts.
AUTHOR_CAP = 1000


@admin.register(Post)
class PostAdmin(SearchesPostsByIndex, DecidesPosts, HidesAccounts, admin.ModelAdmin):
    list_display = [
        "headline_or_id",
        "status",
        "urgent",
        "flag_count",
        "held_for",
        "connection_type",
        "area",
        "submitted",
        "author_ref",
    ]
    list_display_links = ["headline_or_id"]
    list_filter = [
        QueueFilter,
        "status",
        HeldReasonFilter,
        FlagReasonFilter,
        "needs_urgent_review",
        "connection_type",
        PostAreaFilter,
        AuthorFilter,
    ]
    list_select_related = ["area", "area__parent"]
    list_per_page = 50
    # At a million posts: no COUNT(*) of the table per page, no per-choice filter counts.
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    # Index post_changelist (and one per filtered column) serves exactly this order.
    ordering = list(CHANGELIST_ORDER)
    change_form_template = "admin/board/post/change_form.html"
    inlines = [FlagInline, ActionInline]
    fieldsets = [
        (
            _("The post"),
            {
                "fields": [
                    "headline",
                    "rendered_story",
                    "connection_type",
                    "setting_tags",
                    "area",
                    "where_exactly",
                    "encounter_date",
                    "part_of_day",
                    "i_saw",
                    "i_am",
                    "public_link",
                ]
            },
        ),
        (
            _("Status"),
            {
                "fields": [
                    "status",
                    "status_reason",
                    "findings",
                    "flag_count",
                    "needs_urgent_review",
                    "published_at",
                    "expires_at",
                ]
            },
        ),
        (_("Author"), {"fields": ["author_panel"]}),
    ]

    def get_ordering(self, request):
        """The queue's own order when listing what waits (indexed either way)."""
        if QueueFilter.parameter_name in request.GET:
            return list(QUEUE_ORDER)
        return super().get_ordering(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        post = self.get_object(request, object_id)
        context = {"decisions": self.decision_forms(request, post) if post else []}
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if request.user.is_superuser:
            fieldsets.append((_("Account (superusers only)"), {"fields": ["author_account"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [f for _, options in self.get_fieldsets(request, obj) for f in options["fields"]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # Columns and read-only displays

    @admin.display(description=_("Headline"), ordering="headline")
    def headline_or_id(self, post):
        return post.headline or gettext("(deleted %(id)s)") % {"id": post.public_id}

    @admin.display(description=_("Urgent"), boolean=True, ordering="needs_urgent_review")
    def urgent(self, post):
        return post.needs_urgent_review

    @admin.display(description=_("Held for"))
    def held_for(self, post):
        labels = dict(HELD_RULES)
        return ", ".join(str(labels.get(code, code)) for code in post.held_reasons) or "—"

    @admin.display(description=_("Submitted"), ordering="created_at")
    def submitted(self, post):
        return post.created_at.date()

    @admin.display(description=_("Story as readers see it"))
    def rendered_story(self, post):
        return mark_safe(post.story_html)  # output of board.sanitize, stored at write time

    @admin.display(description=_("Screening findings"))
    def findings(self, post):
        if not post.screening_findings:
            return gettext("None")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} in {}: “{}” ({})</li>",
                (
                    (f["label"], f["field"], f["excerpt"], f["action"])
                    for f in post.screening_findings
                ),
            ),
        )

    @admin.display(description=_("Public page"))
    def public_link(self, post):
        if post.status == PostStatus.DELETED:
            return "—"
        return format_html('<a href="{}">{}</a>', post.get_absolute_url(), post.public_id)

    @admin.display(description=_("Author"))
    def author_panel(self, post):
        if not post.author_ref:
            return gettext("No account (demo or anonymised).")
        # Counted over the author's latest AUTHOR_CAP posts at most: a prolific spammer's page
        # opens as fast as anyone's (the count is bounded, docs/moderation.md "At scale").
        latest = Post.objects.filter(author_ref=post.author_ref).order_by("-created_at")
        counts = Post.objects.filter(pk__in=latest.values("pk")[: AUTHOR_CAP + 1]).aggregate(
            posts=Count("pk", distinct=True),
            held=Count("pk", filter=Q(actions__kind=ActionKind.HELD), distinct=True),
            removed=Count("pk", filter=Q(status=PostStatus.REMOVED), distinct=True),
        )
        if counts["posts"] > AUTHOR_CAP:
            scope = gettext("more than %(cap)d posts; of the latest %(latest)d") % {
                "cap": AUTHOR_CAP,
                "latest": AUTHOR_CAP + 1,
            }
        else:
            scope = ngettext("%(n)d post", "%(n)d posts", counts["posts"]) % {"n": counts["posts"]}
        changelist = reverse("admin:board_post_changelist") + f"?author_ref={post.author_ref}"
        suspend = reverse("admin:board_post_suspend_author", args=[post.pk])
        return format_html(
            '<p>{}</p><p><a href="{}">{}</a> · <a href="{}">{}</a></p>',
            gettext(
                "Reference %(ref)s: %(scope)s, %(held)d held at some point, %(removed)d removed."
            )
            % {"ref": post.author_ref, "scope": scope, **counts},
            changelist,
            gettext("See this author's posts"),
            suspend,
            gettext("Suspend this author"),
        )

    @admin.display(description=_("Account"))
    def author_account(self, post):
        if post.author is None:
            return "—"
        return f"{post.author.get_username()} <{post.author.email}> (id {post.author_id})"

    # Suspending an author, reached from a post so the account stays hidden

    def get_urls(self):
        return [
            *self.decision_urls(),
            path(
                "<int:pk>/suspend-author/",
                self.admin_site.admin_view(self.suspend_author_view),
                name="board_post_suspend_author",
            ),
            *super().get_urls(),
        ]

    def suspend_author_view(self, request, pk):
        if not self.has_moderate_permission(request) or not request.user.has_perm(
            "board.add_suspension"
        ):
            raise PermissionDenied
        post = get_object_or_404(Post, pk=pk)
        if post.author is None:
            self.message_user(
                request, gettext("This post has no account to suspend."), messages.ERROR
            )
            return redirect("admin:board_post_change", pk)
        form = SuspendForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            services.suspend_author(
                user=post.author,
                period=form.cleaned_data["period"],
                reason=form.cleaned_data["reason"],
                moderator=request.user,
            )
            label = SUSPENSION_PERIODS[form.cleaned_data["period"]][0]
            self.message_user(
                request,
                gettext("Author %(ref)s suspended (%(period)s).")
                % {"ref": post.author_ref, "period": label},
            )
            return redirect("admin:board_post_change", pk)
        return TemplateResponse(
            request,
            "admin/board/post/suspend_author.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Suspend author %(ref)s") % {"ref": post.author_ref},
                "post": post,
                "form": form,
                "opts": self.model._meta,
                "active": services.active_suspension(post.author),
            },
        )
