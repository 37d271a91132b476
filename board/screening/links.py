"""Links and bare domains ("example.com/abc", "linktr.ee/jane")."""

import re

from django.utils.translation import gettext_lazy

from .vocabulary import TLDS, URL_END

CODE = "link"
LABEL = gettext_lazy("a link")
WHY = gettext_lazy("Links can lead straight to someone's profile or page.")

_URL = re.compile(rf"\b(?:https?://|www\.){URL_END}", re.IGNORECASE)
_DOMAIN = re.compile(
    rf"(?<![\w@./-])(?:[a-z0-9-]+\.)+"
    rf"(?:(?:{TLDS})\b(?!-)(?:/{URL_END})?|[a-z]{{2,6}}/{URL_END})",  # unknown TLDs need a path
    re.IGNORECASE,
)


def find(text):
    for pattern in (_URL, _DOMAIN):
        for match in pattern.finditer(text):
            yield match.span()
