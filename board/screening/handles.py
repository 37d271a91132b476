"""Social handles and contact requests: "@jane", "@ jane", "IG jane.d", "Snapchat - janed",
"my cashapp is $jane", "$janedoe", "dm me", "find me on insta"."""

import re

from django.utils.translation import gettext_lazy

from .vocabulary import APPS, COMMON_WORDS, MY_APPS

CODE = "handle"
LABEL = gettext_lazy("a social media handle or contact request")
WHY = gettext_lazy("Handles and contact requests let anyone find the person outside the board.")

_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z_][\w.]{0,29}(?<!\.)")
_SPACED_HANDLE = re.compile(r"(?<![\w@.])@\s+(?P<h>[A-Za-z_][\w.]{2,29})(?<!\.)")
_CASHTAG = re.compile(r"(?<![\w$])\$[A-Za-z][\w-]{2,29}\b")
_CONTACT = re.compile(
    rf"\b(?:(?:dm|add)\s+me\s+on(?:\s+\w+)?|dm\s+me\b|hmu(?:\s+on\s+\w+)?"
    rf"|(?:find|follow|message|msg|text|hit|look|reach|catch|contact|add|dm|snap|venmo)\s+me"
    rf"(?:\s+up)?\s+(?:on|at|via|through)\s+(?:{APPS})(?![\w-]|\.\w)"
    rf"|my\s+(?:{MY_APPS})(?![\w-])(?!\s+(?:judge?ment|decision|call)\b)"
    rf"(?:\s+(?:handle|username|name|id|account))?"
    rf"(?:\s*(?:is|:|=)\s*@?[\w.]*\w)?"
    rf"|my\s+(?:{APPS})\s+(?:handle|username|user|id|account|number|tag|name)\b"
    rf"(?:\s*(?:is|:|=)\s*@?[\w.$-]*\w)?"
    rf"|(?:{MY_APPS})\s*[:=]\s*@?[\w.]*\w"
    rf"|(?:on|via)\s+(?:{APPS})\s+(?:i'?m|as)\s+@?[\w.]*\w"
    rf"|(?:venmo|cash\s?app|paypal|zelle)\s+me\s+(?:at\s+|@\s*)?[\w.$-]*\w)",
    re.IGNORECASE,
)
# An app's name, then a separator or nothing, then something handle-shaped:
# "IG jane.d", "Snapchat - janed", "insta: jd_99", "tiktok is @x", "venmo janed-22".
_AFTER_APP = re.compile(
    rf"(?<![\w-])(?P<app>{APPS})(?![\w-])\s*(?:(?P<sep>[:=–-]|\bis\b|\bhandle\b|\busername\b"
    rf"|\bname\b|\bid\b|\bis\s+@)\s*)?@?\s*(?P<h>[A-Za-z_$][\w.$-]{{1,29}}\w)",
    re.IGNORECASE,
)
_HANDLE_SHAPED = re.compile(r"[\d_.$]|[a-z][A-Z]")
_AMBIGUOUS_APPS = {"x", "line", "signal", "steam", "threads", "live", "match"}
_SHORT_APPS = {"ig", "insta", "instagram", "snap", "snapchat", "sc", "tiktok", "tik tok", "tt"}
_SYMBOL_SEPARATORS = {":", "=", "-", "–"}


def _after_app(text):
    for match in _AFTER_APP.finditer(text):
        app, handle, sep = match["app"].lower(), match["h"], (match["sep"] or "").lower()
        if handle.lower() in COMMON_WORDS:
            continue
        shaped = bool(_HANDLE_SHAPED.search(handle))
        mine = bool(re.search(r"\bmy\s+$", text[max(0, match.start() - 4) : match.start()]))
        if app in _AMBIGUOUS_APPS:
            ok = sep in _SYMBOL_SEPARATORS or sep in ("handle", "username")
        elif sep in _SYMBOL_SEPARATORS or sep in ("handle", "username", "name", "id"):
            ok = True
        elif sep.startswith("is"):
            ok = shaped or mine or sep == "is @"
        else:
            bare_ok = app in _SHORT_APPS and handle.islower() and match["app"].islower()
            ok = shaped or match["app"].isupper() or bare_ok
        if ok:
            yield match.start(), match.end()


def find(text):
    for pattern in (_HANDLE, _CASHTAG, _CONTACT):
        for match in pattern.finditer(text):
            yield match.span()
    for match in _SPACED_HANDLE.finditer(text):  # "@ jane_d", not "laughed @ the sign"
        if match["h"].lower() not in COMMON_WORDS:
            yield match.span()
    yield from _after_app(text)
