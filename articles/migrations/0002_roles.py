"""The Reporter and Editor groups: reporters write, editors also publish."""

from django.db import migrations

MODELS = ["article", "image", "section", "author", "tag", "byline", "keypoint", "inlineimage", "redirect"]
REPORTER = {
    "article": ["add", "change", "view"],
    "image": ["add", "change", "view"],
    "byline": ["add", "change", "delete", "view"],
    "keypoint": ["add", "change", "delete", "view"],
    "inlineimage": ["add", "change", "delete", "view"],
    "section": ["view"],
    "author": ["view"],
    "tag": ["add", "view"],
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations run; the groups need them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="articles")

    def pick(spec):
        codenames = [f"{action}_{model}" for model, actions in spec.items() for action in actions]
        return list(perms.filter(codename__in=codenames))

    reporter, _ = Group.objects.get_or_create(name="Reporter")
    reporter.permissions.add(*pick(REPORTER))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(*pick({model: ["add", "change", "delete", "view"] for model in MODELS}))
    editor.permissions.add(*perms.filter(codename="publish_article"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporter", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
