"""Email addresses, plain or disguised ("jess dot k at gmail dot com", "jane(at)mail(dot)uk")."""

import re

from django.utils.translation import gettext_lazy

from .vocabulary import ANY_DOT, CLOSE, COMMON_WORDS, OBFUSCATED_DOT, OPEN, TLDS

CODE = "email"
LABEL = gettext_lazy("an email address")
WHY = gettext_lazy(
    "Email addresses let anyone contact or find the person; use private replies instead."
)

_PROVIDERS = (
    r"gmail|googlemail|yahoo|hotmail|outlook|icloud|proton(?:mail)?|pm|aol|live|msn|gmx"
    r"|yandex|zoho|fastmail|hey|mail"
)
_LOCAL_OBFUSCATED = rf"[\w+-]+(?:(?:{OBFUSCATED_DOT}|\.)[\w+-]+){{0,3}}"
_AT = rf"(?:{OPEN}(?:at|@){CLOSE}|\s*@\s*)"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@{1,2}[\w-]++(?:\.[\w-]++)++")
_EMAIL_OBFUSCATED = re.compile(
    rf"(?<![\w.+-])[\w.+-]+(?:"
    rf"{_AT}[\w-]+(?:{ANY_DOT}[\w-]+)*{ANY_DOT}"
    # A bare " at " is everyday English, so then the dots must be obfuscated too.
    rf"|\s+at\s+(?!(?:the|a|an|my|your|his|her|our|their|this|that)\b)[\w-]+"
    rf"(?:{OBFUSCATED_DOT}[\w-]+)*{OBFUSCATED_DOT}"
    rf")(?:{TLDS})\b",
    re.IGNORECASE,
)
# A local part with spoken dots, then a known provider, with or without the top-level domain:
# "jess dot k at gmail", "jess.k (at) proton".
_EMAIL_PROVIDER = re.compile(
    rf"(?<![\w.+-]){_LOCAL_OBFUSCATED}(?:{_AT}|\s+at\s+)(?:{_PROVIDERS})\b"
    rf"(?:{ANY_DOT}(?:{TLDS})\b)*",
    re.IGNORECASE,
)
_NOT_LOCAL = re.compile(r"^(?:me|us|them|him|her|you|it|work|home|school|dinner|lunch)$", re.I)


def find(text):
    for pattern in (_EMAIL, _EMAIL_OBFUSCATED):
        for match in pattern.finditer(text):
            yield match.span()
    for match in _EMAIL_PROVIDER.finditer(text):
        local = re.split(r"\s|@|[\[({<]", match.group(), maxsplit=1)[0]
        if _NOT_LOCAL.match(local) or local.lower() in COMMON_WORDS:
            continue
        words = match.group().lower()
        disguised = re.search(r"@|[\[({<]\s*at|\bdot\b|[._\d]", words.split(" at ")[0])
        if disguised or re.search(r"(?:\.|\bdot\b)\s*(?:" + TLDS + r")\b", words):
            yield match.span()
