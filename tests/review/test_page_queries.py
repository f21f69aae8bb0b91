"""Exact SQL count of the office and unit queues, flat as the queue grows (issue 10;
bench/http_bench.py measures the same pages under load)."""

import pytest
from factories import CityFactory, OfficeFactory, UnitFactory, official
from pagecounts import queries_for

from zhicheng.core.models import OfficeKind, Role
from zhicheng.declarations.models import State

pytestmark = pytest.mark.django_db

# Session, user, role assignments, the unit filter's units, the series, the capped count,
# the page's ids, those rows with their relations, the demo banner's phases. The session is
# not written back: its expiry would move by less than a minute (zhicheng.core.sessions).
QUEUE = 9
# Session, user, role assignments, the current plan, the unit's pledge for it, the count of
# the unit's declarations, the demo banner's phases, the page's declarations with relations.
UNIT_QUEUE = 8


def test_office_queue_queries_exact_and_flat(client, h):
    city = CityFactory()
    user = official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.CITY, city=city))
    client.force_login(user)
    h.make(State.RECOMMENDED, unit=UnitFactory(city=city))
    few = queries_for(client, "/review/office/")
    for i in range(25):
        h.make(State.OFFICE_REVIEW if i % 2 else State.RECOMMENDED,
               unit=UnitFactory(city=city))
        h.make(State.SUBMITTED)  # outside the queue and the city
    many = queries_for(client, "/review/office/")
    assert len(few) == len(many) == QUEUE


def test_unit_queue_queries_exact_and_flat(client, h):
    unit = UnitFactory()
    user = official(Role.UNIT_HR, unit=unit)
    client.force_login(user)
    h.make(State.SUBMITTED, unit=unit)
    few = queries_for(client, "/review/unit/")
    for i in range(25):
        h.make(State.UNIT_REVIEW if i % 2 else State.SUBMITTED, unit=unit)
        h.make(State.SUBMITTED)  # another unit's
    many = queries_for(client, "/review/unit/")
    assert len(few) == len(many) == UNIT_QUEUE
