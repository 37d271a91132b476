"""System checks for a deployment: settings that are fine on a laptop and wrong in production."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "0.0.0.0"}


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Links in emails must point at the public site, not at this machine."""
    host = urlsplit(settings.BOARD_SITE_URL).hostname or ""
    if host in LOCAL_HOSTS or host.endswith(".localhost") or not host:
        return [
            Error(
                f"BOARD_SITE_URL is {settings.BOARD_SITE_URL!r}: every email would link to "
                "this machine.",
                hint="Set BOARD_SITE_URL to the public address, e.g. https://board.example.",
                id="board.E001",
            )
        ]
    return []
