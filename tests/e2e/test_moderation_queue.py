"""A moderator clears the queue top to bottom with one button per item, in Chromium."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from playwright.sync_api import expect

from board import services
from board.models import Post, PostStatus

from .conftest import assert_clean, visit, wait_for_fresh_totp_window

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-test-password"


def _totp_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def _decide(page, name, button, reason):
    panel = page.locator(f"#decide-{name}")
    panel.locator("summary").click()
    panel.get_by_label(reason).check()
    panel.get_by_role("button", name=button).click()


def test_a_moderator_works_three_queue_items_with_buttons_and_the_queue_empties(
    new_context, moderator, make_post, make_user
):
    held = make_post(headline="Held: blue scarf at the market")
    Post.objects.filter(pk=held.pk).update(status=PostStatus.PENDING)
    flagged = make_post(headline="Flagged: red bike by the river")
    services.flag_post(post=flagged, user=make_user(), reason="spam")
    urgent = make_post(headline="Urgent: the school gate")  # newest, yet first
    services.flag_post(post=urgent, user=make_user(established=True), reason="minor")
    page = new_context().new_page()

    visit(page, "/admin/")
    page.get_by_label(re.compile("email", re.I)).fill(moderator.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    wait_for_fresh_totp_window()
    page.get_by_label(re.compile("code", re.I)).fill(_totp_code(moderator))
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_contain_text("Missed Connections")

    rows = page.locator("#queue .queue-item")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Urgent: the school gate")
    expect(rows.nth(1)).to_contain_text("Flagged: red bike by the river")
    expect(rows.nth(2)).to_contain_text("Held: blue scarf at the market")

    rows.nth(0).get_by_role("link").click()
    _decide(page, "remove", "Remove", "It involves a minor.")
    expect(page.locator(".messagelist")).to_contain_text("“Urgent: the school gate”: removed.")
    _decide(page, "dismiss", "Dismiss reports (keep it up)", "It does not identify anyone.")
    _decide(page, "approve", "Approve", "Follows the guidelines.")

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#queue")).to_contain_text("Nothing is waiting")
    statuses = {
        p.pk: p.status for p in Post.objects.filter(pk__in=[held.pk, flagged.pk, urgent.pk])
    }
    assert statuses == {
        urgent.pk: PostStatus.REMOVED,
        flagged.pk: PostStatus.PUBLISHED,
        held.pk: PostStatus.PUBLISHED,
    }
    assert_clean(page.context)
