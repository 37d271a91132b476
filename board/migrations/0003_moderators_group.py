"""A Moderators group with the least permissions that let moderators work the queue."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = {
    "post": ["view", "change", "moderate"],
    "flag": ["view"],
    "moderationaction": ["view"],
    "termrule": ["view", "add", "change", "delete"],
    "suspension": ["view", "add"],
    "area": ["view"],
    "settingtag": ["view"],
    "resource": ["view", "add", "change"],
    "journalprompt": ["view", "add", "change"],
    "helpline": ["view", "add", "change"],
}


def codename(action: str, model: str) -> str:
    return "moderate_post" if action == "moderate" else f"{action}_{model}"


def create_group(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    wanted = [
        codename(action, model)
        for model, actions in MODERATOR_PERMISSIONS.items()
        for action in actions
    ]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="board", codename__in=wanted)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("board", "0002_cache_table"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
