"""An alert's email address: encrypted at rest, looked up by a keyed hash, shown to nobody.

Encryption is Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) under a key derived
from SECRET_KEY with HKDF; SECRET_KEY_FALLBACKS still decrypt after a key rotation. The hash
is an HMAC of the normalised address (Django's `salted_hmac`), so equal addresses find each
other for limits and the manage page while a dump reveals nothing.
"""

import base64
import contextlib
import functools
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.crypto import salted_hmac

_SALT = b"board.alerts.email"


# Providers that ignore dots in the local part, and their other domain names.
_DOTLESS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def normalised(email: str) -> str:
    """The address as typed, folded: compatibility forms (full-width letters) and case."""
    return unicodedata.normalize("NFKC", email or "").strip().lower()


def mailbox(email: str) -> str:
    """The mailbox an address delivers to, for the per-address caps: "+tags" dropped
    (victim+1@ and victim+2@ are one inbox), the domain in its ASCII (IDNA) form, and the
    dots of the providers that ignore them."""
    local, _, domain = normalised(email).rpartition("@")
    local = local.split("+", 1)[0]
    with contextlib.suppress(UnicodeError):  # not a valid IDN: kept as typed
        domain = domain.encode("idna").decode("ascii")
    domain = _DOTLESS.get(domain, domain)
    if domain in _DOTLESS.values():
        local = local.replace(".", "")
    return f"{local}@{domain}"


@functools.lru_cache(maxsize=4)
def _fernet(secrets: tuple[str, ...]) -> MultiFernet:
    def key(secret: str) -> bytes:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=b"fernet")
        return base64.urlsafe_b64encode(derived.derive(secret.encode()))

    return MultiFernet([Fernet(key(secret)) for secret in secrets])


def _cipher() -> MultiFernet:
    return _fernet((settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())))


def encrypt(email: str) -> str:
    return _cipher().encrypt(normalised(email).encode()).decode()


def decrypt(token: str) -> str | None:
    """The address, or None if it cannot be read (no token, or the key is gone)."""
    if not token:
        return None
    try:
        return _cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def email_hash(email: str) -> str:
    return salted_hmac("board.alerts.email-hash", normalised(email), algorithm="sha256").hexdigest()


def mailbox_hash(email: str) -> str:
    """A keyed hash of the mailbox (`mailbox`): what the confirmation cap counts."""
    return salted_hmac("board.alerts.mailbox-hash", mailbox(email), algorithm="sha256").hexdigest()


def masked(email: str) -> str:
    """ "p•••@e•••" — enough for a person to recognise their own address, no more."""
    local, _, domain = normalised(email).partition("@")
    return f"{local[:1]}•••@{domain[:1]}•••" if domain else "•••"
