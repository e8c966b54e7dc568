"""On PostgreSQL, the admin's story search (`headline` and `standfirst` containing each word, as
Django's admin asks: UPPER(…) LIKE '%WORD%') reads trigram indexes instead of every story: a
common word among a million stories, 900 ms → milliseconds. pg_trgm ships with PostgreSQL and is
a trusted extension (the database's owner may create it). SQLite keeps scanning: it serves
small sites."""

from django.db import migrations

FIELDS = ["headline", "standfirst"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for field in FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS article_{field}_trigram_idx ON articles_article "
            f"USING gin (UPPER({field}::text) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS article_{field}_trigram_idx")


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_archive_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
