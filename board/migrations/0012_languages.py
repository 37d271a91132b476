"""Stories in their own language (issue #18): `Post.language`, and search by its rules.

PostgreSQL: one text search configuration per language (`board_german`, ...: Snowball
stemmer and stop words, lexemes folded by unaccent after stemming; 0005's `board_english`
folds before) and `board_simple` (unaccent, no stemming, no stop words) for "other". Each post's vector is made with its own language's
configuration (`board_search_config(language)`), and a row not in English carries tags ('~', '~de') so
that `board_tsquery(positive, excluded)` (the query as each configuration reads it, each
reading requiring its language's tag, ORed) matches each row by its own language's reading
in one tsquery: one GIN lookup, and a planner estimate that follows how many posts each
language has. `board_phrase_bigrams(config, phrase)` gives 0005's
phrase index the word pairs of any configuration.

Existing posts become English (a column default: no table rewrite) and their vectors were
made with `board_english` already, so none needs rebuilding: the migration touches no row.

SQLite: the FTS5 table now holds stems computed in Python (board/search/words.py) for the
post's language, through `board_search_text(language, text)`, a function registered on every
connection; 0005's post_migrate handler (which would put back its English-only triggers)
is replaced by one that puts back these.
"""

from django.db import connections, migrations, models, transaction
from django.db.models.signals import post_migrate

# SQLite --------------------------------------------------------------------------------------

SQLITE_INDEXED = ("headline", "story", "where_exactly", "i_saw", "i_am", "status", "language")
SQLITE_TRIGGERS = ("board_post_fts_insert", "board_post_fts_update", "board_post_fts_delete")
SQLITE_FUNCTION = "board_search_text"


def _sqlite_values(row: str) -> str:
    details = f"{row}.where_exactly || ' ' || {row}.i_saw || ' ' || {row}.i_am"
    return ", ".join(
        [
            f"{row}.id",
            f"{SQLITE_FUNCTION}({row}.language, {row}.headline)",
            f"{SQLITE_FUNCTION}({row}.language, {details})",
            f"{SQLITE_FUNCTION}({row}.language, {row}.story)",
        ]
    )


SQLITE_CHANGED = " OR ".join(f"old.{name} IS NOT new.{name}" for name in SQLITE_INDEXED)
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE board_post_fts USING fts5("
    "headline, details, story, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_CREATE_TRIGGERS = [
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


def _migration_0005():
    from importlib import import_module

    return import_module("board.migrations.0005_search_index")


def _sqlite_register(connection):
    from board.search.words import register_sqlite_functions

    connection.ensure_connection()
    register_sqlite_functions(connection=connection)


def sqlite_install(connection):
    """(Re)make the stemmed FTS table, its triggers and its rows: idempotent."""
    _sqlite_register(connection)
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute("DROP TABLE IF EXISTS board_post_fts")
        cursor.execute(SQLITE_TABLE)
        for statement in SQLITE_CREATE_TRIGGERS:
            cursor.execute(statement)
        cursor.execute(SQLITE_BACKFILL)


def restore_sqlite_index(sender, using="default", **kwargs):
    """After any migrate: if a table remake dropped our triggers (or 0005's came back), put
    ours back and refill; before 0012 (or after rolling it back), 0005's handler's work."""
    if getattr(sender, "name", None) != "board":
        return
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'board_post'"
        )
        triggers = dict(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM django_migrations WHERE name = '0012_languages'")
        applied = cursor.fetchone()[0]
    ours = all(SQLITE_FUNCTION in (triggers.get(name) or "") for name in SQLITE_TRIGGERS[:2])
    if applied and not ours:
        with transaction.atomic(using=using):
            sqlite_install(connection)
    elif not applied and not set(SQLITE_TRIGGERS) <= set(triggers):
        _migration_0005().restore_sqlite_sync(sender, using=using, **kwargs)


# 0005's handler would put back English-only triggers; this module's replaces it. (Migration
# modules are imported in name order, so 0005's is connected before this runs.)
post_migrate.disconnect(dispatch_uid="board_search_restore_sqlite_sync")
post_migrate.connect(restore_sqlite_index, dispatch_uid="board_search_restore_sqlite_index")


# PostgreSQL ----------------------------------------------------------------------------------

PG_STEMMED = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "it": "italian",
}
PG_CONFIGS = [f"board_{name}" for name in PG_STEMMED.values()] + ["board_simple"]
PG_INDEXED = ("headline", "story", "where_exactly", "i_saw", "i_am", "status", "language")
PG_CHANGED = " OR ".join(f"OLD.{name} IS DISTINCT FROM NEW.{name}" for name in PG_INDEXED)


def _pg_configs_sql(with_unaccent: bool) -> list[str]:
    """The new configurations (board_english exists since 0005) and the accent folding.

    Stemmers other than English's are given the words as written (the French one needs the
    accent of "regardée" to find "regard") and their lexemes are folded afterwards
    (`board_to_tsvector`, `board_to_tsquery`); "other" folds before its simple dictionary.
    """
    statements = [
        f"CREATE TEXT SEARCH CONFIGURATION board_{name} (COPY = pg_catalog.{name})"
        for name in list(PG_STEMMED.values())[1:]
    ]
    statements.append("CREATE TEXT SEARCH CONFIGURATION board_simple (COPY = pg_catalog.simple)")
    if with_unaccent:
        statements.append(
            "ALTER TEXT SEARCH CONFIGURATION board_simple "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
        )
    fold = "unaccent(%s::text)" if with_unaccent else "%s::text"
    return statements + [
        f"""CREATE FUNCTION board_to_tsvector(config regconfig, document text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN config IN ('board_english'::regconfig, 'board_simple'::regconfig)
                THEN to_tsvector(config, document)
                ELSE ({fold % "to_tsvector(config, document)"})::tsvector END
        $$""",
        f"""CREATE FUNCTION board_to_tsquery(config regconfig, query text) RETURNS tsquery
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN config IN ('board_english'::regconfig, 'board_simple'::regconfig)
                THEN to_tsquery(config, query)
                ELSE ({fold % "to_tsquery(config, query)"})::tsquery END
        $$""",
    ]


def _config_case() -> str:
    whens = " ".join(
        f"WHEN '{code}' THEN 'board_{name}'::regconfig" for code, name in PG_STEMMED.items()
    )
    return f"CASE language {whens} ELSE 'board_simple'::regconfig END"


# Each configuration and the tag its rows carry (the English arm: no tag at all).
PG_TAGS = [("board_english", "!'~'")]
PG_TAGS += [(f"board_{name}", f"'~{code}'") for code, name in list(PG_STEMMED.items())[1:]]
PG_TAGS += [("board_simple", "'~other'")]


def _tag_values() -> str:
    rows = [(config, tag.replace("'", "''")) for config, tag in PG_TAGS]
    return ", ".join(f"('{config}'::regconfig, '{tag}'::tsquery)" for config, tag in rows)


PG_CREATE = [
    f"""CREATE FUNCTION board_search_config(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {_config_case()} $$""",
    # Rows not in English carry two position-less tags, '~' and '~<language>': a query arm
    # for German requires '~de', the English arm requires no '~', so each row is matched
    # only by its own language's reading, in one tsquery the planner estimates well.
    """CREATE FUNCTION board_search_tags(language text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN language = 'en' THEN ''::tsvector
                    ELSE array_to_tsvector(ARRAY['~', '~' || language]) END
    $$""",
    """CREATE FUNCTION board_post_search_vector(
        language text, headline text, where_exactly text, i_saw text, i_am text, story text
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(board_to_tsvector(board_search_config(language),
                coalesce(headline, '')), 'A')
            || setweight(board_to_tsvector(board_search_config(language),
                coalesce(where_exactly, '') || ' ' || coalesce(i_saw, '') || ' '
                || coalesce(i_am, '')), 'B')
            || setweight(board_to_tsvector(board_search_config(language),
                coalesce(story, '')), 'C')
            || board_search_tags(language)
    $$""",
    """CREATE OR REPLACE FUNCTION board_post_search_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.status = 'published' THEN
            NEW.search_vector := board_post_search_vector(NEW.language,
                NEW.headline, NEW.where_exactly, NEW.i_saw, NEW.i_am, NEW.story);
        ELSE
            NEW.search_vector := NULL;
        END IF;
        RETURN NEW;
    END
    $$""",
    "DROP TRIGGER board_post_search_update ON board_post",
    f"""CREATE TRIGGER board_post_search_update BEFORE UPDATE ON board_post
    FOR EACH ROW WHEN ({PG_CHANGED}) EXECUTE FUNCTION board_post_search_trigger()""",
    "DROP FUNCTION board_post_search_vector(text, text, text, text, text)",
    # The query as each language reads it (its stems, its stop words; a reading left with no
    # word drops out), each requiring its language's tag, ORed; `excluded` words in the same
    # language's reading are excluded. IMMUTABLE: with constant arguments the planner
    # computes it once, so the GIN indexes apply.
    """CREATE FUNCTION board_language_tsquery(config regconfig, positive text, excluded text)
    RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN numnode(reading) = 0 THEN reading ELSE reading && !!unwanted END
        FROM board_to_tsquery(config, coalesce(positive, '')) AS reading,
            board_to_tsquery(config, coalesce(excluded, '')) AS unwanted
    $$""",
    # Languages that read the query alike share one arm, which requires one of their tags;
    # a reading every language shares needs no tag at all (the tsquery as before languages).
    f"""CREATE FUNCTION board_tsquery(positive text, excluded text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(string_agg(arm, ' | '), '')::tsquery
        FROM (
            SELECT CASE WHEN count(*) = {len(PG_TAGS)} THEN '(' || reading || ')'
                ELSE '(' || reading || ') & (' || string_agg(tag::text, ' | ') || ')' END AS arm
            FROM (VALUES {_tag_values()}) AS languages (config, tag),
                CAST(board_language_tsquery(config, positive, excluded) AS text) AS reading
            WHERE reading <> ''
            GROUP BY reading
        ) AS arms
    $$""",
    # A phrase's word pairs as one configuration reads it (0005's is English only).
    """CREATE FUNCTION board_phrase_bigrams(config regconfig, phrase text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT string_agg(quote_literal(pair), ' & ')::tsquery
        FROM unnest(tsvector_to_array(board_bigrams(board_to_tsvector(config, phrase))))
            AS pair
    $$""",
]

PG_DROP = [
    "DROP FUNCTION IF EXISTS board_tsquery(text, text)",
    "DROP FUNCTION IF EXISTS board_language_tsquery(regconfig, text, text)",
    "DROP FUNCTION IF EXISTS board_phrase_bigrams(regconfig, text)",
    """CREATE FUNCTION board_post_search_vector(
        headline text, where_exactly text, i_saw text, i_am text, story text
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('board_english'::regconfig, coalesce(headline, '')), 'A')
            || setweight(to_tsvector('board_english'::regconfig,
                coalesce(where_exactly, '') || ' ' || coalesce(i_saw, '') || ' '
                || coalesce(i_am, '')), 'B')
            || setweight(to_tsvector('board_english'::regconfig, coalesce(story, '')), 'C')
    $$""",
    """CREATE OR REPLACE FUNCTION board_post_search_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
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
    "DROP TRIGGER board_post_search_update ON board_post",
    """CREATE TRIGGER board_post_search_update BEFORE UPDATE ON board_post
    FOR EACH ROW WHEN ("""
    + " OR ".join(f"OLD.{n} IS DISTINCT FROM NEW.{n}" for n in PG_INDEXED[:-1])
    + """) EXECUTE FUNCTION board_post_search_trigger()""",
    # Non-English vectors are remade in English before the column goes.
    """UPDATE board_post SET search_vector = board_post_search_vector(
        headline, where_exactly, i_saw, i_am, story)
    WHERE status = 'published' AND language <> 'en'""",
]
PG_DROP_AFTER = [
    "DROP FUNCTION IF EXISTS board_post_search_vector(text, text, text, text, text, text)",
    "DROP FUNCTION IF EXISTS board_search_config(text)",
    "DROP FUNCTION IF EXISTS board_search_tags(text)",
    "DROP FUNCTION IF EXISTS board_to_tsvector(regconfig, text)",
    "DROP FUNCTION IF EXISTS board_to_tsquery(regconfig, text)",
] + [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}" for name in PG_CONFIGS[1:]]


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


def install(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        sqlite_install(connection)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in _pg_configs_sql(_pg_has_unaccent(cursor)) + PG_CREATE:
                cursor.execute(statement)
            # The planner weighs each language's arm of a search by this column's statistics:
            # without them it guesses 0.5 % of posts for every language. One column's sample.
            cursor.execute("ANALYZE board_post (language)")


def uninstall(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        # 0005's English-only index, as it was (porter stemming in FTS5 itself).
        with connection.cursor() as cursor:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DROP TABLE IF EXISTS board_post_fts")
        _migration_0005().sqlite_install_sync(connection)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in PG_DROP:
                cursor.execute(statement)


def uninstall_after(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for statement in PG_DROP_AFTER:
                cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("board", "0011_moderation_queue_and_appeals")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="language",
            field=models.CharField(
                choices=[
                    ("en", "English"),
                    ("de", "German"),
                    ("fr", "French"),
                    ("es", "Spanish"),
                    ("pt", "Portuguese"),
                    ("it", "Italian"),
                    ("other", "Other"),
                ],
                db_default="en",
                default="en",
                help_text="Search stems the post with this language's rules.",
                max_length=8,
                verbose_name="language of the story",
            ),
        ),
        migrations.AddConstraint(
            model_name="post",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("language__in", ["en", "de", "fr", "es", "pt", "it", "other"])
                ),
                name="post_language_valid",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, uninstall_after),
        migrations.RunPython(install, uninstall),
    ]
