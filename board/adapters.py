"""The one place allauth is customised for this board."""

import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_username
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils.html import strip_tags

from . import tasks


def user_display(user) -> str:
    """A person is shown by the display name they chose, or as nothing: never a username."""
    return (getattr(user, "first_name", "") or "").strip()


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user):
        """A random internal username, so nothing is derived from the email address."""
        user_username(user, f"member-{secrets.token_hex(6)}")

    def send_mail(self, template_prefix, email, context):
        """Rendered now, sent by a background task: no request waits on SMTP."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request)}
            | context,
        )
        if message.content_subtype == "html":  # allauth found no text template
            html, body = message.body, strip_tags(message.body)
        else:
            alternatives = getattr(message, "alternatives", [])
            html = next((part for part, kind in alternatives if kind == "text/html"), "")
            body = message.body
        # Everything the task needs is in its arguments, so it is queued at once (with the
        # database queue, inside the request's transaction if there is one).
        tasks.send_email.enqueue(
            subject=message.subject,
            body=body,
            from_email=message.from_email,
            to=list(message.to),
            html=html,
            headers=dict(message.extra_headers),
        )
