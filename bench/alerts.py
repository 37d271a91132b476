#!/usr/bin/env python
"""Alerts at scale: one new post matched against 100,000 running alerts (docs/benchmarks.md).

    DJANGO_SETTINGS_MODULE=bench.settings \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_<you> \\
        .venv/bin/python bench/alerts.py --alerts 100000 --posts 200

Tops the database up to --alerts running alerts with varied filters (seeded, so repeatable):
15% anywhere, 35% a city, 50% a neighbourhood; half any type; 60% any setting, else one to
three; half with words (one or two words, sometimes a phrase, an "or" or an excluded word)
drawn from the posts' own headlines; 30% with an encounter-date range. Then times the
matching of --posts published posts (`matching_alert_ids`, what the task runs before it
records matches: the candidate query with the words checked in the same query on
PostgreSQL), prints p50/p95/max and the matches found, and EXPLAIN ANALYZE of the query for
one post. Nothing is written but the alerts. Wall-clock times depend on what else the
machine runs; the EXPLAIN ANALYZE shows the plan and the database's own time.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from board.models import Alert, Area, ConnectionType, Post, SettingTag  # noqa: E402
from board.search import STOP_WORDS  # noqa: E402
from board.services.alerts import addresses  # noqa: E402
from board.services.alerts.filters import AlertFilters  # noqa: E402
from board.services.alerts.matching import _pg_query, candidates, matching_alert_ids  # noqa: E402


def vocabulary(rng) -> list[str]:
    headlines = Post.objects.published().order_by("-id").values_list("headline", flat=True)
    words = {
        word.lower().strip(".,!?")
        for headline in headlines[:3000]
        for word in headline.split()
        if len(word) > 3
    }
    return sorted(words - STOP_WORDS)


def random_words(rng, words) -> str:
    shape = rng.random()
    one, two = rng.choice(words), rng.choice(words)
    if shape < 0.5:
        return one
    if shape < 0.7:
        return f"{one} {two}"
    if shape < 0.8:
        return f'"{one} {two}"'
    if shape < 0.9:
        return f"{one} or {two}"
    return f"{one} -{two}"


def top_up(total: int, rng) -> int:
    have = Alert.objects.active().count()
    missing = total - have
    if missing <= 0:
        return 0
    areas = list(Area.objects.all())
    cities = [area for area in areas if area.parent_id is None]
    neighbourhoods = [area for area in areas if area.parent_id is not None]
    tags = list(SettingTag.objects.all())
    words = vocabulary(rng)
    now = timezone.now()
    today = timezone.localdate()
    email = addresses.encrypt("bench@example.test")
    through = Alert.setting_tags.through
    for start in range(0, missing, 5000):
        batch, chosen_tags = [], []
        for n in range(start, min(start + 5000, missing)):
            place = rng.random()
            area = None if place < 0.15 else rng.choice(cities if place < 0.5 else neighbourhoods)
            tag_pick = [] if rng.random() < 0.6 else rng.sample(tags, rng.randint(1, 3))
            date_from = today - timedelta(days=rng.randint(0, 60)) if rng.random() < 0.3 else None
            filters = AlertFilters.build(
                query=random_words(rng, words) if rng.random() < 0.5 else "",
                connection_type=rng.choice(ConnectionType.values) if rng.random() < 0.5 else "",
                area=area,
                setting_tags=tag_pick,
                date_from=date_from,
            )
            batch.append(
                Alert(
                    email_encrypted=email,
                    email_hash=f"bench{have + n:08d}",
                    key=f"bench{have + n:08d}",
                    query=filters.query,
                    words_tsquery=filters.words_tsquery,
                    connection_type=filters.connection_type,
                    area=area,
                    any_setting=not tag_pick,
                    date_from=date_from,
                    filters_key=filters.key,
                    frequency=rng.choice(["each", "digest"]),
                    created_at=now,
                    confirmed_at=now,
                    expires_at=now + timedelta(days=rng.choice([7, 30, 90])),
                )
            )
            chosen_tags.append(tag_pick)
        with transaction.atomic():
            made = Alert.objects.bulk_create(batch)
            through.objects.bulk_create(
                [
                    through(alert_id=alert.pk, settingtag_id=tag.pk)
                    for alert, picked in zip(made, chosen_tags, strict=True)
                    for tag in picked
                ]
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE board_alert")
        cursor.execute("ANALYZE board_alert_setting_tags")
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alerts", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    started = time.perf_counter()
    added = top_up(args.alerts, rng)
    print(
        f"alerts: {Alert.objects.active().count():,} running ({added:,} added in "
        f"{time.perf_counter() - started:.1f} s); database: {connection.vendor}"
    )

    newest = Post.objects.published().order_by("-id").values_list("pk", flat=True)[:5000]
    picked = rng.sample(list(newest), args.posts)
    posts = {p.pk: p for p in Post.objects.select_related("area").filter(pk__in=picked)}
    times, found = [], []
    for pk in picked:
        post = posts[pk]
        began = time.perf_counter()
        ids = matching_alert_ids(post)
        times.append((time.perf_counter() - began) * 1000)
        found.append(len(ids))
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"matching one post ({len(times)} posts): p50 {statistics.median(times):.1f} ms, "
        f"p95 {p95:.1f} ms, max {times[-1]:.1f} ms; matches per post: median "
        f"{statistics.median(found):.0f}, max {max(found)}"
    )
    median_post = posts[
        picked[sorted(range(len(picked)), key=lambda i: found[i])[len(picked) // 2]]
    ]
    if connection.vendor == "postgresql":
        print("\nEXPLAIN ANALYZE (a post with the median number of matches):")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")  # as matching_alert_ids runs it
            query = _pg_query(candidates(median_post), median_post)
            print(query.explain(analyze=True, buffers=True))


if __name__ == "__main__":
    main()
