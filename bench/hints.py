"""How long finding possible-match candidates takes for one new post, on the bench dataset.

    DJANGO_SETTINGS_MODULE=bench.settings \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_<you> \\
    .venv/bin/python bench/hints.py --posts 200

For `--posts` published posts drawn at random (seeded), it times, in this process:
- candidates: the database query (`board.services.hints.candidates`: the city's areas, then
  published posts of the city within a day either side, a setting or the kind shared,
  hints on, another author; capped at MAX_CANDIDATES), rows fetched;
- in database: planning and execution of that query as EXPLAIN ANALYZE reports it
  (PostgreSQL only), which a loaded machine disturbs far less than wall-clock time;
- matches: the same plus scoring every candidate's words in Python
  (`possible_matches`), which is what the background task does before it writes hints.
It prints p50, p95 and p99 of each, how many candidates posts had, and EXPLAIN ANALYZE of
the candidate query for the post with the most candidates. Nothing is written.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from board.models import Post  # noqa: E402
from board.services import hints  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def sample_posts(count: int, seed: int) -> list[Post]:
    """`count` published posts at random: ids drawn between the smallest and largest."""
    rng = random.Random(seed)
    published = Post.objects.published()
    low = published.order_by("pk").values_list("pk", flat=True).first()
    high = published.order_by("-pk").values_list("pk", flat=True).first()
    posts: list[Post] = []
    while len(posts) < count:
        pk = rng.randint(low, high)
        post = published.select_related("area").filter(pk__gte=pk).order_by("pk").first()
        if post is not None and post.pk not in {p.pk for p in posts}:
            posts.append(post)
    return posts


def server_time(post) -> float:
    """Planning plus execution time of the candidate query, as PostgreSQL measures it: what
    the query costs, without this process's share of a loaded machine's CPU (TIMING off:
    per-node clocks would add their own cost)."""
    plan_json = hints.candidates(post).explain(analyze=True, timing=False, format="json")
    [plan] = json.loads(plan_json)
    return plan["Planning Time"] + plan["Execution Time"]


def timed(function, post) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(post)
    return (time.perf_counter() - start) * 1000, result


def report(name: str, values: list[float]) -> None:
    print(
        f"{name:12} p50 {percentile(values, 0.5):7.2f} ms   p95 {percentile(values, 0.95):7.2f} ms"
        f"   p99 {percentile(values, 0.99):7.2f} ms   max {max(values):7.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()

    total = Post.objects.count()
    print(f"{connection.vendor}, {total:,} posts; {args.posts} posts drawn (seed {args.seed})")
    posts = sample_posts(args.posts, args.seed)
    for post in posts[:5]:  # warm the connection and the caches a little
        list(hints.candidates(post))

    candidate_ms, match_ms, server_ms, sizes, matched = [], [], [], [], 0
    for post in posts:
        if connection.vendor == "postgresql":
            server_ms.append(server_time(post))
        ms, found = timed(lambda p: list(hints.candidates(p)), post)
        candidate_ms.append(ms)
        sizes.append(len(found))
        ms, matches = timed(hints.possible_matches, post)
        match_ms.append(ms)
        matched += bool(matches)

    if server_ms:
        report("in database", server_ms)
    report("candidates", candidate_ms)
    report("+ scoring", match_ms)
    print(
        f"candidates per post: median {statistics.median(sizes):.0f}, max {max(sizes)}, "
        f"at the cap ({hints.MAX_CANDIDATES}) {sum(s >= hints.MAX_CANDIDATES for s in sizes)}; "
        f"posts with a possible match: {matched}"
    )
    busiest = posts[max(range(len(posts)), key=sizes.__getitem__)]
    if connection.vendor == "postgresql":
        print("\nEXPLAIN ANALYZE, the post with the most candidates:")
        print(hints.candidates(busiest).explain(analyze=True, buffers=True))


if __name__ == "__main__":
    main()
