"""Exact SQL count of the public notice page, flat as entries and declarations grow
(issue 10; bench/http_bench.py measures the same page under load)."""

import pytest
from factories import DeclarationFactory
from pagecounts import queries_for

from zhicheng.core.domain.scopes import assignments_of
from zhicheng.declarations.models import State
from zhicheng.notices.domain.objections import lodge_objection
from zhicheng.notices.domain.posting import post_notice

pytestmark = pytest.mark.django_db

# Anonymous: the notice, the entries' series, the covering office (series office, then the
# city's), its display setting, the objection counts, the entries, the demo banner's phases.
NOTICE = 8


def _post(hr, decls):
    return post_notice(actor=hr, assignment=assignments_of(hr)[0],
                       declaration_ids=[d.pk for d in decls])[0]


def test_public_notice_queries_exact_and_flat(client, hr, make_decl):
    small = _post(hr, [make_decl(f"张{i}") for i in range(3)])
    big = _post(hr, [make_decl(f"李{i}") for i in range(30)])
    lodge_objection(entry_id=big.entries.first().pk, name="王明", phone="13800000000",
                    text="x")
    DeclarationFactory.create_batch(20, state=State.SUBMITTED)
    few = queries_for(client, f"/notices/{small.pk}/")
    many = queries_for(client, f"/notices/{big.pk}/")
    assert len(few) == len(many) == NOTICE
