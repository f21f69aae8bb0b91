"""PostgreSQL: take the chain's advisory lock and read its head in one statement."""

from django.db import migrations

from zhicheng.audit import locking


def install(apps, schema_editor):
    locking.install_head_function(schema_editor.connection)


def remove(apps, schema_editor):
    locking.remove_head_function(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
