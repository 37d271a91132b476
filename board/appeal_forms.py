"""The appeal form: the person's own words, screened by the service like any text."""

from django import forms

from .services.appeals import MAX_LENGTH


class AppealForm(forms.Form):
    text = forms.CharField(
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Why should a moderator look again?",
        help_text="In your own words. A moderator reads it; you can appeal each decision once.",
    )
