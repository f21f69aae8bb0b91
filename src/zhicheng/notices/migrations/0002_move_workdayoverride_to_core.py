"""Working-day overrides now live in core (core.models.WorkdayOverride), beside the calendar
that integrity deadlines and notices share. Rows are copied with their ids, so audit events
keep pointing at the same numbers; then this app's table goes."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = ("id", "date", "is_workday", "note", "set_at", "set_by_id")


def _copy(apps, schema_editor, source: str, target: str) -> None:
    src = apps.get_model(source, "WorkdayOverride")
    dst = apps.get_model(target, "WorkdayOverride")
    rows = list(src.objects.values(*FIELDS))
    dst.objects.bulk_create(dst(**row) for row in rows)
    for row in rows:  # set_at is auto_now: saving stamped it with the time of this migration
        dst.objects.filter(pk=row["id"]).update(set_at=row["set_at"])
    # Explicit ids leave PostgreSQL's sequence behind; SQLite needs nothing.
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [dst]):
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    _copy(apps, schema_editor, "notices", "core")


def backwards(apps, schema_editor):
    _copy(apps, schema_editor, "core", "notices")


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_initial"),
        ("core", "0003_workdayoverride"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.DeleteModel(name="WorkdayOverride"),
    ]
