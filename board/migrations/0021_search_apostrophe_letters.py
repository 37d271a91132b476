"""PostgreSQL: stories and queries holding a letter that unaccent folds into an apostrophe.

0012's `board_to_tsvector`/`board_to_tsquery` fold accents over the text form of a
non-English vector or query. unaccent turns a few letters into an apostrophe (the ʻokina
of "Hawaiʻi", the modifier apostrophe of "пʼять" and "Oʼzbek", "ŉ" into "'n", IPA's "ˈ"),
and an apostrophe inside a quoted lexeme ends it: saving such a German post, or searching
such a word in any language, failed with a syntax error. Here those letters become the
text form's escaped apostrophe ('') before folding, so the lexeme is what English and
"other" already make of it ("hawai'i"). Published non-English posts holding one are
re-indexed (before, their vectors held broken lexemes, or they could not be saved); other
posts have no vector until the trigger makes one on publishing. At 1,000,000 posts: 5 s.

SQLite folds in Python (board/search/words.py) and is not affected.
"""

from django.db import migrations

APOSTROPHE_LETTERS = "ʹʻʼʽˈ"


def _fold(with_apostrophes: bool) -> str:
    if not with_apostrophes:
        return "unaccent(%s::text)"
    escaped = f"regexp_replace(%s::text, '[{APOSTROPHE_LETTERS}]', '''''', 'g')"
    return f"unaccent(replace({escaped}, 'ŉ', '''''n'))"


def _functions(fold: str) -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION board_to_tsvector(config regconfig, document text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN config IN ('board_english'::regconfig, 'board_simple'::regconfig)
                THEN to_tsvector(config, document)
                ELSE ({fold % "to_tsvector(config, document)"})::tsvector END
        $$""",
        f"""CREATE OR REPLACE FUNCTION board_to_tsquery(config regconfig, query text)
        RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN config IN ('board_english'::regconfig, 'board_simple'::regconfig)
                THEN to_tsquery(config, query)
                ELSE ({fold % "to_tsquery(config, query)"})::tsquery END
        $$""",
    ]


REINDEX = f"""UPDATE board_post SET search_vector = board_post_search_vector(
        language, headline, where_exactly, i_saw, i_am, story)
    WHERE status = 'published' AND language NOT IN ('en', 'other')
        AND concat_ws(' ', headline, where_exactly, i_saw, i_am, story)
            ~ '[{APOSTROPHE_LETTERS}ŉ]'"""


def _has_unaccent(cursor) -> bool:
    """0012 folds accents only where it could create the extension."""
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
    return cursor.fetchone() is not None


def _replace(schema_editor, *, with_apostrophes: bool) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not _has_unaccent(cursor):
            return
        for statement in _functions(_fold(with_apostrophes)):
            cursor.execute(statement)
        if with_apostrophes:
            cursor.execute(REINDEX)


def install(apps, schema_editor):
    _replace(schema_editor, with_apostrophes=True)


def uninstall(apps, schema_editor):
    _replace(schema_editor, with_apostrophes=False)


class Migration(migrations.Migration):
    dependencies = [("board", "0020_helplines_china_thailand_pakistan")]

    operations = [migrations.RunPython(install, uninstall)]
