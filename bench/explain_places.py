"""EXPLAIN ANALYZE of the list queries by place (benchmark tooling; PostgreSQL).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://.../bench_18 \
        .venv/bin/python -m bench.explain_places "country=CN" "area=shanghai" ...

For each query string: the page's posts query (first page, as `browse()` builds it) and
the bounded count, with their plans' execution times; the machine is shared, so the
times are what PostgreSQL measured inside the query, not wall clock.
"""

import sys

import django


def main() -> None:
    django.setup()
    from django.db import connection
    from django.http import QueryDict
    from django.test import RequestFactory

    from board.filters import SORTS, PostFilter
    from board.listing import CARD_FIELDS, COUNT_UP_TO
    from board.models import Post

    factory = RequestFactory()
    for query in sys.argv[1:]:
        request = factory.get("/?" + query)
        request.posts_version = ""
        base = Post.objects.published().order_by(*SORTS["newest"])
        filterset = PostFilter(QueryDict(query), queryset=base, request=request)
        if not filterset.is_valid():
            print(query, "invalid:", filterset.errors)
            continue
        page = filterset.qs.select_related("area__parent").only(*CARD_FIELDS)[:21]
        count = filterset.qs.order_by().values("pk")[: COUNT_UP_TO + 1]
        for label, qs in (("page", page), ("count", count)):
            sql, params = qs.query.sql_with_params()
            if label == "count":
                sql = f"SELECT COUNT(*) FROM ({sql}) sub"
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = [row[0] for row in cursor.fetchall()]
            timing = [line for line in plan if "Execution Time" in line]
            print(f"== {query} [{label}] {timing[0].strip() if timing else ''}")
            for line in plan[:14]:
                print("   ", line)


if __name__ == "__main__":
    main()
