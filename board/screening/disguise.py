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

from django.utils.translation import gettext_lazy

from .vocabulary import TLDS

CODE = "spelled"
LABEL = gettext_lazy("a word spelled out letter by letter")
WHY = gettext_lazy("Spelling a name or a word out letter by letter is a way around the checks.")

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


# Tags a reader never sees ("I <b>know</b>"), and symbols and emoji between words.
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,60}>")
# Five or more words chained by dashes, dots or underscores: "I-know-who-this-is".
_CHAIN = re.compile(r"\b[^\W\d_]+(?:[-._~]+[^\W\d_]+){4,}\b")
# Letters stretched: "knoooow".
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
# Digits for letters inside words ("kn0w", "th1s"), and "1" for "I".
_LEET_WORD = re.compile(r"\b(?=\w*[^\W\d_])(?=\w*\d)\w+\b")
_LEET = str.maketrans("013457", "oieast")
_ONE_FOR_I = re.compile(r"(?<![\w.,])1(?=\s+[^\W\d_])")
# Links written not to look like links: "hxxps://", "example[.]com", "jenna . com", "jenna·com".
_HXXP = re.compile(r"\bh[x*]{2}p", re.IGNORECASE)
_SPACED_DOT = re.compile(
    r"(?<=\w)(?:\s*[\[(]\s*\.\s*[\])]\s*|\s+\.\s*|\s*[·•]\s*)"
    rf"(?=(?:{TLDS})\b)"
)


# Emphasis and pauses a reader skips: quotes, asterisks, brackets, dashes, ellipses.
_EMPHASIS = re.compile(r"[\"“”*()\[\]{}–—]+|\.{2,}|…")
# Four or more single words each ended by a full stop: "I. Know. Who. This. Is."
_DOTTED_WORDS = re.compile(r"(?<![\w.])(?:[^\W\d_]+\.\s*){3,}[^\W\d_]+\b\.?")


def _symbol_free(text: str) -> str:
    return "".join(
        " " if unicodedata.category(char).startswith("S") and char not in "@#$" else char
        for char in text
    )


def unmask(text: str) -> str:
    """`text` as a reader reads it: compatibility forms folded (NFKC), invisible characters
    and tags taken out, look-alike letters of other scripts turned into the Latin ones,
    symbols and emoji between words made spaces, chained and stretched words undone and
    digits standing for letters read as letters. For screening only, never shown."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _TAG.sub("", text.translate(_LOOKALIKES))
    text = _symbol_free(text)
    text = _EMPHASIS.sub(" ", text)
    text = _DOTTED_WORDS.sub(lambda match: match.group().replace(".", " "), text)
    text = _CHAIN.sub(lambda match: re.sub(r"[-._~]+", " ", match.group()), text)
    text = _STRETCHED.sub(r"\1", text)
    text = _LEET_WORD.sub(lambda match: match.group().translate(_LEET), text)
    text = _ONE_FOR_I.sub("I", text)
    text = _HXXP.sub("http", text)
    return _SPACED_DOT.sub(".", text)


def find(text):
    for match in _SPELLED.finditer(text):
        letters = {char for char in match.group().lower() if char.isalpha()}
        if not letters <= {"x", "o"}:  # "x x x x", "x o x o": kisses and hugs
            yield match.span()
