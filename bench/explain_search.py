"""EXPLAIN ANALYZE the search queries a search page runs (PostgreSQL), less sensitive to load
than wrk's latencies: `python -m bench.explain_search 'orchard' '"eyes smile"'
'orchard|type=platonic&area=new-york'` (filters after a `|`).

Each page is requested through Django's test client (cache off); every SQL statement that
searches (`@@`, `ts_rank_cd`, `ts_headline`) is run again under EXPLAIN (ANALYZE, BUFFERS),
best of three, and its execution time and top plan node are printed. Needs
DJANGO_SETTINGS_MODULE=bench.settings and DATABASE_URL (a copy of the bench database).
"""

import os
import re
import sys
import urllib.parse


def main(queries: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.BOARD_PAGE_CACHE = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    for query in queries:
        with CaptureQueriesContext(connection) as captured:
            words, _, filters = query.partition("|")
            url = "/?q=" + urllib.parse.quote(words) + (f"&{filters}" if filters else "")
            status = client.get(url).status_code
        print(f"== {query} (HTTP {status})")
        for statement in captured.captured_queries:
            sql = statement["sql"]
            if not re.search(r"@@|ts_rank_cd|ts_headline", sql):
                continue
            times = []
            with connection.cursor() as cursor:
                for _ in range(3):
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                    plan = [row[0] for row in cursor.fetchall()]
                    times.append(float(re.search(r"Execution Time: ([\d.]+)", plan[-1])[1]))
            kind = "headline" if "ts_headline" in sql else "rank" if "ts_rank" in sql else "match"
            runs = ", ".join(f"{t:.1f}" for t in times)
            print(f"  {kind:8} best {min(times):8.1f} ms  (runs {runs})")
            if os.environ.get("PLANS"):
                print("\n".join("      " + line for line in plan))


if __name__ == "__main__":
    main(sys.argv[1:])
