"""The one place allauth is customised for this board."""

import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_username


def user_display(user) -> str:
    """A person is shown by the display name they chose, or as nothing: never a username."""
    return (getattr(user, "first_name", "") or "").strip()


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        """A random internal username, so nothing is derived from the email address."""
        user_username(user, f"member-{secrets.token_hex(6)}")
