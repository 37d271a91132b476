"""System checks of ours: settings that are fine on a laptop and wrong in production.
`check --deploy` fails while production would print mail or link emails to this machine."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

PRINTING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "board.mail.EmailBackend",
}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "0.0.0.0"}


@checks.register(checks.Tags.security, deploy=True)
def mail_is_not_printed_in_production(app_configs, **kwargs):
    if settings.DEBUG or settings.EMAIL_BACKEND not in PRINTING_BACKENDS:
        return []
    return [
        checks.Error(
            "Production would print every email, with its recipients, to the server's output.",
            hint="Set DJANGO_EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend) "
            "and DJANGO_EMAIL_HOST; see README.md.",
            id="board.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Links in emails must point at the public site, not at this machine."""
    host = urlsplit(settings.BOARD_SITE_URL).hostname or ""
    if host in LOCAL_HOSTS or host.endswith(".localhost") or not host:
        return [
            checks.Error(
                f"BOARD_SITE_URL is {settings.BOARD_SITE_URL!r}: every email would link to "
                "this machine.",
                hint="Set BOARD_SITE_URL to the public address, e.g. https://board.example.",
                id="board.E002",
            )
        ]
    return []
