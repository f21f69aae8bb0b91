"""Database settings that the pages' speed stands on (zhicheng.settings)."""

import pytest
from django.db import connection

from zhicheng.core.models import User

pytestmark = pytest.mark.django_db


def test_postgresql_prepares_a_statement_that_a_connection_runs_again():
    """Django leaves psycopg's prepared statements off unless prepare_threshold is set:
    PostgreSQL then plans every query afresh (the status page's eight-table lookup: 3–5 ms
    of planning for 0.3 ms of execution). With the setting, the fifth run prepares it."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no server to prepare on")
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    assert connection.connection.prepare_threshold == 5
    marker = "zhicheng_prepared_probe"
    for _ in range(6):
        list(User.objects.filter(username=marker))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert [s for s in statements if 'FROM "core_user"' in s and '"username" = $1' in s]
