"""Links in emails point at the site: this machine's PORT in development, BOARD_SITE_URL in
production, and a deploy check refuses the localhost default."""

import os
import subprocess
import sys

import pytest
from django.core import checks, mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from board import services

pytestmark = pytest.mark.django_db


def _site_url_with(env: dict) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.BOARD_SITE_URL)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"PORT", "BOARD_SITE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_development_links_follow_the_port_the_server_runs_on():
    assert _site_url_with({"PORT": "9123"}) == "http://127.0.0.1:9123"
    assert _site_url_with({}) == "http://127.0.0.1:8000"


def test_board_site_url_wins_and_loses_its_trailing_slash():
    assert _site_url_with({"BOARD_SITE_URL": "https://board.example/"}) == "https://board.example"


def test_deploy_check_fails_while_the_site_url_points_at_this_machine(settings):
    settings.BOARD_SITE_URL = "http://127.0.0.1:8000"
    with pytest.raises(SystemCheckError, match="board.E002"):
        call_command("check", "--deploy", "--fail-level", "ERROR", "--tag", "security")


def test_deploy_check_passes_the_site_url_once_it_is_public(settings):
    settings.BOARD_SITE_URL = "https://board.example"
    found = checks.run_checks(include_deployment_checks=True, tags=["security"])
    assert "board.E002" not in {message.id for message in found}


def test_notice_emails_link_to_the_configured_site_and_the_appeal_page(
    settings, user, moderator, django_capture_on_commit_callbacks
):
    settings.BOARD_SITE_URL = "https://board.example"
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_author(
            user=user, period="24h", reason="Repeated posts.", moderator=moderator
        )
    body = mail.outbox[-1].body
    assert "https://board.example/appeal/" in body
    assert "127.0.0.1" not in body
