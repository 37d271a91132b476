"""The alert form (how often, how long, and an address for people without an account)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Frequency
from ..services.alerts.config import setting


def _day_choices():
    return [(days, _("%(days)s days") % {"days": days}) for days in setting("BOARD_ALERT_DAYS")]


class AlertForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_(
            "We email you a link to confirm; nothing is sent until you follow it. Your address "
            "is stored encrypted, shown to nobody, and deleted with the alert."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=[
            (Frequency.DIGEST, _("At most one email a day")),
            (Frequency.EACH, _("An email for each new story")),
        ],
        initial=Frequency.DIGEST,
        widget=forms.RadioSelect,
    )
    days = forms.TypedChoiceField(
        label=_("For how long"),
        coerce=int,
        initial=30,
        widget=forms.RadioSelect,
        help_text=_("You can renew it from the link in every email."),
    )

    def __init__(self, *args, needs_email: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = _day_choices()
        if not needs_email:
            del self.fields["email"]


class AlertChangeForm(forms.Form):
    """One action on one alert from a manage page: renew, change how often, or delete."""

    alert = forms.CharField(max_length=32)
    action = forms.ChoiceField(
        choices=[("renew", "renew"), ("frequency", "frequency"), ("delete", "delete")]
    )
    days = forms.TypedChoiceField(coerce=int, required=False)
    frequency = forms.ChoiceField(choices=Frequency.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = _day_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "renew" and not cleaned.get("days"):
            self.add_error("days", forms.ValidationError(_("Choose how long."), code="required"))
        if cleaned.get("action") == "frequency" and not cleaned.get("frequency"):
            self.add_error(
                "frequency", forms.ValidationError(_("Choose how often."), code="required")
            )
        return cleaned
