"""Filters of the posts changelist. None of them counts rows: at a million posts a facet
count per choice would scan the table on every page."""

from django.contrib import admin
from django.db import connections
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .. import screening
from ..models import Flag, FlagReason, PostStatus
from .queue import POST_VIEWS

HELD_RULES = screening.RULE_LABELS  # one per detector, in the detectors' own words
NOT_IN_REVIEW = [PostStatus.PUBLISHED, PostStatus.DELETED, PostStatus.EXPIRED]  # post_review_queue


class QueueFilter(admin.SimpleListFilter):
    """What needs a decision, as the index's counts link to it; listed in queue order."""

    title = _("needs a decision")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("all", _("Everything waiting")),
            ("urgent", _("Urgent")),
            ("held", _("Held")),
            ("flagged", _("Open reports")),
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return POST_VIEWS.get(self.value(), POST_VIEWS["all"])(queryset)


class HeldReasonFilter(admin.SimpleListFilter):
    """Posts waiting for review (held, hidden, rejected, removed) held for one reason: the
    waiting statuses keep it on the review indexes instead of reading every post's JSON. On
    PostgreSQL the code is looked up in a GIN index of the posts in review (migration 0012);
    elsewhere each reviewed post's JSON text is matched."""

    title = _("reason held")
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return HELD_RULES

    def queryset(self, request, queryset):
        if self.value():
            reviewed = queryset.exclude(status__in=NOT_IN_REVIEW)
            if connections[queryset.db].vendor == "postgresql":
                return reviewed.filter(held_reasons__contains=[self.value()])
            return reviewed.filter(held_reasons__icontains=f'"{self.value()}"')
        return queryset


class FlagReasonFilter(admin.SimpleListFilter):
    title = _("flag reason")
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return FlagReason.choices

    def queryset(self, request, queryset):
        if self.value():
            flags = Flag.objects.filter(post=OuterRef("pk"), reason=self.value())
            return queryset.filter(Exists(flags))
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    """Only an author reference (from a post's author panel), never an account. Its
    parameter is not `author`: that name is the account's relation, which HidesAccounts
    refuses to moderators (400), so the panel's link would never open."""

    title = _("author")
    parameter_name = "author_ref"

    def lookups(self, request, model_admin):
        return [(self.value(), self.value())] if self.value() else []

    def queryset(self, request, queryset):
        return queryset.filter(author_ref=self.value()) if self.value() else queryset
