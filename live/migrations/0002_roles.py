"""Who works the live desk: Reporters post updates (and see live stories' settings), Editors also
edit, correct, delete and end coverage."""

from django.db import migrations

REPORTER = {"liveupdate": ["add", "change", "view"], "livecoverage": ["view"]}
EDITOR = {"liveupdate": ["add", "change", "delete", "view"], "livecoverage": ["add", "change", "delete", "view"]}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("live")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="live")
    for name, spec in (("Reporter", REPORTER), ("Editor", EDITOR)):
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [f"{action}_{model}" for model, actions in spec.items() for action in actions]
        group.permissions.add(*perms.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("live", "0001_initial"), ("articles", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
