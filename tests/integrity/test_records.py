"""The integrity archive as committees and offices read it (§4.2.1): by normalised ID number
(either form), by unit, expired records marked, in one query however many declarations."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import DeclarationFactory, UnitFactory, applicant, id_number, official

from zhicheng.core.models import OfficeKind, Role
from zhicheng.declarations.models import State
from zhicheng.integrity.domain.records import mask_id, records_for_declarations, search_records
from zhicheng.integrity.models import IntegrityRecord

pytestmark = pytest.mark.django_db

D = datetime.date


UNTIL = D(2020, 7, 1)
SINCE = D(2016, 7, 1)


def add_record(office, author, *, id_number, name="王某", unit=None, to=UNTIL, frm=SINCE,
               reason="提供虚假业绩证明"):
    return IntegrityRecord.objects.create(id_number=id_number, name=name, unit=unit,
                                          period_from=frm, period_to=to, reason=reason,
                                          office=office, created_by=author)


@pytest.fixture
def author(city_office):
    return official(Role.OFFICE, office=city_office)


def old_form(number18: str) -> str:
    return number18[:6] + number18[8:17]


def test_records_by_person_previous_number_and_unit(decl, city_office, author):
    own = add_record(city_office, author, id_number=decl.id_number, name="李明")
    old_number = id_number(born=D(1970, 3, 4))
    moved = DeclarationFactory(applicant=applicant(real_name="周一", id_number=id_number()),
                               previous_id_numbers=[old_form(old_number)])
    via_old = add_record(city_office, author, id_number=old_number, name="周一")
    shady_unit = UnitFactory(name="南宁市某某工程公司")
    colleague = DeclarationFactory(unit=shady_unit)
    unit_rec = add_record(city_office, author, id_number=id_number(), name="赵二",
                          unit=shady_unit)
    clean = DeclarationFactory()
    add_record(city_office, author, id_number=id_number(), name="无关")

    found = records_for_declarations([decl, moved, colleague, clean])
    assert found == {decl.pk: [own], moved.pk: [via_old], colleague.pk: [unit_rec],
                     clean.pk: []}


def test_expired_records_are_still_shown_and_marked(decl, city_office, author):
    old = add_record(city_office, author, id_number=decl.id_number, frm=D(2012, 1, 1),
                     to=D(2015, 1, 1))
    current = add_record(city_office, author, id_number=decl.id_number, frm=D(2016, 1, 1))
    found = records_for_declarations([decl])[decl.pk]
    assert found == [current, old]
    assert [r.is_expired(D(2017, 7, 10)) for r in found] == [False, True]


def test_one_query_however_many_declarations(decl, city_office, author,
                                             django_assert_num_queries):
    decls = [DeclarationFactory() for _ in range(25)]
    for d in decls[::3]:
        add_record(city_office, author, id_number=d.id_number)
    with django_assert_num_queries(1):
        small = records_for_declarations(decls[:2])
    with django_assert_num_queries(1):
        found = records_for_declarations(decls)
    assert sum(len(v) for v in found.values()) == 9
    assert len(small[decls[0].pk]) == 1
    with django_assert_num_queries(0):
        assert records_for_declarations([]) == {}


def test_search_by_name_full_id_either_form_and_digits(decl, city_office, author):
    number = id_number(born=D(1970, 3, 4))
    rec = add_record(city_office, author, id_number=number, name="王大伟")
    add_record(city_office, author, id_number=id_number(), name="陈小")
    assert list(search_records("大伟")) == [rec]
    assert list(search_records(number)) == [rec]
    assert list(search_records(old_form(number))) == [rec]
    assert list(search_records(number[-4:])) == [rec]
    assert list(search_records("没有此人")) == []
    assert search_records("").count() == 2


def test_search_can_leave_out_expired(decl, city_office, author):
    add_record(city_office, author, id_number=decl.id_number, frm=D(2012, 1, 1),
               to=D(2015, 1, 1))
    assert search_records("", include_expired=False, today=D(2017, 7, 10)).count() == 0
    assert search_records("", include_expired=True).count() == 1


def test_mask_keeps_region_and_last_four():
    assert mask_id("450102197003041232") == "450102********1232"


def test_secretariat_page_flags_in_flat_queries(client, decl, secretary, city_office, author):
    """The page's query count does not grow with the number of declarations."""
    decl.state = State.ACCEPTED_BY_COMMITTEE  # the committee lists what it holds
    decl.save()
    add_record(city_office, author, id_number=decl.id_number, name="李明",
               reason="提供虚假学历证明")
    add_record(city_office, author, id_number=decl.id_number, name="李明",
               frm=D(2010, 1, 1), to=D(2013, 1, 1), reason="伪造论文")
    decl.state = State.ACCEPTED_BY_COMMITTEE  # handed over to the committee
    decl.save()
    client.force_login(secretary)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/integrity/committee/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(20):
        DeclarationFactory(committee=decl.committee, state=State.UNDER_EVALUATION)
    assert count() == few
    html = client.get("/integrity/committee/").content.decode()
    assert "本人·有效" in html and "提供虚假学历证明" in html
    assert "本人·已过期" in html and "伪造论文" in html
    assert mask_id(decl.id_number) in html and decl.id_number not in html
    flagged = client.get("/integrity/committee/?flagged=1").content.decode()
    assert flagged.count("data-decl=") == 1


def test_committee_lists_only_what_it_holds(client, decl, secretary):
    """§3.2.1: a declaration still with the unit or the office is not the committee's."""
    held = {s: DeclarationFactory(committee=decl.committee, state=s)
            for s in (State.ACCEPTED_BY_COMMITTEE, State.UNDER_EVALUATION, State.CERTIFIED)}
    DeclarationFactory(committee=decl.committee, state=State.RECOMMENDED)
    client.force_login(secretary)
    html = client.get("/integrity/committee/").content.decode()
    listed = {int(pk) for pk in re.findall(r'data-decl="(\d+)"', html)}
    assert listed == {d.pk for d in held.values()}  # not decl (office review), not recommended


def test_other_roles_do_not_see_the_committee_page(client, decl, officer):
    client.force_login(officer)
    assert client.get("/integrity/committee/").status_code == 404
    other_committee_secretary = official(Role.SECRETARIAT,
                                         committee=DeclarationFactory().committee)
    client.force_login(other_committee_secretary)
    html = client.get("/integrity/committee/").content.decode()
    assert f'data-decl="{decl.pk}"' not in html


def test_records_page_for_offices_only(client, decl, city_office, author, regional):
    add_record(city_office, author, id_number=decl.id_number, name="李明")
    for who in (author, regional):
        client.force_login(who)
        html = client.get("/integrity/records/?q=李明").content.decode()
        assert "李明" in html and mask_id(decl.id_number) in html
        assert decl.id_number not in html
    client.force_login(decl.applicant)
    assert client.get("/integrity/records/").status_code == 404
    assert OfficeKind.REGIONAL == "regional"
