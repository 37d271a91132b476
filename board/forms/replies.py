"""Forms for private replies and conversations; plain text only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import NotificationSettings

MESSAGE_MAX_LENGTH = 2000


class ReplyForm(forms.Form):
    """Answer the poster's question (if they set one) and say a few words."""

    answer = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Your answer to the poster's question"),
        help_text=_("Only the poster sees it. It is how they know it was really you."),
    )
    message = forms.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Your message"),
        help_text=_("Plain text. Contact details stay hidden until the poster accepts."),
    )

    def __init__(self, *args, question: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if question:
            self.fields["answer"].label = _("Their question: “%(question)s”") % {
                "question": question
            }
            self.fields["answer"].error_messages["required"] = _(
                "Answer the question, so the poster can tell it was you."
            )
        else:
            del self.fields["answer"]

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 2:
            raise ValidationError(_("Write a short message."), code="short")
        return message


class MessageForm(forms.Form):
    body = forms.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Your message"),
        error_messages={"required": _("Write something to send.")},
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("What is wrong?"),
        help_text=_("Moderators will read this conversation to review your report."),
        error_messages={"required": _("Tell the moderators what happened.")},
    )


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["email_about_replies", "email_about_posts"]
