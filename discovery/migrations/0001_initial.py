"""Takes over `newsroom.SearchEntry` as it stands: its table `newsroom_searchentry`, and the
full-text index beside it (FTS5 `newsroom_search_fts` on SQLite, a GIN index on PostgreSQL),
which newsroom/migrations/0001_initial.py created."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model="searchentry").exists():
        ContentType.objects.filter(app_label=source, model="searchentry").update(app_label=target)


def forwards(apps, schema_editor):
    move_content_type(apps, schema_editor, source="newsroom", target="discovery")


def backwards(apps, schema_editor):
    move_content_type(apps, schema_editor, source="discovery", target="newsroom")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0002_roles"),
        ("newsroom", "0002_search_moves_to_discovery"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
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
                    options={
                        "verbose_name": "search entry",
                        "verbose_name_plural": "search entries",
                        "db_table": "newsroom_searchentry",
                    },
                ),
            ]
        ),
        migrations.RunPython(forwards, backwards),
    ]
