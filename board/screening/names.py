"""Names introduced as names: "your name is Jess Alvarez", "her name tag said Priya",
"a barista named Tom", "you introduced yourself as Sam". A capitalised word on its own is
not a name here: "I saw you at Grand Central" and "my friend Sam" stay clean."""

import re

from django.utils.translation import gettext_lazy

from .vocabulary import COMMON_WORDS

CODE = "name"
LABEL = gettext_lazy("someone's name")
WHY = gettext_lazy("A name, especially with a workplace or class, identifies the person.")

_INTRO = re.compile(
    r"(?i:\b(?:"
    r"(?:your|her|his|their|the\s+(?:guy|girl|man|woman|barista|driver|teacher|nurse)'?s?)"
    r"\s+(?:full\s+|first\s+|last\s+|real\s+)?name(?:'s|\s+is|\s+was|\s+might\s+be|\s+could\s+be"
    r"|\s+being|\s*:|\s+—|\s+-)"
    r"|(?:name\s*tag|nametag|name\s+badge|badge|lanyard|tag)\s+(?:said|says|read|reads|was)"
    r"(?:\s+something\s+like)?"
    r"|named|called|(?:go|goes|going|went)\s+by"
    r"|introduced\s+(?:yourself|herself|himself|themselves)\s+as"
    r"|you\s+said\s+you\s+were|said\s+(?:your|her|his)\s+name\s+was"
    r"|(?:i\s+think\s+)?it\s+was(?=\s+[A-Z][a-z]+\s+from\b)"
    r"))\s*[\"“'‘]?\s*"
)
_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*")
_NOT_NAMES = frozenset(
    "after something someone nothing unknown unclear different the a an in on at it its "
    "short long familiar weird pretty cute nice lovely beautiful".split()
)


def _name_end(text: str, start: int) -> int | None:
    """Where the name that starts at `start` ends (up to three words), or None."""
    first = _WORD.match(text, start)
    if first is None:
        return None
    word = first.group().lower()
    if word in COMMON_WORDS or word in _NOT_NAMES or len(word) < 2:
        return None
    end = first.end()
    for _ in range(2):  # a surname or two, capitalised: "Jess Alvarez", "Mary Ann Lee"
        following = re.compile(r"\s+([A-Z][A-Za-zÀ-ÿ'’-]+|[A-Z]\.)").match(text, end)
        if following is None or following.group(1).lower() in COMMON_WORDS:
            break
        end = following.end()
    return end


# After these, only a capitalised word is a name ("called Ingrid", not "called out").
_CAPITALISED_ONLY = re.compile(r"(?:called|by|you\s+were|it\s+was)\s*$", re.IGNORECASE)


def find(text):
    for match in _INTRO.finditer(text):
        if _CAPITALISED_ONLY.search(match.group().rstrip("\"“'‘ ")) and not (
            match.end() < len(text) and text[match.end()].isupper()
        ):
            continue
        end = _name_end(text, match.end())
        if end is not None:
            yield match.start(), end
