"""Exact SQL count of the declaration form, flat as declarations grow (issue 10;
bench/http_bench.py measures the same page under load)."""

import pytest
from applying import upload
from factories import DeclarationFactory
from pagecounts import queries_for

from zhicheng.declarations.models import State

pytestmark = pytest.mark.django_db

# Session, user, the declaration, its four row tables, material files and types, role
# assignments, the demo banner's phases, the series' specialties. The session is not written
# back: its expiry would move by less than a minute (zhicheng.core.sessions).
EDIT = 12


def test_edit_form_queries_exact_and_flat(client, draft):
    client.force_login(draft.applicant)
    path = f"/apply/{draft.pk}/edit/"
    few = queries_for(client, path)
    DeclarationFactory.create_batch(20, state=State.DRAFT)
    DeclarationFactory.create_batch(20, state=State.SUBMITTED)
    upload(draft, "id_card")
    many = queries_for(client, path)
    assert len(few) == len(many) == EDIT
