"""Editors read the audit trail (the admin list is read-only for everyone)."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("audit")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(content_type__app_label="audit", codename="view_auditevent")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(*view)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial"), ("articles", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
