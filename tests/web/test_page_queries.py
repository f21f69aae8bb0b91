"""Exact SQL counts of the applicant's 工作台 and status page, flat as declarations grow
(issue 10; bench/http_bench.py measures the same pages under load)."""

import pytest
from factories import DeclarationFactory, UnitFactory, applicant
from pagecounts import queries_for

from zhicheng.declarations.models import State

pytestmark = pytest.mark.django_db

# Session, user, role assignments, the page's own queries, the demo banner's phases (pinned
# date). The session is not written back: its expiry would move by less than a minute
# (zhicheng.core.sessions; tests/core/test_sessions.py checks when it is).
HOME = 6
STATUS = 7


@pytest.fixture
def mine(settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    person = applicant()
    decl = DeclarationFactory(applicant=person, state=State.SUBMITTED, unit=UnitFactory())
    return person, decl


def _more(n: int) -> None:
    DeclarationFactory.create_batch(n, state=State.SUBMITTED)
    DeclarationFactory.create_batch(n, state=State.DRAFT)


def test_workbench_queries_exact_and_flat(client, mine):
    person, _decl = mine
    client.force_login(person)
    few = queries_for(client, "/")
    _more(20)
    many = queries_for(client, "/")
    assert len(few) == len(many) == HOME


def test_status_page_queries_exact_and_flat(client, mine):
    person, decl = mine
    client.force_login(person)
    few = queries_for(client, f"/declarations/{decl.pk}/")
    _more(20)
    many = queries_for(client, f"/declarations/{decl.pk}/")
    assert len(few) == len(many) == STATUS
