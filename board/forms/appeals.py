"""Asking for a second look: an appeal, or a refused takedown asked again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.appeals import MAX_LENGTH


class AppealForm(forms.Form):
    text = forms.CharField(
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=_("Why should a moderator look again?"),
        help_text=_("In your own words. A moderator reads it; you can appeal each decision once."),
    )


class TakedownAgainForm(forms.Form):
    note = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("What did the moderator miss?"),
        help_text=_("For example what in the post points to you. Only moderators read it."),
    )
