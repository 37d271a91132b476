"""Which language a story is in: a default from the place's country, a guess from the text.

Both only suggest: the poster chooses (`Post.language`), and search stems the story by that
choice (board/search/). `detect_language()` is the one place a guess is made; it never
raises and returns None when unsure, so posting never waits on it.
"""

from collections import Counter

from .models import Language
from .search.words import STEMMED, WORD, stop_words

# ISO 3166-1 alpha-2 → the language most stories there are written in, for the languages
# search stems. Multilingual countries take the language of their largest city's majority
# (CH: German, BE: French, CA: English). Countries not listed default to "other": stories
# there are mostly in a language search does not stem, and unstemmed search still finds
# every word as written, where English stemming would mangle them.
_COUNTRIES = {
    Language.GERMAN: "DE AT CH LI",
    Language.FRENCH: "FR BE LU MC SN CI ML BF NE TG BJ GA CG CD CM MG HT",
    Language.SPANISH: "ES MX AR CO CL PE VE EC GT CU BO DO HN PY SV NI CR PA UY PR GQ",
    Language.PORTUGUESE: "PT BR AO MZ CV GW ST TL",
    Language.ITALIAN: "IT SM VA",
    Language.ENGLISH: "US GB CA IE AU NZ JM TT BS BB BZ GY ZA NG GH KE UG ZW ZM MW BW NA "
    "SL LR GM MT",
}
COUNTRY_LANGUAGES = {
    country: language for language, countries in _COUNTRIES.items() for country in countries.split()
}

# The guess needs this many words, this share of them stop words of one language, and that
# language's share this many times the next one's: otherwise no suggestion.
MIN_WORDS = 6
MIN_SHARE = 0.2
MARGIN = 1.5


def default_language_for_country(code: str | None) -> str:
    """The language to offer first for a place in this country (ISO alpha-2, any case).

    No country known: English, the board's own language. A country whose language search
    does not stem: "other".
    """
    if not code or not code.strip():
        return Language.ENGLISH
    return COUNTRY_LANGUAGES.get(code.strip().upper(), Language.OTHER)


def detect_language(text: str | None) -> str | None:
    """A guess at the language of `text` among those search stems, or None if unsure.

    Counts each language's stop words (PostgreSQL's lists, as search uses): short common
    words give a language away in a few sentences, with no model to load.
    """
    words = [word.casefold() for word in WORD.findall(text or "")]
    if len(words) < MIN_WORDS:
        return None
    shares = Counter(
        {code: sum(word in stop_words(code) for word in words) / len(words) for code in STEMMED}
    )
    (best, share), (_, runner_up) = shares.most_common(2)
    if share < MIN_SHARE or share < runner_up * MARGIN:
        return None
    return best
