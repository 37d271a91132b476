"""Forms used inside the admin: decision reasons, suspensions, term rules."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import TermRule
from ..services.accounts import SUSPENSION_PERIODS


class ModerationReasonForm(forms.Form):
    """A canned reason, free text, or both; the poster sees the result."""

    canned = forms.ChoiceField(required=False, widget=forms.RadioSelect, label=_("Reason"))
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        label=_("In your own words (optional if you chose a reason above)"),
        help_text=_("The poster reads this. Never include who flagged or anyone's identity."),
    )

    def __init__(self, *args, canned, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canned"].choices = [(text, text) for text in canned]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("canned") and not cleaned.get("note", "").strip():
            raise ValidationError(_("Choose a reason or write one."), code="required")
        return cleaned

    @property
    def reason(self) -> str:
        parts = [self.cleaned_data.get("canned", ""), self.cleaned_data.get("note", "").strip()]
        return " ".join(part for part in parts if part)


class SuspendForm(forms.Form):
    period = forms.ChoiceField(
        choices=[(key, label) for key, (label, _) in SUSPENSION_PERIODS.items()],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("The person is told this reason and until when."),
    )


class TermRuleForm(forms.ModelForm):
    class Meta:
        model = TermRule
        fields = ["pattern", "is_regex", "action", "label", "is_active"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_regex") and cleaned.get("pattern"):
            try:
                re.compile(cleaned["pattern"])
            except re.error as error:
                self.add_error(
                    "pattern",
                    gettext("Not a valid regular expression: %(error)s.") % {"error": error},
                )
        return cleaned
