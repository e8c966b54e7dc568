"""Each byline carries its story's publish_at, so an author's page reads one index range (the
author's bylines, newest first) instead of walking the newest stories for the author's. Filled
here; required and indexed in 0013 (a transaction of its own: PostgreSQL alters no table with
the updates' checks pending)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_publish_at(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    story = Article.objects.filter(pk=OuterRef("article_id")).values("publish_at")[:1]
    Byline.objects.update(publish_at=Subquery(story))


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_embedded_posts")]

    operations = [
        migrations.AddField(
            model_name="byline", name="publish_at", field=models.DateTimeField(editable=False, null=True)
        ),
        migrations.RunPython(copy_publish_at, migrations.RunPython.noop, elidable=True),
    ]
