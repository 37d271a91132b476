"""The one door for hand-written SQL in a QuerySet (`QuerySet.extra`).

Only for what the ORM cannot say: SQLite's FTS5 `MATCH` against its own table, PostgreSQL
text-search operators with our functions, and row-value comparisons for cursor paging.
Everything passed as `params` is bound by the database driver, never formatted in.
"""


def with_sql(queryset, *, where=(), params=(), tables=(), select=None, select_params=()):
    """`queryset` narrowed by SQL `where` clauses (and joined to `tables`, with `select`ed
    extra columns), each value a bound parameter."""
    return queryset.extra(
        select=select,
        select_params=list(select_params) or None,
        where=list(where) or None,
        params=list(params) or None,
        tables=list(tables) or None,
    )
