import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# SQLite: an FTS5 table whose content is newsroom_searchentry (no second copy of the text),
# kept in step by the triggers the FTS5 documentation prescribes for external content.
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE newsroom_search_fts USING fts5(
        headline, standfirst, body,
        content='newsroom_searchentry', content_rowid='article_id',
        tokenize='{tokenizer}'
    )""",
    """CREATE TRIGGER newsroom_search_fts_insert AFTER INSERT ON newsroom_searchentry BEGIN
        INSERT INTO newsroom_search_fts(rowid, headline, standfirst, body)
        VALUES (new.article_id, new.headline, new.standfirst, new.body);
    END""",
    """CREATE TRIGGER newsroom_search_fts_delete AFTER DELETE ON newsroom_searchentry BEGIN
        INSERT INTO newsroom_search_fts(newsroom_search_fts, rowid, headline, standfirst, body)
        VALUES ('delete', old.article_id, old.headline, old.standfirst, old.body);
    END""",
    """CREATE TRIGGER newsroom_search_fts_update AFTER UPDATE ON newsroom_searchentry BEGIN
        INSERT INTO newsroom_search_fts(newsroom_search_fts, rowid, headline, standfirst, body)
        VALUES ('delete', old.article_id, old.headline, old.standfirst, old.body);
        INSERT INTO newsroom_search_fts(rowid, headline, standfirst, body)
        VALUES (new.article_id, new.headline, new.standfirst, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS newsroom_search_fts_update",
    "DROP TRIGGER IF EXISTS newsroom_search_fts_delete",
    "DROP TRIGGER IF EXISTS newsroom_search_fts_insert",
    "DROP TABLE IF EXISTS newsroom_search_fts",
]
POSTGRES_FORWARD = ["CREATE INDEX newsroom_searchentry_document_gin ON newsroom_searchentry USING gin (document)"]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS newsroom_searchentry_document_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        from django.conf import settings

        vendor = schema_editor.connection.vendor
        tokenizer = "porter unicode61 remove_diacritics 2"
        if getattr(settings, "SEARCH_LANGUAGE", "english") != "english":
            tokenizer = "unicode61 remove_diacritics 2"
        for statement in statements_by_vendor.get(vendor, []):
            schema_editor.execute(statement.replace("{tokenizer}", tokenizer))

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("articles", "0002_roles")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                ("headline", models.TextField(blank=True, verbose_name="headline")),
                ("standfirst", models.TextField(blank=True, verbose_name="standfirst")),
                ("body", models.TextField(blank=True, verbose_name="body text")),
                ("document", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ("indexed_at", models.DateTimeField(auto_now=True, verbose_name="indexed at")),
            ],
            options={"verbose_name": "search entry", "verbose_name_plural": "search entries"},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
