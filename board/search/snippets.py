"""SQLite's snippets: a short excerpt around the matched words, cut in Python.

The FTS5 index holds stems (board/search/words.py), which FTS5's own snippet() would show
instead of what people wrote; so the page's few posts are read back and each word whose stem
(in the post's language) is one the query asks for is put between the START/STOP sentinels,
as PostgreSQL's ts_headline does.
"""

from .marks import START, STOP
from .query import Query
from .words import WORD, reading, stem, stop_words


def _wanted(language: str, query: Query) -> set[str]:
    """The stems a post in `language` is marked for: every word of every positive term,
    stop words of the language left unmarked."""
    stops = {stem(language, word) for word in stop_words(language)}
    return {
        word
        for group in query.groups
        for term in group
        for word in reading(language, term.tokens)
        if word not in stops
    }


def snippet(text: str, language: str, wanted: set[str], *, words: int) -> str:
    """Up to `words` words of `text` around its most matches, or "" if nothing matches."""
    text = (text or "").replace(START, "").replace(STOP, "")
    tokens = list(WORD.finditer(text))
    hits = [i for i, m in enumerate(tokens) if stem(language, m.group()) in wanted]
    if not hits:
        return ""
    # The window starting a little before a match that holds the most matches.
    best = max(
        (max(0, min(hit - words // 4, len(tokens) - words)) for hit in hits),
        key=lambda start: (sum(start <= h < start + words for h in hits), -start),
    )
    end = min(len(tokens), best + words)
    begin_at = tokens[best].start() if best else 0
    end_at = tokens[end - 1].end() if end < len(tokens) else len(text)
    pieces, cursor = [], begin_at
    for i in (h for h in hits if best <= h < end):
        match = tokens[i]
        pieces += [text[cursor : match.start()], START, match.group(), STOP]
        cursor = match.end()
    pieces.append(text[cursor:end_at])
    excerpt = "".join(pieces).strip()
    return ("…" if best else "") + excerpt + ("…" if end < len(tokens) else "")


def best_snippet(texts: list[str], language: str, query: Query, *, words: int) -> str:
    """The first of `texts` (story, then descriptions) that has a match, cut around it."""
    wanted = _wanted(language, query)
    for text in texts:
        if found := snippet(text, language, wanted, words=words):
            return found
    return ""
