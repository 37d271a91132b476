"""createsuperuser asks for an email, as the site signs in by email; the username is made up.

It replaces Django's command of the same name (board is listed before django.contrib.auth).
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.management.commands import createsuperuser
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_email

from board import identifiers


class Command(createsuperuser.Command):
    help = "Create a superuser who signs in with an email address (verified) and a password."

    def handle(self, *args, **options):
        field = self.UserModel.USERNAME_FIELD
        if options.get(field) is None:
            options[field] = f"member-{identifiers.new_public_id()}"
        email = options.get("email")
        if email is not None:
            options["email"] = self._checked_email(email, raise_error=True)
        super().handle(*args, **options)
        user = self.UserModel._default_manager.db_manager(options["database"]).get(
            **{field: options[field]}
        )
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )

    def get_input_data(self, field, message, default=None):
        """Ask for the email until a usable, unused one is given."""
        if field.name != "email":
            return super().get_input_data(field, message, default)
        while True:
            raw = input(message)
            checked = self._checked_email(raw)
            if checked:
                return checked

    def _checked_email(self, raw: str, *, raise_error: bool = False) -> str | None:
        email = (raw or "").strip()
        problem = None
        try:
            validate_email(email)
        except ValidationError:
            problem = "Enter the email address this person will sign in with."
        else:
            if self.UserModel._default_manager.filter(email__iexact=email).exists():
                problem = "An account with this email already exists."
        if problem is None:
            return email
        if raise_error:
            raise CommandError(problem)
        self.stderr.write(f"Error: {problem}")
        return None
