"""The full-text search index of published posts, one per database (see board/search/).

SQLite: an FTS5 table `board_post_fts` (rowid = post id) kept by triggers on board_post.
PostgreSQL: a `search_vector` column (not a model field) kept by a trigger, a GIN index, a
text search configuration `board_english` (English stemming, unaccent when available), and
a GIN index of consecutive lexeme pairs (`board_bigrams`) that makes phrase search fast.
Only published posts are indexed; search also filters with `published()`.

On SQLite, a later migration that remakes board_post (AddField with a default, most
AlterField operations) drops the table's triggers with it. So this module also connects a
post_migrate handler (`migrate` always imports every migration module) that puts the
triggers back and refills the FTS table whenever they are missing after a migrate.
tests/test_search.py checks the triggers exist after all migrations.
"""

from django.db import connections, migrations, transaction
from django.db.models.signals import post_migrate

SENTINELS = (57344, 57345)  # board.search.START and STOP, stripped from indexed text.

# SQLite ------------------------------------------------------------------------------------

SQLITE_INDEXED = ("headline", "story", "where_exactly", "i_saw", "i_am", "status")


def _sqlite_clean(expression: str) -> str:
    start, stop = SENTINELS
    return f"replace(replace({expression}, char({start}), ''), char({stop}), '')"


def _sqlite_values(row: str) -> str:
    details = f"{row}.where_exactly || ' ' || {row}.i_saw || ' ' || {row}.i_am"
    return ", ".join(
        [
            f"{row}.id",
            _sqlite_clean(f"{row}.headline"),
            _sqlite_clean(details),
            _sqlite_clean(f"{row}.story"),
        ]
    )


SQLITE_CHANGED = " OR ".join(f"old.{name} IS NOT new.{name}" for name in SQLITE_INDEXED)

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE board_post_fts USING fts5("
    "headline, details, story, tokenize = 'porter unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER board_post_fts_insert AFTER INSERT ON board_post
    WHEN new.status = 'published' BEGIN
        INSERT INTO board_post_fts (rowid, headline, details, story)
        VALUES ({_sqlite_values("new")});
    END""",
    f"""CREATE TRIGGER board_post_fts_update AFTER UPDATE ON board_post
    WHEN {SQLITE_CHANGED} OR old.id IS NOT new.id BEGIN
        DELETE FROM board_post_fts WHERE rowid = old.id;
        INSERT INTO board_post_fts (rowid, headline, details, story)
        SELECT {_sqlite_values("new")} WHERE new.status = 'published';
    END""",
    """CREATE TRIGGER board_post_fts_delete AFTER DELETE ON board_post BEGIN
        DELETE FROM board_post_fts WHERE rowid = old.id;
    END""",
]
SQLITE_BACKFILL = (
    "INSERT INTO board_post_fts (rowid, headline, details, story) "
    f"SELECT {_sqlite_values('board_post')} FROM board_post WHERE status = 'published'"
)
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS board_post_fts_insert",
    "DROP TRIGGER IF EXISTS board_post_fts_update",
    "DROP TRIGGER IF EXISTS board_post_fts_delete",
    "DROP TABLE IF EXISTS board_post_fts",
]
SQLITE_TRIGGERS = ("board_post_fts_insert", "board_post_fts_update", "board_post_fts_delete")


def sqlite_install_sync(connection):
    """(Re)create the triggers and refill the FTS table from board_post: idempotent."""
    cursor = connection.cursor()
    for statement in SQLITE_DROP[:3]:
        cursor.execute(statement)
    cursor.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'board_post_fts'"
    )
    statements = SQLITE_CREATE if not cursor.fetchone()[0] else SQLITE_CREATE[1:]
    for statement in statements:
        cursor.execute(statement)
    cursor.execute("DELETE FROM board_post_fts")
    cursor.execute(SQLITE_BACKFILL)


def restore_sqlite_sync(sender, using="default", **kwargs):
    """After any migrate: if a table remake dropped the triggers, put them back and refill."""
    if getattr(sender, "name", None) != "board":
        return
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = 'board_post_fts' "
            "OR (type = 'trigger' AND tbl_name = 'board_post')"
        )
        names = {row[0] for row in cursor.fetchall()}
    if "board_post_fts" in names and not set(SQLITE_TRIGGERS) <= names:
        with transaction.atomic(using=using):
            sqlite_install_sync(connection)


post_migrate.connect(restore_sqlite_sync, dispatch_uid="board_search_restore_sqlite_sync")


# PostgreSQL --------------------------------------------------------------------------------

PG_INDEXED = ("headline", "story", "where_exactly", "i_saw", "i_am", "status")
PG_CHANGED = " OR ".join(f"OLD.{name} IS DISTINCT FROM NEW.{name}" for name in PG_INDEXED)


def _pg_config_sql(with_unaccent: bool) -> list[str]:
    mapping = "unaccent, english_stem" if with_unaccent else "english_stem"
    return [
        "CREATE TEXT SEARCH CONFIGURATION board_english (COPY = pg_catalog.english)",
        "ALTER TEXT SEARCH CONFIGURATION board_english "
        f"ALTER MAPPING FOR hword, hword_part, word WITH {mapping}",
    ]


PG_CREATE = [
    "ALTER TABLE board_post ADD COLUMN search_vector tsvector",
    """CREATE FUNCTION board_post_search_vector(
        headline text, where_exactly text, i_saw text, i_am text, story text
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('board_english'::regconfig, coalesce(headline, '')), 'A')
            || setweight(to_tsvector('board_english'::regconfig,
                coalesce(where_exactly, '') || ' ' || coalesce(i_saw, '') || ' '
                || coalesce(i_am, '')), 'B')
            || setweight(to_tsvector('board_english'::regconfig, coalesce(story, '')), 'C')
    $$""",
    """CREATE FUNCTION board_post_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.status = 'published' THEN
            NEW.search_vector := board_post_search_vector(
                NEW.headline, NEW.where_exactly, NEW.i_saw, NEW.i_am, NEW.story);
        ELSE
            NEW.search_vector := NULL;
        END IF;
        RETURN NEW;
    END
    $$""",
    """CREATE TRIGGER board_post_search_insert BEFORE INSERT ON board_post
    FOR EACH ROW EXECUTE FUNCTION board_post_search_trigger()""",
    f"""CREATE TRIGGER board_post_search_update BEFORE UPDATE ON board_post
    FOR EACH ROW WHEN ({PG_CHANGED}) EXECUTE FUNCTION board_post_search_trigger()""",
    """UPDATE board_post SET search_vector = board_post_search_vector(
        headline, where_exactly, i_saw, i_am, story) WHERE status = 'published'""",
    """CREATE INDEX board_post_search_gin ON board_post USING gin (search_vector)
    WHERE status = 'published'""",
    # Phrases: each pair of consecutive lexemes with the distance between them ("red~scarf",
    # "scarf~3~train" across two stop words) in its own GIN index, so a phrase of common
    # words is found from the index instead of by checking positions row after row.
    """CREATE FUNCTION board_bigrams(vector tsvector) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE
        slots text[];
        pairs text[] := '{}';
        item record;
        pos int;
        previous int;
    BEGIN
        FOR item IN SELECT lexeme, positions FROM unnest(vector) LOOP
            FOREACH pos IN ARRAY coalesce(item.positions, '{}') LOOP
                slots[pos] := item.lexeme;
            END LOOP;
        END LOOP;
        IF slots IS NULL THEN
            RETURN ''::tsvector;
        END IF;
        FOR pos IN array_lower(slots, 1) .. array_upper(slots, 1) LOOP
            IF slots[pos] IS NOT NULL THEN
                IF previous IS NOT NULL THEN
                    pairs := pairs || (slots[previous] || '~'
                        || CASE WHEN pos - previous = 1 THEN '' ELSE (pos - previous) || '~' END
                        || slots[pos]);
                END IF;
                previous := pos;
            END IF;
        END LOOP;
        RETURN array_to_tsvector(pairs);
    END
    $$""",
    """CREATE FUNCTION board_phrase_bigrams(phrase text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT string_agg(quote_literal(pair), ' & ')::tsquery
        FROM unnest(tsvector_to_array(board_bigrams(to_tsvector('board_english', phrase))))
            AS pair
    $$""",
    """CREATE INDEX board_post_search_bigrams ON board_post
    USING gin (board_bigrams(search_vector)) WHERE status = 'published'""",
]
PG_DROP = [
    "DROP INDEX IF EXISTS board_post_search_bigrams",
    "DROP FUNCTION IF EXISTS board_phrase_bigrams(text)",
    "DROP FUNCTION IF EXISTS board_bigrams(tsvector)",
    "DROP INDEX IF EXISTS board_post_search_gin",
    "DROP TRIGGER IF EXISTS board_post_search_update ON board_post",
    "DROP TRIGGER IF EXISTS board_post_search_insert ON board_post",
    "DROP FUNCTION IF EXISTS board_post_search_trigger()",
    "DROP FUNCTION IF EXISTS board_post_search_vector(text, text, text, text, text)",
    "ALTER TABLE board_post DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS board_english",
]


def _pg_has_unaccent(cursor) -> bool:
    """Create the unaccent extension if we may; searching works without it, accent-sensitive."""
    cursor.execute("SAVEPOINT board_unaccent")
    try:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception:
        cursor.execute("ROLLBACK TO SAVEPOINT board_unaccent")
        return False
    cursor.execute("RELEASE SAVEPOINT board_unaccent")
    return True


# Both ----------------------------------------------------------------------------------------


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        sqlite_install_sync(schema_editor.connection)
    elif vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for statement in _pg_config_sql(_pg_has_unaccent(cursor)) + PG_CREATE:
                cursor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": PG_DROP}.get(vendor, [])
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("board", "0004_coping_content")]

    operations = [migrations.RunPython(create_index, drop_index)]
