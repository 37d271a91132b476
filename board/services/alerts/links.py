"""Signed links in alert emails: confirm (expires), unsubscribe (one click), manage by address.

Each link signs the alert's random `key` (never its id) or the address's keyed hash, with a
salt of its own, so one kind of link can never be used as another.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .config import setting

CONFIRM_SALT = "board.alerts.confirm"
UNSUBSCRIBE_SALT = "board.alerts.unsubscribe"
MANAGE_SALT = "board.alerts.manage"


class BadLink(Exception):
    """A link that was tampered with, or has expired (`expired` says which)."""

    def __init__(self, *, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _absolute(name: str, token: str) -> str:
    return settings.BOARD_SITE_URL + reverse(name, args=[token])


def confirm_token(alert) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(alert.key)


def confirm_url(alert) -> str:
    return _absolute("board:alert-confirm", confirm_token(alert))


def key_from_confirm_token(token: str) -> str:
    max_age = setting("BOARD_ALERT_CONFIRM_HOURS") * 3600
    try:
        return signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink(expired=True) from None
    except signing.BadSignature:
        raise BadLink(expired=False) from None


def unsubscribe_token(alert) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(alert.key)


def unsubscribe_url(alert) -> str:
    return _absolute("board:alert-unsubscribe", unsubscribe_token(alert))


def key_from_unsubscribe_token(token: str) -> str:
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        raise BadLink(expired=False) from None


def manage_token(email_hash: str) -> str:
    return signing.TimestampSigner(salt=MANAGE_SALT).sign(email_hash)


def manage_url(alert) -> str:
    """Where the person manages their alerts: /me/alerts/ for an account, else a signed link."""
    if alert.user_id:
        return settings.BOARD_SITE_URL + reverse("board:my-alerts")
    return _absolute("board:alert-manage", manage_token(alert.email_hash))


def hash_from_manage_token(token: str) -> str:
    max_age = setting("BOARD_ALERT_MANAGE_LINK_DAYS") * 86400
    try:
        return signing.TimestampSigner(salt=MANAGE_SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink(expired=True) from None
    except signing.BadSignature:
        raise BadLink(expired=False) from None
