"""Give the benchmark's seeded posts a moderation queue (benchmark tooling, run once).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://.../board_bench \
        .venv/bin/python -m bench.moderation_queue

The seeded dataset has nothing waiting: every post published, no report. A moderator's
pages are only measured honestly with a queue, so this moves posts, chosen with a fixed
seed, into each state the admin filters on (the counts in QUEUE), adds open reports from
three reporter accounts, then runs ANALYZE. It does nothing if the queue is already there.
"""

import random
import sys
import time
from datetime import timedelta

import django

QUEUE = {
    "held": 10_000,  # a third held for a phone number, the rest for a new account
    "hidden": 1_000,  # hidden by reports, awaiting review; half urgent
    "reported": 5_000,  # published with open reports
    "urgent": 200,  # published, marked urgent (takedown requests)
    "rejected": 10_000,
    "removed": 10_000,
    "expired": 100_000,
    "deleted": 1_000,
}
CHUNK = 5_000


def chunks(ids):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def main() -> None:
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from board.models import Flag, FlagReason, Post, PostStatus

    started = time.monotonic()
    if Post.objects.filter(status=PostStatus.PENDING).exists():
        print("The dataset already has a queue.", file=sys.stderr)
        return
    rng = random.Random(15)
    ids = list(
        Post.objects.filter(status=PostStatus.PUBLISHED).order_by("id").values_list("id", flat=True)
    )
    chosen = rng.sample(ids, sum(QUEUE.values()))
    picked, start = {}, 0
    for state, count in QUEUE.items():
        picked[state] = sorted(chosen[start : start + count])
        start += count

    now = timezone.now()
    held = picked["held"]
    for part in chunks(held[: len(held) // 3]):
        Post.objects.filter(id__in=part).update(status=PostStatus.PENDING, held_reasons=["phone"])
    for part in chunks(held[len(held) // 3 :]):
        Post.objects.filter(id__in=part).update(
            status=PostStatus.PENDING, held_reasons=["new_account"]
        )
    hidden = picked["hidden"]
    Post.objects.filter(id__in=hidden[::2]).update(
        status=PostStatus.HIDDEN, needs_urgent_review=True
    )
    Post.objects.filter(id__in=hidden[1::2]).update(status=PostStatus.HIDDEN)
    Post.objects.filter(id__in=picked["urgent"]).update(needs_urgent_review=True)
    for state in ("rejected", "removed", "expired", "deleted"):
        for part in chunks(picked[state]):
            Post.objects.filter(id__in=part).update(status=state)

    reporters = [
        get_user_model().objects.get_or_create(
            username=f"bench-reporter-{n}", defaults={"email": f"reporter{n}@example.com"}
        )[0]
        for n in range(3)
    ]
    reasons = [FlagReason.SPAM, FlagReason.CONTACT, FlagReason.NOT_MISSED_CONNECTION]
    flags, counts = [], {}
    for post_id in picked["reported"] + hidden:
        for reporter in reporters[: rng.choice((1, 1, 2, 3))]:
            flags.append(Flag(post_id=post_id, user=reporter, reason=rng.choice(reasons)))
            counts[post_id] = counts.get(post_id, 0) + 1
    Flag.objects.bulk_create(flags, batch_size=CHUNK)
    for post_id, count in counts.items():
        Post.objects.filter(id=post_id).update(
            flag_count=count, reports_open_since=now - timedelta(minutes=post_id % 5000)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE board_post")
        cursor.execute("ANALYZE board_flag")
    print(
        f"Queue given: {', '.join(f'{n} {s}' for s, n in QUEUE.items())}; {len(flags)} flags "
        f"({time.monotonic() - started:.0f} s).",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
