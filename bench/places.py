"""Spread the benchmark's posts over thousands of cities (benchmark tooling, run once).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://.../bench_18 \
        .venv/bin/python -m bench.places [--cities 5000]

Loads the gazetteer (`load_places`), then moves nine posts in ten to one of the N most
populous cities, chosen with a probability proportional to the city's population (so a
few cities hold thousands of posts and most hold a few dozen), and copies the city's
country onto the post, as the services do. One post in ten keeps its seeded area (the
demo cities and their neighbourhoods). The choice is a hash of the post id: the same on
every run. PostgreSQL only; the post table's secondary indexes are dropped for the one
UPDATE and built again after it (far faster than a million index updates).
"""

import argparse
import sys
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cities", type=int, default=5000)
    args = parser.parse_args()
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.monotonic()
    call_command("load_places")
    with transaction.atomic(), connection.cursor() as cursor:
        # No triggers for this one UPDATE: the new areas and countries come from board_area
        # (the foreign keys hold), no indexed text changes, and deferred foreign-key checks
        # would forbid building the indexes again in the same transaction.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(
            "SELECT indexdef, indexname FROM pg_indexes WHERE tablename = 'board_post' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        )
        indexes = cursor.fetchall()
        for _definition, name in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(
            "CREATE TEMP TABLE pick AS SELECT id, country_id, "
            "sum(population) OVER (ORDER BY population DESC, id) AS upto "
            "FROM (SELECT id, country_id, population FROM board_area "
            "WHERE kind = 'city' AND geoname_id IS NOT NULL "
            "ORDER BY population DESC, id LIMIT %s) top",
            [args.cities],
        )
        cursor.execute("CREATE INDEX ON pick (upto)")
        cursor.execute("ANALYZE pick")
        cursor.execute(
            "WITH chosen AS ("
            "  SELECT p.id, c.id AS area_id, c.country_id FROM board_post p"
            "  CROSS JOIN LATERAL (SELECT id, country_id FROM pick WHERE upto >="
            "    ((p.id::bigint * 2654435761) % 1000003) / 1000003.0"
            "    * (SELECT max(upto) FROM pick) ORDER BY upto LIMIT 1) c"
            "  WHERE p.id % 10 <> 0"
            ") UPDATE board_post SET area_id = chosen.area_id, country_id = chosen.country_id "
            "FROM chosen WHERE board_post.id = chosen.id"
        )
        moved = cursor.rowcount
        for definition, _name in indexes:
            cursor.execute(definition)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE board_post")
        cursor.execute("SELECT count(DISTINCT area_id), count(DISTINCT country_id) FROM board_post")
        areas, countries = cursor.fetchone()
    print(
        f"Moved {moved} posts; posts are now in {areas} areas of {countries} countries "
        f"({time.monotonic() - started:.0f} s).",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
