"""Forms: validate what people type and say clearly what is wrong. They do not orchestrate."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from .. import sanitize, screening
from ..models import ConnectionType, PartOfDay, Post, SettingTag
from .places import PlaceFieldsMixin

STORY_MAX_LENGTH = 4000


class PostForm(PlaceFieldsMixin, forms.ModelForm):
    """The story of one encounter, as the poster tells it."""

    connection_type = forms.ChoiceField(
        choices=ConnectionType.choices,
        widget=forms.RadioSelect,
        label="What kind of connection?",
    )
    setting_tags = forms.ModelMultipleChoiceField(
        queryset=SettingTag.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label="Where did it happen?",
        help_text="Choose one or more.",
        error_messages={"required": "Choose at least one setting."},
    )
    encounter_date = forms.DateField(
        label="When did you meet?",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day of the encounter.",
    )
    part_of_day = forms.ChoiceField(
        choices=PartOfDay.choices, widget=forms.RadioSelect, label="Part of the day"
    )
    story = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=STORY_MAX_LENGTH,
        label="Your story",
        help_text=f"What happened, what you noticed, in up to {STORY_MAX_LENGTH:,} characters. "
        "Simple Markdown works: *italics*, **bold**, lists, > quotes. No names, numbers or "
        "contact details.",
        error_messages={
            "max_length": "Your story is %(show_value)s characters long and the limit is "
            "%(limit_value)s. Nothing was cut: shorten it below and send it again."
        },
    )

    def __init__(self, *args, country: str = "", **kwargs):
        super().__init__(*args, **kwargs)
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
            "i_saw",
            "i_am",
            "recognition_question",
            "replies_enabled",
        ]
        labels = {
            "headline": "Headline",
            "where_exactly": "Where exactly (optional)",
            "i_saw": "I saw (optional)",
            "i_am": "I am (optional)",
            "recognition_question": "A question only they could answer (optional)",
        }
        help_texts = {
            "headline": "A short line people will recognise, like “Red scarf on the L train”.",
            "where_exactly": "A line, a stop or a kind of venue. Never an address.",
            "i_saw": "What they looked like or were doing.",
            "i_am": "How they might remember you.",
            "recognition_question": "Kept private. Whoever answers must reply to it, "
            "so only the right person can prove it was them.",
        }

    def clean_encounter_date(self):
        day = self.cleaned_data["encounter_date"]
        today = timezone.localdate()
        oldest = today - timedelta(days=settings.BOARD_MAX_ENCOUNTER_AGE_DAYS)
        if day > today:
            raise ValidationError("The encounter date cannot be in the future.", code="future")
        if day < oldest:
            raise ValidationError(
                "That is more than %(days)s days ago; this board is for recent encounters.",
                code="too_old",
                params={"days": settings.BOARD_MAX_ENCOUNTER_AGE_DAYS},
            )
        return day

    def clean_headline(self):
        headline = " ".join(self.cleaned_data["headline"].split())
        if len(headline) < 5:
            raise ValidationError("Write a headline of at least 5 characters.", code="short")
        return headline

    def clean(self):
        """Screen the text: refuse outright, or remember what to warn the poster about."""
        cleaned = super().clean()
        self.clean_place(cleaned)
        self.findings = screening.screen_post(cleaned)
        refused = [f for f in self.findings if f.action == screening.Action.REFUSE]
        if refused:
            raise ValidationError(
                "This can't be posted: %(what)s. Please take it out; everything else you "
                "wrote is kept.",
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
            raise ValidationError("Tell a little more: at least 20 characters.", code="short")
        return story
