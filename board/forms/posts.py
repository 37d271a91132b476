"""Forms: validate what people type and say clearly what is wrong. They do not orchestrate."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .. import languages, sanitize, screening
from ..models import ConnectionType, Language, PartOfDay, Post, SettingTag
from .places import PlaceFieldsMixin

STORY_MAX_LENGTH = 4000


class PostForm(PlaceFieldsMixin, forms.ModelForm):
    """The story of one encounter, as the poster tells it."""

    connection_type = forms.ChoiceField(
        choices=ConnectionType.choices,
        widget=forms.RadioSelect,
        label=_("What kind of connection?"),
    )
    setting_tags = forms.ModelMultipleChoiceField(
        queryset=SettingTag.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Where did it happen?"),
        help_text=_("Choose one or more."),
        error_messages={"required": _("Choose at least one setting.")},
    )
    encounter_date = forms.DateField(
        label=_("When did you meet?"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day of the encounter."),
    )
    part_of_day = forms.ChoiceField(
        choices=PartOfDay.choices, widget=forms.RadioSelect, label=_("Part of the day")
    )
    story = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=STORY_MAX_LENGTH,
        label=_("Your story"),
        help_text=format_lazy(
            _(
                "What happened, what you noticed, in up to {} characters. Simple Markdown "
                "works: *italics*, **bold**, lists, > quotes. No names, numbers or contact "
                "details."
            ),
            f"{STORY_MAX_LENGTH:,}",
        ),
        error_messages={
            "max_length": _(
                "Your story is %(show_value)s characters long and the limit is "
                "%(limit_value)s. Nothing was cut: shorten it below and send it again."
            )
        },
    )

    # Language (issue #18) -------------------------------------------------------------------
    language = forms.ChoiceField(
        choices=Language.choices,
        required=False,
        initial=Language.ENGLISH,
        label=_("Language of your story"),
        help_text=_("Search finds your story by the forms of its words in this language."),
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a language the board offers. Choose the language your "
                "story is written in, or “Other”."
            )
        },
    )

    def _suggest_language(self):
        """On a form sent back (preview, warnings, errors): say which language the text
        looks like, if that is not the one chosen. Never changes the choice."""
        text = f"{self.data.get('headline', '')} {self.data.get('story', '')}"
        self.suggested_language = languages.detect_language(text)
        chosen = self.data.get("language")
        if chosen and self.suggested_language and self.suggested_language != chosen:
            field = self.fields["language"]
            field.help_text = _(
                "This looks like %(language)s. If it is, choose %(language)s, so that search "
                "finds your story by its words."
            ) % {"language": Language(self.suggested_language).label}

    def _default_language(self, cleaned: dict) -> None:
        """Missing (an older form): the detector's guess, else the place's country's
        language, else English. Runs once the place is known (`clean`)."""
        if cleaned.get("language"):
            return
        area = cleaned.get("area")
        cleaned["language"] = self.suggested_language or languages.default_language_for_country(
            getattr(area, "country_code", None)
        )

    # ------------------------------------------------------------------------------------------

    def __init__(self, *args, country: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested_language = None
        if self.is_bound:
            self._suggest_language()
        # The place: country, city typed with suggestions, neighbourhood (forms/places.py).
        area = self.instance.area if self.instance.pk else None
        self.setup_places(area=area, country=country)
        self.place_fields_after("setting_tags")
        # The date picker offers no future day and nothing older than the board accepts.
        today = timezone.localdate()
        oldest = today - timedelta(days=settings.BOARD_MAX_ENCOUNTER_AGE_DAYS)
        self.fields["encounter_date"].widget.attrs.update(
            max=today.isoformat(), min=oldest.isoformat()
        )
        # Left out (an older form, a script): the post keeps its choice, or the default.
        self.fields["comment_mode"].required = False

    class Meta:
        model = Post
        fields = [
            "headline",
            "connection_type",
            "setting_tags",
            "where_exactly",
            "encounter_date",
            "part_of_day",
            "story",
            "language",
            "i_saw",
            "i_am",
            "recognition_question",
            "replies_enabled",
            "comment_mode",
            "match_hints_enabled",  # issue 19: possible-match hints
        ]
        widgets = {"comment_mode": forms.RadioSelect}
        labels = {
            "headline": _("Headline"),
            "where_exactly": _("Where exactly (optional)"),
            "i_saw": _("I saw (optional)"),
            "i_am": _("I am (optional)"),
            "recognition_question": _("A question only they could answer (optional)"),
            "comment_mode": _("Public comments under your story"),
        }
        help_texts = {
            "headline": _("A short line people will recognise, like “Red scarf on the L train”."),
            "where_exactly": _("A line, a stop or a kind of venue. Never an address."),
            "i_saw": _("What they looked like or were doing."),
            "i_am": _("How they might remember you."),
            "recognition_question": _(
                "Kept private. Whoever answers must reply to it, "
                "so only the right person can prove it was them."
            ),
            "comment_mode": _(
                "Readers can leave kind words. Comments are screened like posts; you can hide "
                "any of them, and change this later."
            ),
        }

    def clean_encounter_date(self):
        day = self.cleaned_data["encounter_date"]
        today = timezone.localdate()
        oldest = today - timedelta(days=settings.BOARD_MAX_ENCOUNTER_AGE_DAYS)
        if day > today:
            raise ValidationError(_("The encounter date cannot be in the future."), code="future")
        if day < oldest:
            raise ValidationError(
                _("That is more than %(days)s days ago; this board is for recent encounters."),
                code="too_old",
                params={"days": settings.BOARD_MAX_ENCOUNTER_AGE_DAYS},
            )
        return day

    def clean_comment_mode(self):
        chosen = self.cleaned_data.get("comment_mode")
        if chosen:
            return chosen
        if self.instance.pk:
            return self.instance.comment_mode
        return settings.BOARD_COMMENTS_DEFAULT

    def clean_headline(self):
        headline = " ".join(self.cleaned_data["headline"].split())
        if len(headline) < 5:
            raise ValidationError(_("Write a headline of at least 5 characters."), code="short")
        return headline

    def clean(self):
        """Screen the text: refuse outright, or remember what to warn the poster about."""
        cleaned = super().clean()
        self.clean_place(cleaned)
        self._default_language(cleaned)
        self.findings = screening.screen_post(cleaned)
        refused = [f for f in self.findings if f.action == screening.Action.REFUSE]
        if refused:
            raise ValidationError(
                _(
                    "This can't be posted: %(what)s. Please take it out; everything else you "
                    "wrote is kept."
                ),
                code="refused",
                params={"what": "; ".join(screening.describe(refused))},
            )
        return cleaned

    def preview(self) -> dict:
        """The whole post as it will appear (valid forms only), for the preview."""
        data = self.cleaned_data
        return {
            "headline": data["headline"],
            "connection_type": data["connection_type"],
            "connection_type_label": ConnectionType(data["connection_type"]).label,
            "area": data["area"],
            "encounter_date": data["encounter_date"],
            "part_of_day_label": PartOfDay(data["part_of_day"]).label,
            "setting_names": [tag.name for tag in data["setting_tags"]],
            "where_exactly": data.get("where_exactly", ""),
            "story_html": sanitize.render_markdown(data["story"]),
            "html_lang": "" if data["language"] == Language.OTHER else data["language"],
            "i_saw": data.get("i_saw", ""),
            "i_am": data.get("i_am", ""),
        }

    @property
    def warnings(self) -> list[str]:
        """What looks identifying (the post would be held for review)."""
        return screening.describe(getattr(self, "findings", []))

    def clean_story(self):
        story = self.cleaned_data["story"].strip()
        if len(story) < 20:
            raise ValidationError(_("Tell a little more: at least 20 characters."), code="short")
        return story
