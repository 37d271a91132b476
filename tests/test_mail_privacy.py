"""No personal data in logs by default: printed mail loses its addresses, and
`check --deploy` fails while a production process would print mail at all.
"""

import io

from django.core.mail import EmailMessage

from board.mail import EmailBackend

from .test_security import production_env, run_manage


def test_printed_mail_keeps_the_link_and_loses_the_addresses():
    stream = io.StringIO()
    message = EmailMessage(
        "Confirm your address",
        "Hello someone@example.org, confirm at https://board.example/accounts/confirm/abc123/",
        "board@localhost",
        ["someone@example.org"],
    )
    EmailBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "someone@example.org" not in printed
    assert "[email]" in printed
    assert "https://board.example/accounts/confirm/abc123/" in printed


def test_check_deploy_fails_while_production_would_print_mail(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_EMAIL_BACKEND"]  # the default: printed
    result = run_manage(env, "check", "--deploy")
    assert result.returncode != 0
    assert "board.E001" in result.stdout + result.stderr


def test_check_deploy_fails_on_django_s_own_console_backend_too(tmp_path):
    env = production_env(
        tmp_path, DJANGO_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    )
    result = run_manage(env, "check", "--deploy")
    assert "board.E001" in result.stdout + result.stderr


def test_development_may_print_mail(tmp_path):
    env = production_env(tmp_path, DJANGO_DEBUG="1")
    del env["DJANGO_EMAIL_BACKEND"]
    result = run_manage(env, "check", "--deploy")
    assert "board.E001" not in result.stdout + result.stderr
