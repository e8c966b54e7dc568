"""Takes over `articles.Redirect` and its table, `articles_redirect`, as it stands.

The content type moves with it, so permissions already given (the Editor group's) still hold.
"""

from django.db import migrations, models


def move_content_type(apps, schema_editor, *, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=target, model="redirect").exists():
        ContentType.objects.filter(app_label=source, model="redirect").update(app_label=target)


def forwards(apps, schema_editor):
    move_content_type(apps, schema_editor, source="articles", target="redirects")


def backwards(apps, schema_editor):
    move_content_type(apps, schema_editor, source="redirects", target="articles")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0005_redirect_moves_to_redirects_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Redirect",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "old_path",
                            models.CharField(
                                help_text='The path only, starting with "/", e.g. /2024/01/02/old/.',
                                max_length=500,
                                unique=True,
                                verbose_name="old path",
                            ),
                        ),
                        (
                            "new_path",
                            models.CharField(
                                help_text="Where readers are sent instead.", max_length=500, verbose_name="new path"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                    ],
                    options={
                        "verbose_name": "redirect",
                        "verbose_name_plural": "redirects",
                        "ordering": ["old_path"],
                        "db_table": "articles_redirect",
                    },
                ),
            ]
        ),
        migrations.RunPython(forwards, backwards),
    ]
