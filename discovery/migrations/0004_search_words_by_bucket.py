"""On PostgreSQL, a second index of the search documents' words, each word filed under the bucket
of ten thousand story ids it comes from ("9/citi" for a story with id 90,000 to 99,999).

A quoted phrase is looked for among the newest stories holding all its words. At a million
stories the two words of "city council" are each in hundreds of thousands of documents: found
through the index of words, both lists are read whole (about 40 ms); found by reading the newest
stories until enough hold both, about 10,000 documents are read (about 60 ms). Here the newest
buckets' entries for those words are read alone, as at ten thousand stories.

Built concurrently (no lock on writes; at a million stories it takes a few minutes), so this
migration is not atomic. The functions' bodies name only pg_catalog's own functions, which
pg_restore's empty search_path still finds.
"""

from django.db import migrations

BUCKET_SIZE = 10_000  # story ids per bucket
# A tsvector's words are at most 2,047 bytes; with the bucket in front, a word near that would be
# refused, and the story's search entry with it. Words this long are left out of this index.
LONGEST_WORD = 2_000

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION newsroom_search_bucket(article_id bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT article_id / {BUCKET_SIZE} $$;

CREATE OR REPLACE FUNCTION newsroom_words_by_bucket(document tsvector, article_id bigint) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT pg_catalog.array_to_tsvector(ARRAY(
        SELECT (article_id / {BUCKET_SIZE})::text || '/' || lexeme
        FROM pg_catalog.unnest(pg_catalog.tsvector_to_array(document)) AS lexeme
        WHERE pg_catalog.octet_length(lexeme) <= {LONGEST_WORD}
    ))
$$;
"""
INDEX = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS newsroom_searchentry_words_by_bucket "
    "ON newsroom_searchentry USING gin (newsroom_words_by_bucket(document, article_id))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    # A build that failed or was cancelled half-way leaves an invalid index behind, which IF NOT
    # EXISTS would keep: dropped first. The build may take minutes: no statement timeout.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass('newsroom_searchentry_words_by_bucket')"
        )
        row = cursor.fetchone()
    if row and row[0]:
        schema_editor.execute("DROP INDEX CONCURRENTLY newsroom_searchentry_words_by_bucket")
    schema_editor.execute("SET statement_timeout = 0")
    schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS newsroom_searchentry_words_by_bucket")
        schema_editor.execute("DROP FUNCTION IF EXISTS newsroom_words_by_bucket(tsvector, bigint)")
        schema_editor.execute("DROP FUNCTION IF EXISTS newsroom_search_bucket(bigint)")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("discovery", "0003_sitemap_months")]

    operations = [migrations.RunPython(forwards, backwards)]
