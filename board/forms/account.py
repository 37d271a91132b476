"""Account forms: sign-up extras, a display name, and confirming deletion. They validate;
services write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONFIRM_WORD = "DELETE"


class SignupExtrasForm(forms.Form):
    """Extra questions on allauth's signup form: a chosen name, adults only, guidelines."""

    display_name = forms.CharField(
        required=False,
        max_length=40,
        label=_("What should we call you? (optional)"),
        help_text=_(
            "Used only in emails and pages meant for you. It never appears on your "
            "posts or replies, which carry a pseudonym."
        ),
    )

    is_adult = forms.BooleanField(
        label=_("I am 18 or older."),
        error_messages={"required": _("You must be 18 or older to use the board.")},
    )
    accepts_guidelines = forms.BooleanField(
        label=_("I have read and accept the community guidelines."),
        error_messages={"required": _("Please accept the community guidelines to continue.")},
    )

    def signup(self, request, user):
        """allauth calls this after creating the user: keep the name they chose, if any."""
        name = " ".join(self.cleaned_data.get("display_name", "").split())
        if name:
            user.first_name = name
            user.save(update_fields=["first_name"])


class DisplayNameForm(forms.Form):
    """The name the board uses for you in emails and pages meant for you (never on posts)."""

    display_name = forms.CharField(
        required=False,
        max_length=40,
        label=_("Display name"),
        help_text=_(
            "Shown only to you (and, for moderators, in the admin). Leave it empty to be "
            "addressed by nothing at all. Posts and replies always carry a pseudonym instead."
        ),
    )

    def clean_display_name(self):
        return " ".join(self.cleaned_data["display_name"].split())


class AccountDeleteForm(forms.Form):
    """Confirm with the password (or, for accounts without one, by typing DELETE), and say
    what happens to the posts.
    """

    posts = forms.ChoiceField(
        label=_("What should happen to your posts and comments?"),
        widget=forms.RadioSelect,
        choices=[
            ("delete", _("Delete them: their text is erased from the board.")),
            (
                "keep",
                _(
                    "Leave them on the board, anonymous: they keep their pseudonym and nothing "
                    "links them to you any more."
                ),
            ),
        ],
        initial="delete",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["password"] = forms.CharField(
                label=_("Your password"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )
        else:
            self.fields["confirm"] = forms.CharField(
                label=_("Type %(word)s to confirm") % {"word": CONFIRM_WORD},
                help_text=_("Your account has no password, so we ask for this instead."),
            )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That is not your password."), code="wrong_password")
        return password

    def clean_confirm(self):
        typed = self.cleaned_data["confirm"].strip()
        if typed != CONFIRM_WORD:
            raise ValidationError(
                _("Type %(word)s in capitals to confirm."),
                code="not_confirmed",
                params={"word": CONFIRM_WORD},
            )
        return typed

    @property
    def delete_posts(self) -> bool:
        return self.cleaned_data["posts"] == "delete"
