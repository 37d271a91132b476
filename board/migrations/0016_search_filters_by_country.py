"""PostgreSQL: the search filters' GIN index (0007) also holds the post's country.

A word combined with a country (`?q=…&country=DE`, issue 18) was answered by reading every
post holding the word and checking its country (595 ms p95 at a million posts over 5,000
areas); with the country in the same btree_gin index PostgreSQL reads only the posts that
match both. Where btree_gin is missing (0007 skipped the index) nothing is done. SQLite:
nothing to do (FTS5 is filtered by the rowid join).
"""

from django.db import migrations

INDEX = "board_post_search_filters"
WITH_COUNTRY = "(search_vector, connection_type, area_id, country_id)"
WITHOUT_COUNTRY = "(search_vector, connection_type, area_id)"


def _rebuild(schema_editor, columns: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'btree_gin'")
        if cursor.fetchone() is None:
            return
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        cursor.execute(
            f"CREATE INDEX {INDEX} ON board_post USING gin {columns} WHERE status = 'published'"
        )


def add_country(apps, schema_editor):
    _rebuild(schema_editor, WITH_COUNTRY)


def remove_country(apps, schema_editor):
    _rebuild(schema_editor, WITHOUT_COUNTRY)


class Migration(migrations.Migration):
    dependencies = [("board", "0015_notice_kinds_and_comment_queue")]

    operations = [migrations.RunPython(add_country, remove_country)]
