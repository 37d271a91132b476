"""Production settings, response headers, cookies and sessions, the admin's sign-in and second
factor, friendly error pages, and logs that keep nothing personal.
"""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-test-password"


def production_env(tmp_path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "BOARD_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SECRET_KEY="k3Y-" + "x7Qp9Lm2Vb8Nc4Zr6Td1Wf5Hg0Js3Ka" * 2,
        DJANGO_ALLOWED_HOSTS="board.example",
        BOARD_SITE_URL="https://board.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        # Production names a real mail backend (check --deploy fails on printed mail).
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    env.update(extra)
    return env


def run_manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- Production configuration ---------------------------------------------------------


def test_check_deploy_passes_with_the_production_environment(tmp_path):
    result = run_manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


SHOW_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({n: getattr(s, n) "
    "for n in ['DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
    "'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', "
    "'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SAMESITE']}))"
)


def test_production_is_https_only_with_secure_cookies(tmp_path):
    result = run_manage(production_env(tmp_path), "shell", "-c", SHOW_SETTINGS)
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"


SHOW_DATABASE = (
    "import json; from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, [60, False]),
        ({"DJANGO_CONN_MAX_AGE": "0", "DJANGO_CONN_HEALTH_CHECKS": "1"}, [0, True]),
    ],
)
def test_database_connections_are_kept_as_the_environment_says(tmp_path, extra, expected):
    """SQLite keeps its connection too: opening one costs more than the list page's queries."""
    result = run_manage(production_env(tmp_path, **extra), "shell", "-c", SHOW_DATABASE)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected


def test_development_and_tests_speak_plain_http():
    assert not django_settings.SECURE_SSL_REDIRECT
    assert not django_settings.SESSION_COOKIE_SECURE
    assert django_settings.SECURE_HSTS_SECONDS == 0


@pytest.mark.django_db
def test_over_https_the_board_sends_hsts_and_redirects_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    plain = client.get("/guidelines/")
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    secure = client.get("/guidelines/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


# --- Headers on every response --------------------------------------------------------


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/guidelines/", "/accounts/login/", "/admin/", "/no-such-page/", "/me/"]
)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    csp = csp_directives(response["Content-Security-Policy"])
    assert "unsafe" not in response["Content-Security-Policy"]
    for name in ("default-src", "script-src", "style-src", "img-src"):
        assert csp[name] == ["'self'"], name
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_only_the_totp_setup_page_may_show_a_data_image(client, make_user):
    staff = make_user(is_staff=True, mfa=False, password=PASSWORD)
    sign_in(client, staff)
    # allauth asks for the password again before a second factor is added.
    client.post(client.get(reverse("mfa_activate_totp"))["Location"], {"password": PASSWORD})
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200
    assert "data:" in csp_directives(setup["Content-Security-Policy"])["img-src"]
    for path in ["/", reverse("board:account-home"), reverse("mfa_index")]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "data:" not in csp_directives(response["Content-Security-Policy"])["img-src"]


# A script element with a src (our own file, allowed by script-src 'self') is not inline.
INLINE = re.compile(
    r"<script(?![^>]*\ssrc=)|<style|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.IGNORECASE
)


def test_no_template_of_ours_has_inline_script_style_or_handlers():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []


def inline_code(html: str) -> list[str]:
    """What a strict CSP would block: inline scripts and styles, handlers, javascript: URLs."""
    problems = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name == "style":
            problems.append("<style>")
        if tag.name == "script":
            src = tag.get("src", "")
            is_data = tag.get("type", "") == "application/json"
            same_origin = src.startswith("/") and not src.startswith("//")
            if not is_data and not same_origin:
                problems.append(f"<script src={src!r}>")
        for name, value in tag.attrs.items():
            if name.lower() == "style" or name.lower().startswith("on"):
                problems.append(f"{tag.name}[{name}]")
            if "javascript:" in "".join(str(value).split()).lower():
                problems.append(f"{tag.name}[{name}]={value}")
    return problems


@pytest.mark.django_db
def test_pages_render_nothing_a_strict_csp_would_block(client, admin_client, user, make_post):
    post = make_post(author=user)
    client.force_login(user)
    pages = [
        "/",
        post.get_absolute_url(),
        reverse("board:post-create"),
        reverse("board:post-edit", args=[post.public_id]),
        reverse("board:post-flag", args=[post.public_id]),
        reverse("board:my-posts"),
        reverse("board:my-notifications"),
        reverse("board:reflection-list"),
        reverse("board:reflection-create"),
        reverse("board:account-home"),
        reverse("board:account-delete"),
        reverse("board:guidelines"),
        reverse("board:resource-list"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url
    anonymous = Client()
    for url in [reverse("account_login"), reverse("account_signup"), "/no-such-page/"]:
        assert inline_code(anonymous.get(url).content.decode()) == [], url
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:board_post_changelist"),
        reverse("admin:board_post_change", args=[post.pk]),
        reverse("admin:board_termrule_add"),
    ]
    for url in admin_pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


@pytest.mark.django_db
def test_personal_pages_are_never_stored_by_browsers_or_proxies(client, user):
    for url in ["/me/", reverse("account_login"), reverse("admin:index")]:
        assert client.get(url)["Cache-Control"] == "private, no-store", url
    assert "no-store" not in client.get("/guidelines/").get("Cache-Control", "")
    client.force_login(user)
    for url in ["/", "/guidelines/", reverse("board:account-home"), reverse("board:my-posts")]:
        assert client.get(url)["Cache-Control"] == "private, no-store", url


# --- Cookies and sessions -------------------------------------------------------------


def sign_in(client, user, password=PASSWORD):
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    return response


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite_lax(client, user):
    client.get(reverse("account_login"))
    csrf = client.cookies[django_settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    sign_in(client, user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_session_key_changes_at_sign_in(client, user):
    session = client.session
    session["probe"] = 1
    session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = before = session.session_key
    sign_in(client, user)
    after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


@pytest.mark.django_db
def test_signing_out_ends_the_session(client, user):
    sign_in(client, user)
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    stale = Client()
    stale.cookies[django_settings.SESSION_COOKIE_NAME] = key
    assert stale.get(reverse("board:account-home")).status_code == 302


@pytest.mark.django_db
def test_changing_the_password_signs_out_every_session(client, user):
    elsewhere = Client()
    elsewhere.force_login(user)
    sign_in(client, user)
    new = "another-long-password-77"
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert client.get(reverse("board:account-home")).status_code == 302
    assert elsewhere.get(reverse("board:account-home")).status_code == 302


# --- The admin: allauth sign-in and a second factor -----------------------------------


@pytest.mark.django_db
def test_the_admin_sign_in_is_allauths(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_the_admins_own_password_form_signs_nobody_in(client, make_user):
    staff = make_user(is_staff=True)
    client.post(reverse("admin:login"), {"username": staff.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, make_user):
    staff = make_user(is_staff=True, mfa=False)
    staff.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(staff)
    for url in [reverse("admin:index"), reverse("admin:board_post_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("admin:index"), follow=True).content.decode()
    assert "need a second factor" in page


@pytest.mark.django_db
def test_staff_with_an_authenticator_app_open_the_admin(client, make_user):
    staff = make_user(is_staff=True, mfa=False)
    staff.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 302
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:board_post_changelist")).status_code == 200


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
def test_a_moderator_sets_up_totp_then_every_sign_in_asks_for_a_code(client, make_user, settings):
    settings.MFA_TOTP_TOLERANCE = 1  # a code made as the 30 seconds roll over still counts
    staff = make_user(is_staff=True, mfa=False)
    staff.groups.add(Group.objects.get(name="Moderators"))
    sign_in(client, staff)
    response = client.get(reverse("admin:index"))
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before a second factor is added.
    reauthenticate = client.get(response["Location"])["Location"]
    assert reauthenticate.startswith(reverse("account_reauthenticate"))
    client.post(reauthenticate, {"password": PASSWORD})
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200
    assert "data:" in setup["Content-Security-Policy"]
    secret = client.session[SECRET_SESSION_KEY]
    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert client.get(reverse("admin:index")).status_code == 200

    client.post(reverse("account_logout"))
    response = sign_in(client, staff)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in yet
    cache.clear()  # allauth refuses a code used once
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_the_second_factor_gate_can_be_turned_off(client, make_user, settings):
    settings.BOARD_REQUIRE_STAFF_MFA = False
    client.force_login(make_user(is_staff=True, mfa=False))
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_staff_without_a_second_factor_can_still_sign_out(client, make_user):
    client.force_login(make_user(is_staff=True, mfa=False))
    client.post(reverse("admin:logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signed_in_people_who_are_not_staff_are_refused_the_admin_sign_in(client, user):
    client.force_login(user)
    assert client.get(reverse("admin:login")).status_code == 403


# --- Error pages ----------------------------------------------------------------------

INTERNALS = ("Traceback", "django", "Django", "settings", "DEBUG", "secret-internal-detail")


def assert_friendly(html: str):
    assert 'class="site-header"' in html
    assert "Missed Connections" in html
    for word in INTERNALS:
        assert word not in html


@pytest.mark.django_db
def test_a_missing_page_answers_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_friendly(html)
    assert "couldn’t find that page" in html


@pytest.mark.django_db
def test_forbidden_and_bad_requests_answer_friendly_pages():
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    denied = defaults.permission_denied(request, PermissionDenied("secret-internal-detail"))
    assert denied.status_code == 403
    assert_friendly(denied.content.decode())
    missing = defaults.page_not_found(request, Http404("secret-internal-detail"))
    assert_friendly(missing.content.decode())
    bad = defaults.bad_request(request, ValueError("secret-internal-detail"))
    assert bad.status_code == 400
    assert_friendly(bad.content.decode())


@pytest.mark.django_db
def test_a_stale_form_answers_a_friendly_csrf_page(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("board:post-create"), {})
    assert response.status_code == 403
    assert_friendly(response.content.decode())


def test_the_500_page_renders_with_no_request_context_or_database():
    """No `db` fixture here: any database access would fail the test."""
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert_friendly(response.content.decode())
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
def test_an_unexpected_error_shows_the_500_page_without_details(monkeypatch):
    from board.views import posts

    def explode(*args, **kwargs):
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(posts.GuidelinesView, "get", explode)
    client = Client(raise_request_exception=False)
    response = client.get(reverse("board:guidelines"))
    assert response.status_code == 500
    assert_friendly(response.content.decode())


@pytest.mark.django_db
def test_the_429_page_uses_the_site_layout():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = render_to_string("429.html", {"query": "red scarf"}, request=request)
    assert 'class="site-header"' in html
    assert "Traceback" not in html
