from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from board import identifiers


class Command(BaseCommand):
    help = "Make the account with this email a moderator (creating it if needed)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    @transaction.atomic
    def handle(self, *args, email, **options):
        try:
            validate_email(email)
        except Exception as error:
            raise CommandError(f"Not an email address: {email}") from error
        group = Group.objects.filter(name="Moderators").first()
        if group is None:
            raise CommandError("The Moderators group is missing; run `manage.py migrate`.")
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User(username=f"member-{identifiers.new_public_id()}", email=email)
            user.set_unusable_password()
        user.is_staff = True
        user.save()
        user.groups.add(group)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        self.stdout.write(f"{email} is a moderator.")
        if created:
            self.stdout.write(
                "The account is new and has no password: set one through "
                "/accounts/password/reset/ (or sign in with an emailed code), then open /admin/."
            )
