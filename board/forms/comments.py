"""The comment box: plain text, a length limit with a visible counter. It validates; the
service screens and decides."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import FlagReason
from ..screening.disguise import unmask


class CommentForm(forms.Form):
    """A few kind words under a story."""

    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a few words first.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.BOARD_COMMENT_MAX_LENGTH
        field = self.fields["body"]
        # No maxlength attribute: a browser would cut pasted text silently. The counter
        # (static/js/counter.js) shows the limit; the server says when it is passed.
        field.widget.attrs["data-maxlength"] = limit
        field.help_text = _(
            "Plain text, up to %(limit)s characters. No names, contact details or links to "
            "anyone's profile."
        ) % {"limit": f"{limit:,}"}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not unmask(body).strip():  # only invisible characters: nothing to read
            raise ValidationError(_("Write a few words first."), code="required")
        limit = settings.BOARD_COMMENT_MAX_LENGTH
        if len(body) > limit:
            raise ValidationError(
                _(
                    "Your comment is %(length)s characters long and the limit is %(limit)s. "
                    "Nothing was cut: shorten it and send it again."
                ),
                code="max_length",
                params={"length": f"{len(body):,}", "limit": f"{limit:,}"},
            )
        return body


class CommentFlagForm(forms.Form):
    """A reader's report about a comment: the same reasons as for posts."""

    reason = forms.ChoiceField(
        choices=[c for c in FlagReason.choices if c[0] != FlagReason.ABOUT_ME],
        widget=forms.RadioSelect,
        label=_("What is wrong with this comment?"),
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Anything moderators should know (optional)"),
        help_text=_("Required if you chose “Something else”. The writer never learns who flagged."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == FlagReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", ValidationError(_("Tell us what is wrong."), code="required"))
        return cleaned


class CommentDecisionForm(forms.Form):
    """A moderator's decision on a comment, with a reason (required to remove)."""

    decision = forms.ChoiceField(
        choices=[
            ("approve", _("Approve")),
            ("remove", _("Remove")),
            ("restore", _("Restore")),
            ("dismiss", _("Dismiss reports (keep it up)")),
        ]
    )
    reason = forms.CharField(required=False, max_length=1000, label=_("Reason"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "remove" and not cleaned.get("reason", "").strip():
            self.add_error("reason", ValidationError(_("Say why it is removed."), code="required"))
        return cleaned
