from django.contrib.auth.management import create_permissions
from django.db import migrations

from catalogue.permissions import EDITORS_GROUP

TRIAGE = ("view_report", "change_report", "delete_report")


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="reports", codename__in=TRIAGE)
    )


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="reports", codename__in=TRIAGE)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("catalogue", "0002_editors_group_and_revision"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
