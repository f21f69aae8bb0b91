"""notices 0002: the working-day overrides move to core with their ids, values and times."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from zhicheng.core.domain.workdays import is_workday
from zhicheng.core.models import WorkdayOverride

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("core", "0002_unitbinding"), ("notices", "0001_initial")]
AFTER = [("notices", "0002_move_workdayoverride_to_core")]
SET_AT = datetime.datetime(2017, 9, 1, 8, 30, tzinfo=datetime.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest():
    """Going back to core 0002 also unapplies every later migration that depends on core;
    the tests after this one need the whole schema again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_overrides_move_to_core_and_back():
    old = _migrate(BEFORE)
    user = old.get_model("core", "User").objects.create(username="regional")
    Old = old.get_model("notices", "WorkdayOverride")
    Old.objects.create(id=7, date=datetime.date(2099, 10, 1), is_workday=False,
                       note="国庆节", set_by=user)
    Old.objects.create(id=9, date=datetime.date(2099, 10, 10), is_workday=True,
                       note="调休上班", set_by=user)
    Old.objects.update(set_at=SET_AT)  # the copy must keep it, not restamp it (auto_now)

    _migrate(AFTER)
    assert list(WorkdayOverride.objects.values_list(
        "id", "date", "is_workday", "note", "set_at", "set_by_id")) == [
        (7, datetime.date(2099, 10, 1), False, "国庆节", SET_AT, user.pk),
        (9, datetime.date(2099, 10, 10), True, "调休上班", SET_AT, user.pk),
    ]
    assert "notices_workdayoverride" not in connection.introspection.table_names()
    assert is_workday(datetime.date(2099, 10, 1)) is False  # the calendar reads them
    # The id sequence continues after the copied ids (PostgreSQL needs a reset for this).
    row = WorkdayOverride.objects.create(date=datetime.date(2099, 10, 2), is_workday=False,
                                         set_by_id=user.pk)
    assert row.pk == 10

    back = _migrate(BEFORE)
    assert list(back.get_model("notices", "WorkdayOverride").objects.order_by("id")
                .values_list("id", "note")) == [(7, "国庆节"), (9, "调休上班"), (10, "")]
    assert "core_workdayoverride" not in connection.introspection.table_names()
    _migrate(AFTER)

