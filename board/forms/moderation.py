"""Reports from readers: flags and "this is about me" takedown requests. They validate;
services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import FlagReason


class FlagForm(forms.Form):
    """A reader's report about a post."""

    reason = forms.ChoiceField(
        choices=[c for c in FlagReason.choices if c[0] != FlagReason.ABOUT_ME],
        widget=forms.RadioSelect,
        label=_("What is wrong with this post?"),
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Anything moderators should know (optional)"),
        help_text=_(
            "Required if you chose “Something else”. Moderators see this; the poster "
            "never learns who flagged."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == FlagReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", ValidationError(_("Tell us what is wrong."), code="required"))
        return cleaned


class TakedownForm(forms.Form):
    """Anyone may ask for a post about them to come down; an emailed link confirms it."""

    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We email you a link to confirm, then the outcome. The poster never sees it."),
    )
    confirm = forms.BooleanField(
        label=_("This post is about me, and I want it taken down."),
        error_messages={"required": _("Tick the box to confirm the request.")},
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Anything moderators should know (optional)"),
    )
