"""Many realistic synthetic posts, inserted in bulk, for benchmarks and scale tests.

On PostgreSQL a large load streams rows with COPY in one transaction and builds the search
GIN index once at the end (the search trigger still fills each row's vector as it arrives),
so 1,000,000 posts take minutes. Elsewhere rows go through bulk_create in batches; the
SQLite search triggers index them as they are inserted. Either way the search index is
consistent when the function returns.
"""

import itertools
import json
import random
import threading
import time
from datetime import timedelta

from django.db import connection, models, transaction
from django.utils import timezone

from .. import identifiers, sanitize
from ..models import Area, ConnectionType, PartOfDay, Post, PostStatus, SettingTag

# Word lists whose draw is Zipf-skewed, so some words are in most posts and some are rare.
WORDS = (
    "the a you and i was we on at in with your my that smile eyes train coffee book "
    "laughed talked looked wearing jacket scarf red blue green black yellow umbrella "
    "rain morning evening night platform station bus stop cafe bar concert park gym "
    "library bookstore conference campus market street bridge river ferry hostel airport "
    "gate window seat line queue dog bicycle guitar headphones notebook sketch poetry "
    "novel tattoo freckles curls glasses beanie boots sneakers coat sweater hat backpack "
    "tote dancing danced singing sang reading read writing wrote joke crossword chess "
    "puzzle espresso latte tea croissant bagel oranges flowers tulips sunflowers vinyl "
    "record camera film photograph painting museum gallery exhibit lecture panel keynote "
    "badge lanyard mentor colleague founder designer engineer teacher nurse chef barista "
    "musician runner climber swimmer traveller stranger kindred spirit friend lisbon "
    "berlin toronto chicago london brooklyn mission kreuzberg alfama shoreditch "
    "accordion harmonica saxophone ukulele violin cello typewriter origami polaroid "
    "lighthouse carousel aquarium observatory planetarium greenhouse orchard vineyard "
).split()
WEIGHTS = [1 / (rank + 1) ** 1.07 for rank in range(len(WORDS))]
CUM_WEIGHTS = list(itertools.accumulate(WEIGHTS))
BATCH = 5000
COPY_BATCH = 50_000
# From this many posts on, PostgreSQL drops the search GIN index and builds it once at the end.
REBUILD_INDEX_FROM = 50_000
SYNTHETIC_LIFETIME = timedelta(days=3650)


def _words(rng: random.Random, k: int) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=CUM_WEIGHTS, k=k))


def _sentence(rng: random.Random) -> str:
    return _words(rng, rng.randint(6, 16)).capitalize() + "."


def _story(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 3)):
        paragraphs.append(" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))))
    return "\n\n".join(paragraphs)


def _fields(rng, now, areas, types, parts, used_ids) -> dict:
    """One post's field values (by attname)."""
    public_id = identifiers.new_public_id()
    while public_id in used_ids:
        public_id = identifiers.new_public_id()
    used_ids.add(public_id)
    headline = _words(rng, rng.randint(3, 7)).capitalize()
    story = _story(rng)
    published = now - timedelta(minutes=rng.randint(1, 2 * 365 * 24 * 60))
    return {
        "public_id": public_id,
        "slug": identifiers.slug_for(headline),
        "pseudonym": identifiers.new_pseudonym(),
        "headline": headline,
        "story": story,
        "story_html": sanitize.render_plain_paragraphs(story),
        "connection_type": rng.choice(types),
        **dict(zip(("area_id", "country_id"), rng.choice(areas), strict=True)),
        "encounter_date": (published - timedelta(days=rng.randint(0, 6))).date(),
        "part_of_day": rng.choice(parts),
        "status": PostStatus.PUBLISHED,
        "created_at": published,
        "updated_at": published,
        "published_at": published,
        # Synthetic posts stay listed so benchmarks see the whole table.
        "expires_at": now + SYNTHETIC_LIFETIME,
    }


def create_synthetic_posts(count: int, *, seed: int | None = None, log=lambda message: None) -> int:
    """Insert `count` published posts over the last two years, with setting tags."""
    rng = random.Random(seed)
    areas = list(Area.objects.values_list("pk", "country_id"))
    tags = list(SettingTag.objects.values_list("pk", flat=True))
    if not areas or not tags:
        raise RuntimeError("Load the areas and setting tags first (seed_demo does).")
    context = {
        "now": timezone.now(),
        "areas": areas,
        "types": ConnectionType.values,
        "parts": PartOfDay.values,
        "used_ids": set(),
    }
    posts = (_fields(rng, **context) for _ in range(count))
    if connection.vendor == "postgresql":
        return _copy_postgresql(posts, count, rng, tags, log)
    return _bulk_create(posts, count, rng, tags)


def _tag_links(rng, tags, post_ids):
    for post_id in post_ids:
        for tag in rng.sample(tags, k=rng.choice((1, 1, 2))):
            yield post_id, tag


def _bulk_create(posts, count, rng, tags) -> int:
    through = Post.setting_tags.through
    made = 0
    while made < count:
        batch = [Post(**fields) for fields in itertools.islice(posts, BATCH)]
        with transaction.atomic():
            Post.objects.bulk_create(batch, batch_size=1000)
            links = [
                through(post_id=post_id, settingtag_id=tag)
                for post_id, tag in _tag_links(rng, tags, [post.pk for post in batch])
            ]
            through.objects.bulk_create(links, batch_size=5000)
        made += len(batch)
    return made


def _copy_postgresql(posts, count, rng, tags, log) -> int:
    """COPY rows in one transaction; every column the model has gets its default if not set.

    For a large load the table's secondary indexes (the search GIN indexes among them) are
    dropped in that transaction and built again afterwards, two at a time, from their
    recorded definitions; the search trigger fills each row's vector as it arrives.
    """
    # Generated columns (Post.in_queue, waiting_since) are computed by the database.
    fields = [f for f in Post._meta.concrete_fields if not (f.primary_key or f.generated)]
    columns = ["id"] + [f.column for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    as_json = {f.attname for f in fields if isinstance(f, models.JSONField)}
    through = Post.setting_tags.through._meta
    table = Post._meta.db_table
    quote = connection.ops.quote_name
    rebuild = []
    made, started = 0, time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_get_serial_sequence('{table}', 'id')")
        sequence = cursor.fetchone()[0]
        if count >= REBUILD_INDEX_FROM:
            rebuild = _secondary_indexes(cursor, table)
            for name, _ in rebuild:
                cursor.execute(f"DROP INDEX {quote(name)}")
        while made < count:
            size = min(COPY_BATCH, count - made)
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [sequence, size])
            ids = [row[0] for row in cursor.fetchall()]
            column_list = ", ".join(quote(c) for c in columns)
            with cursor.cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
                for post_id, values in zip(ids, itertools.islice(posts, size), strict=True):
                    row = [post_id]
                    for field in fields:
                        value = values.get(field.attname, defaults[field.attname])
                        row.append(json.dumps(value) if field.attname in as_json else value)
                    copy.write_row(row)
            links = f"{quote(through.db_table)} (post_id, settingtag_id)"
            with cursor.cursor.copy(f"COPY {links} FROM STDIN") as copy:
                for link in _tag_links(rng, tags, ids):
                    copy.write_row(link)
            made += size
        log(f"Copied {made} posts in {time.monotonic() - started:.0f} s.")
    if rebuild:
        started = time.monotonic()
        _build_indexes([definition for _, definition in rebuild])
        log(f"Built {len(rebuild)} indexes in {time.monotonic() - started:.0f} s.")
    with connection.cursor() as cursor:
        # Fresh statistics for both tables, or the planner guesses wrong at a million rows.
        cursor.execute(f"ANALYZE {quote(table)}")
        cursor.execute(f"ANALYZE {quote(through.db_table)}")
    return made


def _secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the table's indexes that back no constraint."""
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        """,
        [table],
    )
    return cursor.fetchall()


def _build_indexes(definitions: list[str]) -> None:
    """Run the CREATE INDEX statements, longest first, on two connections at once.

    Inside an outer transaction (a test) they run in order on this connection instead.
    """
    pending = sorted(definitions, key=lambda sql: "gin" not in sql)
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            # Deferred foreign key checks first: CREATE INDEX refuses pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for definition in pending:
                cursor.execute(definition)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    lock = threading.Lock()

    def worker():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '256MB'")
                while True:
                    with lock:
                        if not pending:
                            return
                        definition = pending.pop(0)
                    cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    missing = [sql for sql in definitions if not _index_exists(sql)]
    if missing:
        raise RuntimeError(f"Indexes not rebuilt: {missing}")


def _index_exists(definition: str) -> bool:
    name = definition.split(" INDEX ", 1)[1].split(" ON ", 1)[0].split()[-1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return cursor.fetchone()[0]
