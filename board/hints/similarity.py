"""A small, explainable text similarity for "may these two posts tell one moment?".

Words are normalised the way search reads them (NFKC, lower case, letters and digits, the
same English stop words as board.search) and then lightly stemmed ("coats", "coat";
"laughed", "laughing", "laugh"). Words that nearly every story uses ("smiled", "eyes",
"cute", "woman") weigh little, so two posts match on what is particular to them: the green
coat, the 7:40 ferry, the gull that stole a croissant.

Three signals, each between 0 and 1, and the score is the strongest:
- `described`: one post's "I saw" against the other's "I am" (weighted Dice), both ways;
- `recognised`: one post's "I saw" found in the other's whole text (story, headline, "I am"),
  for the person who describes themself in the story rather than in "I am";
- `retold`: the two stories (with headline and "where exactly") as weighted cosine.
A signal counts only when the two sides share at least MIN_SHARED weight (two particular
words): one shared word, however rare, is a coincidence, not a moment.
"""

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..search.query import STOP_WORDS

# Chosen on tests/data/match_pairs.json (docs/hints.md has the sweep).
THRESHOLD = 0.45
MIN_SHARED = 1.8
GENERIC_WEIGHT = 0.25
CONTRADICTION_FACTOR = 0.5
# How far apart two encounter dates may be (a night that runs past midnight, a date misremembered).
MAX_DAYS_APART = 1

_WORD = re.compile(r"[^\W_]+")

# Words (after stemming) that most missed-connection stories use: they say nothing about
# which moment it was.
_GENERIC_WORDS = """saw see seen look smil eye cute guy girl woman man person someone one
    time day moment today yesterday morning afternoon evening night wish hope said say talk
    chat told really
    like got get went go think thought would could felt feel never maybe back little bit
    us wear wore hair tall short nice beautiful pretty handsome lovely kind sweet glanc
    notic want wanted know knew also still even way thing lot much ever first last next
    minut hour moment left came come sat stood walk met meet hi hello sorry thank
    someth anyth everyth nothing gorgeous amaz great good shy friend
    train bus tram subway metro station cafe coffee bar drink gym park library bookstor book
    read concert show gig danc conference campus street downtown walk across kept always
    usually work conversation connect network enjoy""".split()
# (From "train" on, mostly the settings' own words: both posts already share the setting or
# the kind of connection, so "train" or "cafe" in both says nothing more.)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A light English stemmer: plural and -ing/-ed endings, a final e (smile, smiled)."""
    if word.isdigit() or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]  # running -> runn -> run
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


GENERIC = frozenset(_stem(word) for word in _GENERIC_WORDS)


def tokens(text: str) -> list[str]:
    """The text's words, normalised (accents folded: café, cafe) and stemmed, stop words out
    (repeats kept)."""
    return list(_tokens(text or ""))


@lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple[str, ...]:
    # Kept: the new post's words are read once for all its candidates, not once for each.
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return tuple(_stem(word) for word in _WORD.findall(text) if word not in STOP_WORDS)


def _weight(token: str) -> float:
    return GENERIC_WEIGHT if token in GENERIC else 1.0


def _weights(bag) -> dict[str, float]:
    return {token: _weight(token) for token in set(bag)}


def _shared_weight(a: dict, b: dict) -> float:
    return sum(weight for token, weight in a.items() if token in b)


def dice(a: list[str], b: list[str]) -> float:
    """Weighted Dice coefficient of two word sets; 0 unless they share MIN_SHARED weight."""
    wa, wb = _weights(a), _weights(b)
    shared = _shared_weight(wa, wb)
    if shared < MIN_SHARED:
        return 0.0
    return 2 * shared / (sum(wa.values()) + sum(wb.values()))


def containment(needle: list[str], haystack: list[str]) -> float:
    """How much of `needle` (weighted) appears in `haystack`; 0 below MIN_SHARED."""
    wn, wh = _weights(needle), _weights(haystack)
    shared = _shared_weight(wn, wh)
    if shared < MIN_SHARED:
        return 0.0
    return shared / sum(wn.values())


def cosine(a: list[str], b: list[str]) -> float:
    """Cosine of the particular words of two texts (counts damped with a log; generic
    words left out, since cosine ignores a uniform weight); 0 below MIN_SHARED."""
    ca = Counter(token for token in a if token not in GENERIC)
    cb = Counter(token for token in b if token not in GENERIC)
    va = {t: 1 + math.log(n) for t, n in ca.items()}
    vb = {t: 1 + math.log(n) for t, n in cb.items()}
    if _shared_weight(_weights(ca), _weights(cb)) < MIN_SHARED:
        return 0.0
    dot = sum(v * vb[t] for t, v in va.items() if t in vb)
    norm = math.sqrt(sum(v * v for v in va.values())) * math.sqrt(sum(v * v for v in vb.values()))
    return dot / norm if norm else 0.0


@dataclass(frozen=True)
class Moment:
    """What the scorer reads of a post: where and when, and the words."""

    encounter_date: date
    city: int | str
    connection_type: str
    settings: frozenset = field(default_factory=frozenset)
    headline: str = ""
    story: str = ""
    where_exactly: str = ""
    i_saw: str = ""
    i_am: str = ""

    @property
    def text(self) -> list[str]:
        return tokens(" ".join((self.headline, self.story, self.where_exactly)))


def could_be_same_moment(a: Moment, b: Moment) -> bool:
    """Same or adjacent day, same city, and a setting in common or the same kind of connection.

    The candidate query (board.services.hints) applies exactly this in the database.
    """
    return (
        abs((a.encounter_date - b.encounter_date).days) <= MAX_DAYS_APART
        and a.city == b.city
        and (bool(a.settings & b.settings) or a.connection_type == b.connection_type)
    )


def signals(a: Moment, b: Moment) -> dict[str, float]:
    """The three signals, for explaining a score (docs, tests) as well as computing it."""
    saw_a, am_a, saw_b, am_b = (tokens(t) for t in (a.i_saw, a.i_am, b.i_saw, b.i_am))
    text_a, text_b = a.text, b.text
    return {
        "described": max(dice(saw_a, am_b), dice(saw_b, am_a)),
        "recognised": max(containment(saw_a, text_b + am_b), containment(saw_b, text_a + am_a)),
        "retold": cosine(text_a + am_a + saw_a, text_b + am_b + saw_b),
    }


def contradicted(a: Moment, b: Moment) -> bool:
    """Whether the descriptions disagree: one post's "I saw" and the other's "I am" are both
    written and have not a single word in common (either way round)."""
    for saw, am in ((a.i_saw, b.i_am), (b.i_saw, a.i_am)):
        if saw.strip() and am.strip() and not set(tokens(saw)) & set(tokens(am)):
            return True
    return False


def similarity(a: Moment, b: Moment) -> float:
    """How alike the words of two posts are, 0 to 1: the strongest signal, halved when the
    descriptions disagree (rounded, so the order of the two posts cannot change it through
    floating-point sums)."""
    score = max(signals(a, b).values())
    if contradicted(a, b):
        score *= CONTRADICTION_FACTOR
    return round(score, 6)


def is_possible_match(a: Moment, b: Moment, *, threshold: float = THRESHOLD) -> bool:
    return could_be_same_moment(a, b) and similarity(a, b) >= threshold
