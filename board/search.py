"""Full-text search over published posts: one interface, a PostgreSQL and an SQLite backend.

    posts = search(Post.objects.published(), "red scarf")   # the matching posts
    posts = order_by_relevance(posts)                        # ranked: `search_rank`
    attach_snippets(page_of_posts, "red scarf")              # `search_snippet`, one query

`search()` narrows a queryset to the matches and carries the parsed query along, so that
after any other filter `order_by_relevance()` ranks what is left (headline matches above
story matches) and `attach_snippets()` fetches, for the posts on one page only, a short
excerpt with the matched words between the private sentinels START and STOP
(`marked_html()` makes that escaped HTML with <mark>). `parse_query()` turns the text into a
small AST both backends translate, so the same words find the same posts on either database:

    red scarf          both words (English stems: "dancing" finds "danced")
    "red scarf"        the phrase
    -train             posts without "train"
    scarf or hat       either word; `or` binds tighter than the implicit AND

Anything else (unbalanced quotes, lone operators, * ^ : ( ) NEAR) is read as plain words.
Words are compared case- and accent-insensitively. English stop words ("the", "on") are
ignored as single words, as PostgreSQL's `english` configuration does.

The search index only ever holds published posts (database triggers keep it current), and
`search()` filters with `published()` too. Search text is never logged.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models.expressions import RawSQL
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_ratelimit.core import is_ratelimited

RANK = "search_rank"
SNIPPET = "search_snippet"

# Private-use characters the database puts around matched words. Never shown to anyone:
# stripped from indexed text, and only ever replaced by our own <mark> tags.
START, STOP = "\ue000", "\ue001"

MAX_TERMS = 10
# Relevance order ranks this many of the newest matches (50 pages); see order_by_relevance.
CANDIDATES = 1000
MAX_TOKEN_LENGTH = 40
SNIPPET_WORDS = 24

PG_CONFIG = "board_english"
FTS_TABLE = "board_post_fts"

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
    tokens = [token[:MAX_TOKEN_LENGTH] for token in _TOKEN.findall(text)]
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
    value = unicodedata.normalize("NFKC", value).lower()
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


def _fts5_term(term: Term) -> str:
    # Quoted, FTS5 reads every character as text: no operator, column filter or prefix.
    # Tokens hold only letters and digits, so there is no quote inside to double.
    return '"' + " ".join(term.tokens) + '"'


def _fts5_any(terms) -> str:
    inner = " OR ".join(_fts5_term(term) for term in terms)
    return f"({inner})" if len(terms) > 1 else inner


def fts5_expression(query: Query) -> str:
    """FTS5 MATCH text for the positive part of the query, minus the excluded terms."""
    positive = " AND ".join(_fts5_any(group) for group in query.groups)
    if positive and query.excluded:
        return f"{positive} NOT {_fts5_any(query.excluded)}"
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


def _tsquery_excluded(query: Query) -> str:
    return _tsquery_any(query.excluded)


# The two backends.


def _quoted(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _table(queryset) -> str:
    return _quoted(connections[queryset.db], queryset.model._meta.db_table)


def _unfiltered(queryset):
    """The queryset's model rows with its related fetches but none of its filters.

    Ranking selects from the candidates (which carry every filter) by primary key, so that
    no filter is evaluated twice: on PostgreSQL, a phrase's bigram condition re-evaluated
    row by row costs more than the whole index search.
    """
    bare = queryset.model._default_manager.db_manager(queryset.db).all()
    bare.query.select_related = queryset.query.select_related
    bare.query.deferred_loading = queryset.query.deferred_loading
    bare._prefetch_related_lookups = queryset._prefetch_related_lookups
    bare.query.board_search = searched_query(queryset)
    return bare


class _SQLiteBackend:
    """FTS5 table `board_post_fts` (rowid = post id; headline, details, story), bm25 ranking."""

    weights = "10.0, 4.0, 1.0"

    def match(self, queryset, query: Query):
        post = _table(queryset)
        if not query.groups:
            return queryset.extra(
                where=[
                    f"{post}.id NOT IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
                ],
                params=[fts5_expression(Query(groups=(query.excluded,)))],
            )
        return queryset.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {post}.id", f"{FTS_TABLE} MATCH %s"],
            params=[fts5_expression(query)],
        )

    def rank(self, queryset, query: Query):
        # The newest candidates come straight off the FTS index (rowid order); the "+" keeps
        # SQLite from re-running the MATCH once per candidate rowid.
        newest_first = RawSQL(f"{FTS_TABLE}.rowid", []).desc()
        candidates = queryset.order_by(newest_first).values_list("pk", flat=True)
        sql, params = candidates[:CANDIDATES].query.sql_with_params()
        return _unfiltered(queryset).extra(
            select={RANK: f"-bm25({FTS_TABLE}, {self.weights})"},
            tables=[FTS_TABLE],
            where=[
                f"{FTS_TABLE}.rowid = {_table(queryset)}.id",
                f"{FTS_TABLE} MATCH %s",
                f"+{FTS_TABLE}.rowid IN ({sql})",
            ],
            params=[fts5_expression(query), *params],
        )

    def snippets(self, using: str, ids: list[int], query: Query) -> dict[int, str]:
        start, stop = f"char({ord(START)})", f"char({ord(STOP)})"

        def snippet(column: int) -> str:
            return f"snippet({FTS_TABLE}, {column}, {start}, {stop}, '…', {SNIPPET_WORDS})"

        placeholders = ", ".join(["%s"] * len(ids))
        # The story's snippet when it has a match, else the descriptions' if they do.
        sql = (
            f"SELECT rowid, CASE WHEN instr({snippet(2)}, {start}) > 0 THEN {snippet(2)} "
            f"WHEN instr({snippet(1)}, {start}) > 0 THEN {snippet(1)} ELSE '' END "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND +rowid IN ({placeholders})"
        )
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [fts5_expression(query), *ids])
            return dict(cursor.fetchall())


def _pg_escaped(expression: str) -> str:
    """SQL for text with & < > escaped (so the text search parser sees no tags)."""
    text = f"translate({expression}, chr({ord(START)}) || chr({ord(STOP)}), '')"
    return f"replace(replace(replace({text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


def _pg_unescaped(expression: str) -> str:
    return f"replace(replace(replace({expression}, '&lt;', '<'), '&gt;', '>'), '&amp;', '&')"


class _PostgreSQLBackend:
    """A `search_vector` column kept by a trigger, a GIN index, ts_rank_cd ranking."""

    # ts_rank_cd weights for D, C (story), B (where exactly, I saw, I am), A (headline).
    weights = "{0.1, 0.1, 0.3, 1.0}"
    tsquery = f"to_tsquery('{PG_CONFIG}', %s)"
    snippet_options = (
        f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=12, ShortWord=2, "
        "MaxFragments=1"
    )

    def match(self, queryset, query: Query):
        vector = f"{_table(queryset)}.search_vector"
        if not query.groups:
            return queryset.extra(
                where=[f"NOT ({vector} @@ {self.tsquery})"], params=[_tsquery_excluded(query)]
            )
        where, params = [f"{vector} @@ {self.tsquery}"], [tsquery_expression(query)]
        # A phrase that must match also needs its consecutive word pairs: a condition the
        # board_bigrams GIN index answers, so few rows are left to check positions on.
        for (term,) in (group for group in query.groups if len(group) == 1):
            if len([token for token in term.tokens if token not in STOP_WORDS]) > 1:
                where.append(
                    f"(board_bigrams({vector}) @@ board_phrase_bigrams(%s)"
                    " OR board_phrase_bigrams(%s) IS NULL)"
                )
                params += [" ".join(term.tokens)] * 2
        return queryset.extra(where=where, params=params)

    def rank(self, queryset, query: Query):
        # The planner picks how to find the newest candidates: the GIN index for rare words,
        # walking the primary key backwards for common ones.
        # The subquery is spliced in as SQL text (not `pk__in=`), so that its table name means
        # its own rows: Django would re-alias the subquery but not the text of extra().
        candidates = queryset.order_by("-pk").values_list("pk", flat=True)[:CANDIDATES]
        sql, params = candidates.query.sql_with_params()
        post = _table(queryset)
        return _unfiltered(queryset).extra(
            select={RANK: f"ts_rank_cd('{self.weights}', {post}.search_vector, {self.tsquery})"},
            select_params=[tsquery_expression(query)],
            where=[f"{post}.id IN ({sql})"],
            params=list(params),
        )

    def snippets(self, using: str, ids: list[int], query: Query) -> dict[int, str]:
        document = "story || chr(10) || where_exactly || ' ' || i_saw || ' ' || i_am"
        snippet = (
            f"ts_headline('{PG_CONFIG}', {_pg_escaped(document)}, {self.tsquery}, "
            f"'{self.snippet_options}')"
        )
        sql = f"SELECT id, {_pg_unescaped(snippet)} FROM board_post WHERE id = ANY(%s)"
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [tsquery_expression(query), list(ids)])
            return dict(cursor.fetchall())


BACKENDS = {"postgresql": _PostgreSQLBackend(), "sqlite": _SQLiteBackend()}


def backend_for(using: str):
    vendor = connections[using].vendor
    try:
        return BACKENDS[vendor]
    except KeyError:
        raise NotImplementedError(f"No search backend for {vendor}") from None


def search(queryset, text: str):
    """Published posts of `queryset` matching `text`.

    The parsed query travels with the queryset, so that after any other filter
    `order_by_relevance()` can rank the matches and `attach_snippets()` can mark them.
    A query with nothing searchable in it (only stop words or punctuation) leaves the
    queryset as it was.
    """
    query = parse_query(text)
    if not query:
        return queryset
    matched = backend_for(queryset.db).match(queryset.published(), query)
    matched.query.board_search = query  # Query.clone() copies it along every chained call.
    return matched


def searched_query(queryset) -> Query | None:
    return getattr(queryset.query, "board_search", None)


def is_ranked(queryset) -> bool:
    return RANK in queryset.query.extra_select


def order_by_relevance(queryset, *fallback: str):
    """Best matches first (annotated `search_rank`, higher is better), newest among equals.

    Ranks the CANDIDATES newest matches of the queryset as filtered so far, so the cost is
    bounded however many posts match (more are reached by sorting by newest). Without a
    search, orders by `fallback`.
    """
    query = searched_query(queryset)
    if query is None or not query.groups:
        return queryset.order_by(*fallback) if fallback else queryset
    ranked = backend_for(queryset.db).rank(queryset, query)
    return ranked.order_by(f"-{RANK}", "-published_at", "-id")


def attach_snippets(posts, text: str, *, using: str = "default") -> None:
    """Set `search_snippet` on each post: a short excerpt around the match (one query)."""
    query = parse_query(text)
    posts = list(posts)
    if not query.groups or not posts:
        return
    found = backend_for(using).snippets(using, [post.pk for post in posts], query)
    for post in posts:
        setattr(post, SNIPPET, found.get(post.pk, ""))


def marked_html(text: str, *, markdown: bool = False) -> SafeString:
    """Escaped text with our own <mark> tags where the database put the sentinels.

    `markdown`: the text is Markdown source (a story), so drop its emphasis markers.
    """
    pieces, open_mark = [], False
    for part in re.split(f"([{START}{STOP}])", text or ""):
        if part == START:
            if not open_mark:
                pieces.append(mark_safe("<mark>"))
                open_mark = True
        elif part == STOP:
            if open_mark:
                pieces.append(mark_safe("</mark>"))
                open_mark = False
        elif part:
            if markdown:
                part = part.replace("*", "").replace("`", "")
            pieces.append(conditional_escape(part))
    if open_mark:
        pieces.append(mark_safe("</mark>"))
    if not pieces:
        return mark_safe("")
    return format_html("{}" * len(pieces), *pieces)


def is_rate_limited(request) -> bool:
    """Whether an anonymous visitor has searched too often (BOARD_SEARCH_RATE, default 60/m).

    Keyed by IP address, which is only hashed into a cache key: never stored or logged.
    """
    rate = getattr(settings, "BOARD_SEARCH_RATE", "60/m")
    if not rate or request.user.is_authenticated:
        return False
    return is_ratelimited(request, group="board-search", key="ip", rate=rate, increment=True)


def has_mark(text: str | None) -> bool:
    return bool(text) and START in text
