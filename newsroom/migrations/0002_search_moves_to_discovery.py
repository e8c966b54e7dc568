"""SearchEntry moved to the discovery app. Its table and the full-text index beside it stay as
they are; only Django's idea of which app owns them changes (discovery/migrations/0001_initial.py)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="SearchEntry")]),
    ]
