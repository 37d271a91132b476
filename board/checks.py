"""System checks of ours. `check --deploy` fails while production would print mail."""

from django.conf import settings
from django.core import checks

PRINTING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "board.mail.EmailBackend",
}


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
