"""Words as search compares them: folded (case, accents), stemmed by the post's language.

PostgreSQL does this itself (one text search configuration per language, see
migrations/0012_languages.py). On SQLite the FTS5 index holds the output of `index_text()`,
called by the index triggers through the SQL function `board_search_text(language, text)`
that `register_sqlite_functions()` adds to every SQLite connection. Stems other than
English ones carry their language ("de0aug"), and queries are read here in every language
(board/search/query.py), so a row is matched only by its own language's reading.

Stemmers are Snowball's (the same algorithms as PostgreSQL's `*_stem` dictionaries); stop
words are PostgreSQL's lists (stopwords/*.stop). "other" (or any unknown code) is neither
stemmed nor stripped of stop words. Accents are folded after stemming (before it for
English, as before languages), so "Straßenbahn" and "Strassenbahn", "regardée" and
"regarder" compare equal.
"""

import re
import threading
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

# Language code → Snowball algorithm (and the name of PostgreSQL's stop word list).
STEMMED = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "it": "italian",
}
OTHER = "other"
LANGUAGES = (*STEMMED, OTHER)

WORD = re.compile(r"[^\W_]+")
# Letters NFKD does not take apart, folded as PostgreSQL's unaccent does.
_UNACCENT = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d"})
_STOPWORDS_DIR = Path(__file__).parent / "stopwords"
_local = threading.local()


def fold(word: str) -> str:
    """Lower case without accents: "Straßenbahn" → "strassenbahn", "Café" → "cafe"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_UNACCENT))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def stop_words(language: str) -> frozenset[str]:
    """The language's stop words, in lower case; none for "other"."""
    if language not in STEMMED:
        return frozenset()
    path = _STOPWORDS_DIR / f"{STEMMED[language]}.stop"
    return frozenset(word.casefold() for word in path.read_text("utf-8").split())


def _stemmer(language: str):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMED[language])
    return stemmers[language]


@lru_cache(maxsize=50_000)
def stem(language: str, word: str) -> str:
    """One word as search compares it in `language`: stemmed and folded. English folds
    first (as 0005's board_english does); the others stem the word as written, accents
    and all ("regardée" → "regard"), then fold; "other" only folds."""
    if language not in STEMMED:
        return fold(word)
    if language == "en":
        return _stemmer(language).stemWord(fold(word))
    return fold(_stemmer(language).stemWord(word.casefold()))


def indexed(language: str, stem: str) -> str:
    """A stem as the SQLite index holds it: marked with its language unless English
    ("de0aug"), so that a row is matched only by its own language's reading."""
    return stem if language == "en" else f"{language}0{stem}"


def index_text(language: str | None, text: str | None) -> str:
    """What the SQLite index stores for a text: its stems, one per word, stop words kept
    (so that phrases match word for word), marked with the language."""
    language = language if language in STEMMED else OTHER
    return " ".join(indexed(language, stem(language, w)) for w in WORD.findall(text or ""))


def reading(language: str, tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A query term's stems in `language`, without the language's stop words at either end
    (as PostgreSQL drops them); () when nothing is left."""
    words = [token.casefold() for token in tokens]
    stops = stop_words(language)
    while words and words[0] in stops:
        words.pop(0)
    while words and words[-1] in stops:
        words.pop()
    return tuple(stem(language, word) for word in words)


def register_sqlite_functions(sender=None, connection=None, **kwargs):
    """connection_created receiver: `board_search_text(language, text)` for the triggers."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(
            "board_search_text", 2, index_text, deterministic=True
        )
