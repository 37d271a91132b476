"""What a person typed, as a small AST both backends translate (see board/search/__init__.py).

`parse_query()` never raises: unbalanced quotes, lone operators and FTS5 syntax characters
are read as plain words. `fts5_expression()` and `tsquery_expression()` give the same query
to SQLite and PostgreSQL, quoting every term, so nothing typed is ever read as an operator.
"""

import re
import unicodedata
from dataclasses import dataclass

from .words import LANGUAGES, indexed, reading

MAX_TERMS = 10
# Long enough for the longest words in use (German compounds run past 60 letters); a
# longer run is cut, so a query stays small whatever is pasted into it.
MAX_TOKEN_LENGTH = 100

# PostgreSQL's english.stop, so both backends ignore the same words.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now""".split()
)

_TOKEN = re.compile(r"[^\W_]+")
_CHUNK = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Term:
    """One word or phrase: its lower-case tokens, which must appear next to each other."""

    tokens: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.tokens) > 1


@dataclass(frozen=True)
class Query:
    """Every group must match (a group matches when any of its terms does); no exclusion may."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)


def _term(text: str) -> Term | None:
    """Tokens of a word or phrase, without leading or trailing stop words; None if nothing left."""
    tokens = [token.lower()[:MAX_TOKEN_LENGTH] for token in _TOKEN.findall(text)]
    while tokens and tokens[0] in STOP_WORDS:
        tokens.pop(0)
    while tokens and tokens[-1] in STOP_WORDS:
        tokens.pop()
    return Term(tuple(tokens[:MAX_TERMS])) if tokens else None


def _pieces(text: str):
    """(kind, negated, text) for each piece: "or", a "word" or a quoted "phrase"."""
    if text.count('"') % 2:
        # An unbalanced quote: no quote means anything, every piece is a plain word.
        text = text.replace('"', " ")
    i, end = 0, len(text)
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-":
            while i < end and text[i] == "-":
                i += 1
            if i == end or text[i].isspace():
                continue  # A lone "-" means nothing.
            negated = True
        if text[i] == '"':
            close = text.index('"', i + 1)  # Quotes are balanced here.
            yield "phrase", negated, text[i + 1 : close]
            i = close + 1
            continue
        start = i
        while i < end and not text[i].isspace() and text[i] != '"':
            i += 1
        word = text[start:i]
        yield ("or" if word.lower() == "or" and not negated else "word"), negated, word


def _terms(kind: str, value: str) -> list[Term]:
    """A phrase is one term; a word is one term per run of tokens joined by - or '.

    So "e-mail" is a phrase, and "a:b" or "NEAR(red" are two words, as PostgreSQL's
    websearch_to_tsquery reads them.
    """
    # Lower-cased only once split: "İ" lower-cases to "i" and a combining dot, no letter.
    value = unicodedata.normalize("NFKC", value)
    chunks = [value] if kind == "phrase" else _CHUNK.findall(value)
    return [term for term in map(_term, chunks) if term is not None]


def parse_query(text: str) -> Query:
    """The AST of what a person typed; never raises, whatever the input."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    count = 0
    for kind, negated, value in _pieces(text or ""):
        if kind == "or":
            pending_or = bool(groups)
            continue
        for term in _terms(kind, value):
            if count >= MAX_TERMS:
                break
            count += 1
            if negated:
                excluded.append(term)
            elif pending_or:
                groups[-1].append(term)
            else:
                groups.append([term])
            pending_or = False
    return Query(groups=tuple(tuple(group) for group in groups), excluded=tuple(excluded))


# Translating the AST for each backend.


def _fts5_phrase(stems: tuple[str, ...]) -> str:
    # Quoted, FTS5 reads every character as text: no operator, column filter or prefix.
    # Stems hold only letters and digits, so there is no quote inside to double.
    return '"' + " ".join(stems) + '"'


def _fts5_any(phrases: list[str]) -> str:
    inner = " OR ".join(phrases)
    return f"({inner})" if len(phrases) > 1 else inner


def _unique(items) -> list:
    return list(dict.fromkeys(items))


def _reading(language: str, term: Term) -> tuple[str, ...]:
    return tuple(indexed(language, stem) for stem in reading(language, term.tokens))


def _fts5_reading(language: str, groups) -> str:
    """The groups as `language` reads them (its stems, its stop words dropped); a group
    left empty drops out, as PostgreSQL drops a stop word from a tsquery."""
    parts = []
    for group in groups:
        phrases = _unique(
            _fts5_phrase(stems) for term in group if (stems := _reading(language, term))
        )
        if phrases:
            parts.append(_fts5_any(phrases))
    return " AND ".join(parts)


def fts5_positive(query: Query) -> str:
    """FTS5 MATCH text for every group, read in each language: a row's index holds its own
    language's stems, marked with it, so only that language's reading can match it."""
    readings = _unique(filter(None, (_fts5_reading(lang, query.groups) for lang in LANGUAGES)))
    return " OR ".join(f"({one})" for one in readings) if len(readings) > 1 else "".join(readings)


def fts5_excluded(query: Query) -> str:
    """FTS5 MATCH text for any excluded term in any language's reading."""
    phrases = _unique(
        _fts5_phrase(stems)
        for term in query.excluded
        for lang in LANGUAGES
        if (stems := _reading(lang, term))
    )
    return " OR ".join(phrases)


def fts5_expression(query: Query) -> str:
    """FTS5 MATCH text for the positive part of the query, minus the excluded terms."""
    positive, excluded = fts5_positive(query), fts5_excluded(query)
    if positive and excluded:
        return f"({positive}) NOT ({excluded})"
    return positive


def _tsquery_term(term: Term) -> str:
    # to_tsquery normalizes each quoted operand with the configuration (stems, accents, stop
    # words: a phrase keeps their distance with <N>). Tokens hold only letters and digits.
    return "(" + " <-> ".join(f"'{token}'" for token in term.tokens) + ")"


def _tsquery_any(terms) -> str:
    return "(" + " | ".join(_tsquery_term(term) for term in terms) + ")"


def tsquery_expression(query: Query) -> str:
    """to_tsquery text with the same meaning as `fts5_expression` (excluded terms as !)."""
    parts = [_tsquery_any(group) for group in query.groups]
    parts += [f"!{_tsquery_term(term)}" for term in query.excluded]
    return " & ".join(parts)


def tsquery_positive(query: Query) -> str:
    """to_tsquery text for the groups only (PostgreSQL reads it in every language)."""
    return " & ".join(_tsquery_any(group) for group in query.groups)


def tsquery_excluded(query: Query) -> str:
    return _tsquery_any(query.excluded)
