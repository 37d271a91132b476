"""The coping section in the admin: articles (with a rendered preview), prompts, helplines.

Reflections are deliberately not registered: they are private to their writer, and not
even a superuser reads them here.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import sanitize
from ..models import Helpline, JournalPrompt, PromptTopic, Resource
from ..services import resources as resource_services
from .base import RefreshesPublicPages

TYPE_FIELDS = ("suits_romantic", "suits_platonic", "suits_professional")


@admin.display(description=_("Suits"))
def suited_types(obj) -> str:
    return ", ".join(obj.types)


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "order",
        "is_published",
        suited_types,
        "last_reviewed",
        "reading_time",
    ]
    list_filter = ["category", "is_published", *TYPE_FIELDS]
    list_editable = ["order", "is_published"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["reading_time", "rendered_preview", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "category", "order", "is_published"]}),
        (_("Who it suits"), {"fields": list(TYPE_FIELDS)}),
        (_("Text"), {"fields": ["body", "rendered_preview", "reading_time"]}),
        (_("Review"), {"fields": ["last_reviewed", "updated_at"]}),
    ]

    @admin.display(description=_("Reading time"))
    def reading_time(self, obj) -> str:
        if not obj or not obj.body:
            return "–"
        return gettext("%(minutes)s min") % {"minutes": obj.reading_minutes}

    @admin.display(description=_("Preview (as readers see it)"))
    def rendered_preview(self, obj):
        if not obj or not obj.body:
            return gettext("Save to see the rendered article.")
        # Only the sanitizer's output is marked safe.
        html = mark_safe(sanitize.render_article(obj.body))  # noqa: S308
        return format_html('<div class="prose" style="max-width: 42rem">{}</div>', html)

    def save_model(self, request, obj, form, change):
        resource_services.save_resource(resource=obj)


class JournalPromptAdminForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        choices=PromptTopic.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = JournalPrompt
        fields = ["text", "topics", *TYPE_FIELDS, "order", "is_published"]


@admin.register(JournalPrompt)
class JournalPromptAdmin(RefreshesPublicPages, admin.ModelAdmin):
    form = JournalPromptAdminForm
    list_display = ["text", "topic_list", suited_types, "order", "is_published"]
    list_filter = ["is_published", *TYPE_FIELDS]
    list_editable = ["order", "is_published"]
    search_fields = ["text"]

    @admin.display(description=_("Topics"))
    def topic_list(self, obj) -> str:
        return ", ".join(obj.topic_labels)


@admin.register(Helpline)
class HelplineAdmin(RefreshesPublicPages, admin.ModelAdmin):
    """Helplines by country; one without a country is an international directory."""

    list_display = ["name", "country", "phone", "sms", "hours", "checked_on", "is_published"]
    list_filter = ["is_published", ("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    search_fields = ["name", "purpose", "phone", "country__name", "country__code"]
    # A plain select (about 250 countries): an autocomplete asks the country admin, which
    # moderators may not view, and would offer them no country at all.
    fieldsets = [
        (None, {"fields": ["country", "name", "purpose", "order", "is_published"]}),
        (_("How to reach it"), {"fields": ["phone", "phone_dial", "sms", "chat_url", "hours"]}),
        (_("Where it was checked"), {"fields": ["link", "source_url", "checked_on"]}),
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
