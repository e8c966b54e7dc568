"""Editors keep the site's pages (add, change, delete, view); reporters only write stories."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    rights = Permission.objects.filter(content_type__app_label="pages", content_type__model="page")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(*rights)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial"), ("articles", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
