"""Exact SQL counts of the key pages (issue 10), checked with few and with many declarations
in the database: the count is a property of the page, not of the data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, path: str) -> list[str]:
    """The SQL of one GET (after a first one that warms the session and caches)."""
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]
