"""The two search backends: FTS5 on SQLite, a tsvector column with GIN indexes on PostgreSQL.

Each turns a parsed `Query` into conditions on a queryset (`match`), a bounded relevance
ranking (`rank`) and the snippets of one page (`snippets`). `backend_for()` picks one by the
database vendor.
"""

from django.db import connections
from django.db.models.expressions import RawSQL

from ..sql import with_sql
from .marks import START, STOP
from .query import STOP_WORDS, Query, fts5_expression, tsquery_excluded, tsquery_expression

RANK = "search_rank"
# Relevance order ranks this many of the newest matches (50 pages); see order_by_relevance.
CANDIDATES = 1000
SNIPPET_WORDS = 24

PG_CONFIG = "board_english"
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
                params=[fts5_expression(Query(groups=(query.excluded,)))],
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


class PostgreSQLBackend:
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
            return with_sql(
                queryset,
                where=[f"NOT ({vector} @@ {self.tsquery})"],
                params=[tsquery_excluded(query)],
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
        return with_sql(queryset, where=where, params=params)

    def rank(self, queryset, query: Query):
        # The planner picks how to find the newest candidates: the GIN index for rare words,
        # walking the primary key backwards for common ones.
        # The subquery is spliced in as SQL text (not `pk__in=`), so that its table name means
        # its own rows: Django would re-alias the subquery but not the text of extra().
        candidates = queryset.order_by("-pk").values_list("pk", flat=True)[:CANDIDATES]
        sql, params = candidates.query.sql_with_params()
        post = _table(queryset)
        return with_sql(
            _unfiltered(queryset, query),
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


BACKENDS = {"postgresql": PostgreSQLBackend(), "sqlite": SQLiteBackend()}


def backend_for(using: str):
    vendor = connections[using].vendor
    try:
        return BACKENDS[vendor]
    except KeyError:
        raise NotImplementedError(f"No search backend for {vendor}") from None
