"""The two search backends: FTS5 on SQLite, a tsvector column with GIN indexes on PostgreSQL.

Each turns a parsed `Query` into conditions on a queryset (`match`), a bounded relevance
ranking (`rank`) and the snippets of one page (`snippets`). `backend_for()` picks one by the
database vendor.
"""

from django.db import connections
from django.db.models.expressions import RawSQL

from ..models import Post
from ..sql import with_sql
from .marks import START, STOP
from .query import (
    STOP_WORDS,
    Query,
    fts5_excluded,
    fts5_expression,
    tsquery_excluded,
    tsquery_positive,
)
from .snippets import best_snippet

RANK = "search_rank"
# Relevance order ranks this many of the newest matches (50 pages); see order_by_relevance.
CANDIDATES = 1000
SNIPPET_WORDS = 24

PG_CONFIG = "board_english"
# Each post's language → the text search configuration its vector is made with
# (migrations/0012_languages.py; any other value: board_simple, no stemming).
PG_CONFIGS = {
    "en": "board_english",
    "de": "board_german",
    "fr": "board_french",
    "es": "board_spanish",
    "pt": "board_portuguese",
    "it": "board_italian",
    "other": "board_simple",
}
# The tag each language's rows carry in their vector, as a tsquery (English: none).
PG_TAGS = [
    (config, "!'~'" if code == "en" else f"'~{code}'") for code, config in PG_CONFIGS.items()
]

FTS_TABLE = "board_post_fts"


def _quoted(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _table(queryset) -> str:
    return _quoted(connections[queryset.db], queryset.model._meta.db_table)


def _unfiltered(queryset, query: Query):
    """The queryset's model rows with its related fetches but none of its filters.

    Ranking selects from the candidates (which carry every filter) by primary key, so that
    no filter is evaluated twice: on PostgreSQL, a phrase's bigram condition re-evaluated
    row by row costs more than the whole index search.
    """
    bare = queryset.model._default_manager.db_manager(queryset.db).all()
    bare.query.select_related = queryset.query.select_related
    bare.query.deferred_loading = queryset.query.deferred_loading
    bare._prefetch_related_lookups = queryset._prefetch_related_lookups
    bare.query.board_search = query
    return bare


class SQLiteBackend:
    """FTS5 table `board_post_fts` (rowid = post id; headline, details, story), bm25 ranking."""

    weights = "10.0, 4.0, 1.0"

    def match(self, queryset, query: Query):
        post = _table(queryset)
        if not query.groups:
            return with_sql(
                queryset,
                where=[
                    f"{post}.id NOT IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
                ],
                params=[fts5_excluded(query)],
            )
        return with_sql(
            queryset,
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
        return with_sql(
            _unfiltered(queryset, query),
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
        """Cut and marked in Python: the FTS5 index holds stems, not the words people wrote.

        The story's snippet when it has a match, else the descriptions' if they do."""
        rows = Post._default_manager.db_manager(using).filter(pk__in=ids)
        found = {}
        for pk, language, story, *details in rows.values_list(
            "pk", "language", "story", "where_exactly", "i_saw", "i_am"
        ):
            found[pk] = best_snippet(
                [story, " ".join(details)], language, query, words=SNIPPET_WORDS
            )
        return found


def _pg_escaped(expression: str) -> str:
    """SQL for text with & < > escaped (so the text search parser sees no tags)."""
    text = f"translate({expression}, chr({ord(START)}) || chr({ord(STOP)}), '')"
    return f"replace(replace(replace({text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


def _pg_unescaped(expression: str) -> str:
    return f"replace(replace(replace({expression}, '&lt;', '<'), '&gt;', '>'), '&amp;', '&')"


class PostgreSQLBackend:
    """A `search_vector` column kept by a trigger, GIN indexes, ts_rank_cd ranking.

    Each row's vector is made with its own language's configuration and, unless English,
    tagged with it ('~', '~de': migrations/0012_languages.py). `board_tsquery()` reads the
    query in every language, each reading requiring its language's tag, ORed: one tsquery
    constant the planner computes once, so the GIN indexes apply, and its estimate follows
    how many posts carry each tag (on an English-only board, the plan as before languages).
    """

    # ts_rank_cd weights for D, C (story), B (where exactly, I saw, I am), A (headline).
    weights = "{0.1, 0.1, 0.3, 1.0}"
    snippet_options = (
        f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=12, ShortWord=2, "
        "MaxFragments=1"
    )

    def _condition(self, table: str, query: Query) -> tuple[str, list[str]]:
        vector = f"{table}.search_vector"
        if not query.groups:
            return f"NOT ({vector} @@ board_tsquery(%s, NULL))", [tsquery_excluded(query)]
        positive = tsquery_positive(query)
        excluded = tsquery_excluded(query) if query.excluded else None
        phrases = [
            " ".join(term.tokens)
            for (term,) in (group for group in query.groups if len(group) == 1)
            if len([token for token in term.tokens if token not in STOP_WORDS]) > 1
        ]
        where, params = f"{vector} @@ board_tsquery(%s, %s)", [positive, excluded]
        # A phrase that must match also needs its consecutive word pairs: a condition the
        # board_bigrams GIN index answers, so few rows are left to check positions on. The
        # pairs are English ones: a post in another language (tagged '~') skips this check
        # and is found by the tsquery above alone. (Pairs of every language, ORed, made the
        # planner overestimate the matches and walk the whole table; see docs/benchmarks.md.)
        for phrase in phrases:
            pairs = "board_phrase_bigrams('board_english', %s)"
            where += (
                f" AND ({pairs} IS NULL OR board_bigrams({vector}) @@ {pairs}"
                f" OR {vector} @@ '~'::tsquery)"
            )
            params += [phrase, phrase]
        return where, params

    def _row_tsquery(self, table: str, query: Query, *, folded=True) -> tuple[str, list[str]]:
        """The row's own language's reading of the query: as its vector holds words (folded,
        for ranking), or as ts_headline reads its text (not folded, for snippets)."""
        function = "board_to_tsquery" if folded else "to_tsquery"
        whens = " ".join(
            f"WHEN '{code}' THEN {function}('{config}'::regconfig, %s)"
            for code, config in PG_CONFIGS.items()
        )
        return f"(CASE {table}.language {whens} END)", [tsquery_positive(query)] * len(PG_CONFIGS)

    def match(self, queryset, query: Query):
        where, params = self._condition(_table(queryset), query)
        return with_sql(queryset, where=[where], params=params)

    def rank(self, queryset, query: Query):
        # The planner picks how to find the newest candidates: the GIN index for rare words,
        # walking the primary key backwards for common ones.
        # The subquery is spliced in as SQL text (not `pk__in=`), so that its table name means
        # its own rows: Django would re-alias the subquery but not the text of extra().
        candidates = queryset.order_by("-pk").values_list("pk", flat=True)[:CANDIDATES]
        sql, params = candidates.query.sql_with_params()
        post = _table(queryset)
        tsquery, tsquery_params = self._row_tsquery(post, query)
        return with_sql(
            _unfiltered(queryset, query),
            select={RANK: f"ts_rank_cd('{self.weights}', {post}.search_vector, {tsquery})"},
            select_params=tsquery_params,
            where=[f"{post}.id IN ({sql})"],
            params=list(params),
        )

    def snippets(self, using: str, ids: list[int], query: Query) -> dict[int, str]:
        document = "story || chr(10) || where_exactly || ' ' || i_saw || ' ' || i_am"
        # Each post's words are read in its own language, so its stems are the ones marked.
        tsquery, params = self._row_tsquery("board_post", query, folded=False)
        snippet = (
            f"ts_headline(board_search_config(language), {_pg_escaped(document)}, "
            f"{tsquery}, '{self.snippet_options}')"
        )
        sql = f"SELECT id, {_pg_unescaped(snippet)} FROM board_post WHERE id = ANY(%s)"
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [*params, list(ids)])
            return dict(cursor.fetchall())


BACKENDS = {"postgresql": PostgreSQLBackend(), "sqlite": SQLiteBackend()}


def backend_for(using: str):
    vendor = connections[using].vendor
    try:
        return BACKENDS[vendor]
    except KeyError:
        raise NotImplementedError(f"No search backend for {vendor}") from None
