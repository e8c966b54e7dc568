from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_byline_publish_at")]

    operations = [
        migrations.AlterField(model_name="byline", name="publish_at", field=models.DateTimeField(editable=False)),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(fields=["author", "-publish_at", "-article"], name="byline_author_newest_idx"),
        ),
    ]
