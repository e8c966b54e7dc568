"""Redirect moved to the redirects app. Its table stays as it is (the new model names it), so
only Django's idea of which app owns it changes here; see redirects/migrations/0001_initial.py."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_image_transparency")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Redirect")]),
    ]
