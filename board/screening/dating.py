"""Dating-app profiles: "I'm on Hinge, first name Jess, 29, architect", "find me on
Bumble as Sam", "my Tinder bio says ..."."""

import re

from django.utils.translation import gettext_lazy

from .vocabulary import DATING_APPS

CODE = "dating"
LABEL = gettext_lazy("a dating-app profile")
WHY = gettext_lazy("Details of a dating profile lead straight to the person.")

_PATTERN = re.compile(
    rf"\b(?:(?:i'?m|i\s+am|we'?re|you'?re|are\s+you|find\s+me|look\s+me\s+up|search|swipe"
    rf"\s+right|match\s+with\s+me|add\s+me)\s+on|on|my|your)\s+(?:{DATING_APPS})\b"
    rf"(?:[^.!?\n]{{0,70}}?\b(?:first\s+name|name|named|profile|bio|username|as|under|called"
    rf"|i'?m|i\s+am|\d{{2}})\b[^.!?\n]{{0,40}})?"
    rf"|\b(?:{DATING_APPS})\s+(?:profile|bio|username|handle|name)\b[^.!?\n]{{0,40}}",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"\b(?:first\s+name|name|named|profile|bio|username|as|under|called|i'?m|i\s+am|\d{2})\b"
    r"|^\s*[,:]",
    re.IGNORECASE,
)


def find(text):
    for match in _PATTERN.finditer(text):
        words = match.group()
        lead = words.split()[0].lower()
        # "on Tinder" alone is a story; with a name, an age, "as" or a profile it is a search.
        if lead in ("on", "my", "your") and not _CUE.search(words, len(words.split()[0]) + 1):
            continue
        yield match.span()
