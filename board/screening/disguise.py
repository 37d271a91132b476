"""Disguised text, for comments: what a reader sees once the tricks are taken out.

A comment that would be held can be slipped past the detectors by writing it so a person
still reads it but a pattern does not: zero-width or other invisible characters inside a
word ("wh\u200bo"), letters from another script that look Latin (Cyrillic "о" in "knоw"),
full-width or mathematical letters ("ｋｎｏｗ"), or a word spelled out letter by letter
("J e n n a", "j.e.n.n.a"). `unmask(text)` undoes the first three so the detectors see the
words a reader sees; `spelled_out` finds the last, which is itself a reason to hold: kind
comments never spell a word out.
"""

import re
import unicodedata

CODE = "spelled"
LABEL = "a word spelled out letter by letter"
WHY = "Spelling a name or a word out letter by letter is a way around the checks."

# Letters of other scripts that look like Latin ones (Unicode's confusables, the common ones).
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁһӏкмтнвАЕОРСУХІЈЅКМТНВ"  # Cyrillic
    "αεοριτνκυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"  # Greek
    "ɑɡɩɪʟʀꜱ",  # Latin small capitals and variants
    "aeopcyxijsdhlkmthbAEOPCYXIJSKMTHBaeopitvkuxABEZHIKMNOPTYXagiilrs",
)
# Invisible characters: zero-width space/joiners, soft hyphen, word joiner, BOM, bidi marks.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")  # fmt: skip
# Four or more single letters in a row, each apart by spaces, dots, dashes or the like.
_SPELLED = re.compile(r"(?<!\w)(?:[^\W\d_][ \t.\-_*·,/|]{1,3}){3,}[^\W\d_](?!\w)")


def unmask(text: str) -> str:
    """`text` as a reader reads it: compatibility forms folded (NFKC), invisible characters
    taken out, look-alike letters of other scripts turned into the Latin ones."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    return text.translate(_LOOKALIKES)


def find(text):
    for match in _SPELLED.finditer(text):
        yield match.span()
