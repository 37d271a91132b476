"""Browser tests: Playwright's sync API driving Debian's Chromium against `live_server`.

They run when the pieces are there (the `playwright` package, /usr/bin/chromium, and axe-core
in tests/e2e/node_modules for the accessibility checks) and are skipped otherwise, saying
what is missing and how to get it. BOARD_REQUIRE_BROWSER=1 (set by .ci/run) turns a missing
piece into a failure. BOARD_CHROMIUM points at another Chromium binary.
"""

import importlib.util
import os
import time
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.test import Client

E2E_DIR = Path(__file__).resolve().parent
ROOT = E2E_DIR.parent.parent
SCREENSHOTS = ROOT / "screenshots"
AXE_JS = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("BOARD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000  # one step; a page that needs longer is a failure worth seeing


def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def browser_problems() -> list[str]:
    """What is missing for the browser tests, in words a person can act on."""
    problems = []
    if importlib.util.find_spec("playwright") is None:
        problems.append("the Python package playwright is not installed (make test installs it)")
    if not os.access(CHROMIUM, os.X_OK):
        problems.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    return problems


def axe_problems() -> list[str]:
    if AXE_JS.exists():
        return []
    return [f"{AXE_JS.relative_to(ROOT)} is missing (npm ci --prefix tests/e2e)"]


def _missing_message(problems: list[str]) -> str:
    if _truthy("BOARD_REQUIRE_BROWSER"):
        return "browser tests cannot run (BOARD_REQUIRE_BROWSER=1): " + "; ".join(problems)
    return "browser tests skipped: " + "; ".join(problems)


def pytest_collection_modifyitems(config, items):
    """Skip the browser tests when a piece is missing, saying why once (unless required).

    When BOARD_REQUIRE_BROWSER=1 they are left in, and the `browser` and `axe` fixtures
    fail them with the same words.
    """
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or _truthy("BOARD_REQUIRE_BROWSER"):
        return
    messages = set()
    for item in browser_items:
        problems = browser_problems() + (axe_problems() if "axe" in item.fixturenames else [])
        if problems:
            messages.add(_missing_message(problems))
            item.add_marker(pytest.mark.skip(reason=_missing_message(problems)))
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and not hasattr(config, "workerinput"):  # xdist: see -ra summary
        for message in sorted(messages):
            reporter.write_line(message, yellow=True, bold=True)


def _skip_or_fail(problems: list[str]) -> None:
    if not problems:
        return
    if _truthy("BOARD_REQUIRE_BROWSER"):
        pytest.fail(_missing_message(problems), pytrace=False)
    pytest.skip(_missing_message(problems))


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Playwright's sync API runs an event loop in this thread while it is started, so it is
    started per module: the loop never outlives the browser tests into other tests.
    """
    _skip_or_fail(browser_problems())
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation).
    # The tests and the live server are plain synchronous code: the check only gets in the
    # way here.
    unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With a loop running, Django looks its connections up in per-task storage instead of
    # the thread's, and would open new ones there: without the test database's saved
    # contents (serialized_rollback), and left open at the end. Keep using the thread's.
    thread_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in thread_connections.items():
        connections[alias] = connection
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if unsafe is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = unsafe


@pytest.fixture(scope="session")
def axe():
    """The path of axe.min.js (from the npm registry, pinned in tests/e2e/package.json)."""
    _skip_or_fail(axe_problems())
    return AXE_JS


@pytest.fixture(autouse=True)
def _e2e_settings(request):
    """A fresh shared cache (rate limits, used TOTP codes) and roomy limits for each test.

    The database cache table is not emptied between transactional tests, so it is cleared
    here; the limits themselves have their own tests.
    """
    if request.node.get_closest_marker("browser") is None:
        return
    settings = request.getfixturevalue("settings")
    settings.BOARD_POST_RATE = "100/m"
    settings.BOARD_SEARCH_RATE = "1000/m"
    cache.clear()
    mail.outbox = []


@pytest.fixture
def new_context(browser, live_server, transactional_db):
    """Factory: a fresh browser context (its own cookies) with the options given.

    Console errors (a Content-Security-Policy violation, a script error) are collected on
    `context.console_errors`, and pages that answered 4xx/5xx on `context.error_pages`,
    so a test can assert there are none.
    """
    contexts = []

    def make(*, viewport=DESKTOP, color_scheme="light", **options):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            color_scheme=color_scheme,
            locale="en-US",
            timezone_id="UTC",
            **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.live_url = live_server.url
        context.console_errors = []
        context.error_pages = []

        def on_response(response):
            if response.request.is_navigation_request() and response.status >= 400:
                context.error_pages.append(f"{response.status} {response.url}")

        def on_page(page):
            page.on(
                "console",
                lambda msg: msg.type == "error" and context.console_errors.append(msg.text),
            )
            page.on("pageerror", lambda error: context.console_errors.append(str(error)))
            page.on("response", on_response)

        context.on("page", on_page)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A desktop page in the light scheme, signed out."""
    return new_context().new_page()


def sign_in(context, user) -> None:
    """Give the browser context a signed-in session for `user` (no form, no second factor)."""
    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    cookie = {"name": name, "value": client.cookies[name].value, "url": context.live_url}
    context.add_cookies([{**cookie, "httpOnly": True}])


def visit(page, path: str):
    """Open `path` and fail with a clear message unless it answers 2xx/3xx."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    assert response.status < 400, (
        f"GET {path} answered {response.status}"
        + (" (not implemented yet?)" if response.status == 404 else "")
        + f": {page.title()!r}"
    )
    return response


def expect_ok(page, what: str) -> None:
    """Fail clearly if any page opened so far answered an error (e.g. a route 404s)."""
    page.wait_for_load_state()
    errors = page.context.error_pages
    assert not errors, f"{what}: {', '.join(errors)} (not implemented yet, or broken?)"


def csp_violations(context) -> list[str]:
    return [text for text in context.console_errors if "Content Security Policy" in text]


def assert_clean(*contexts) -> None:
    """No page answered an error, and the Content-Security-Policy blocked nothing."""
    for context in contexts:
        assert not context.error_pages, f"pages answered errors: {context.error_pages}"
        assert not csp_violations(context), f"CSP blocked: {csp_violations(context)}"


def email_to(address: str):
    """The last email sent to `address` (django's locmem outbox, shared with live_server)."""
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no email to {address}; outbox: {[m.subject for m in mail.outbox]}"
    return sent[-1]


def wait_for_fresh_totp_window(margin: float = 3.0) -> None:
    """Sleep past a TOTP period boundary if one is about to pass (codes last one period)."""
    period = mfa_settings.TOTP_PERIOD
    left = period - (time.time() % period)
    if left < margin:
        time.sleep(left + 0.1)


def shot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot to screenshots/<name>.png (gitignored), written on every run."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
