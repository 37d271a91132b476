"""Give a share of a benchmark database's posts other languages, to measure multilingual
search (docs/benchmarks.md, "Languages"):

    python -m bench.languages postgres://postgres@127.0.0.1:5432/bench_x --share 0.05

Every post whose id is a multiple of 1/share gets one of German, French, Spanish,
Portuguese, Italian or Other in turn, in batches (the search trigger remakes each vector,
tagged with its language), then the table is analysed so the planner knows the mix. The
synthetic stories stay English text: what this measures is the plans and the cost of the
tagged, per-language tsquery, not the stemming of real German.
"""

import argparse
import time

import psycopg

LANGUAGES = ["de", "fr", "es", "pt", "it", "other"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()
    step = round(1 / args.share)
    with psycopg.connect(args.database_url, autocommit=True) as connection:
        (top,) = connection.execute("SELECT max(id) FROM board_post").fetchone()
        started, changed = time.monotonic(), 0
        for low in range(0, top + 1, args.batch * step):
            cursor = connection.execute(
                """UPDATE board_post SET language = (%s::text[])[1 + (id / %s) %% %s]
                WHERE id >= %s AND id < %s AND id %% %s = 0 AND language = 'en'""",
                [LANGUAGES, step, len(LANGUAGES), low, low + args.batch * step, step],
            )
            changed += cursor.rowcount
        print(f"{changed} posts given another language in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        connection.execute("ANALYZE board_post")
        print(f"ANALYZE in {time.monotonic() - started:.0f} s")
        for language, count in connection.execute(
            "SELECT language, count(*) FROM board_post GROUP BY 1 ORDER BY 2 DESC"
        ):
            print(language, count)


if __name__ == "__main__":
    main()
