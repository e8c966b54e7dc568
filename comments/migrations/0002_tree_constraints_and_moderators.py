"""PostgreSQL guards for the MPTT tree, the tree-id lock row, and the Moderator group."""

from django.db import migrations

CONSTRAINTS = [
    ("comment_tree_lft_unique", "lft"),
    ("comment_tree_rght_unique", "rght"),
]


def add_deferred_constraints(apps, schema_editor):
    # Two nodes of one tree can never share a left or right value. Deferred to commit,
    # because mptt shifts values with UPDATEs that collide mid-statement; a corrupting
    # concurrent write then fails loudly instead of committing damage.
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in CONSTRAINTS:
        schema_editor.execute(
            f"ALTER TABLE comments_comment ADD CONSTRAINT {name} UNIQUE (tree_id, {column}) "
            "DEFERRABLE INITIALLY DEFERRED"
        )


def drop_deferred_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE comments_comment DROP CONSTRAINT IF EXISTS {name}")


def create_allocator_row(apps, schema_editor):
    apps.get_model("comments", "TreeIdAllocator").objects.get_or_create(pk=1)


def create_moderators(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderator")
    moderators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments",
            codename__in=["view_comment", "change_comment", "moderate_comment"],
        ),
        *Permission.objects.filter(content_type__app_label="articles", codename="view_article"),
    )


def remove_moderators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderator").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(add_deferred_constraints, drop_deferred_constraints),
        migrations.RunPython(create_allocator_row, migrations.RunPython.noop),
        migrations.RunPython(create_moderators, remove_moderators),
    ]
