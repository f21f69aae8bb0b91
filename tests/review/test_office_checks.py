"""§4.2: the office records its own per-item conclusions while it reviews, beside the unit's;
a doubtful or false office conclusion keeps the declaration from the committee."""

import pytest
from conftest import conditions_only
from factories import CityFactory, OfficeFactory, official

from zhicheng.audit.domain import events_for
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import OfficeKind, Role
from zhicheng.declarations.domain.workflow import perform
from zhicheng.declarations.models import State
from zhicheng.review.domain.checks import Entry, check_status, current_checks, record_checks
from zhicheng.review.domain.dossier import dossier
from zhicheng.review.models import CheckItem, CheckParty, ItemCheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_review(h):
    decl = h.make(State.OFFICE_REVIEW)
    return decl, h.city_office(decl)


def test_the_office_records_its_own_party_audited(office_review):
    decl, office = office_review
    made = record_checks(decl.pk, actor=office, entries=[
        Entry("education", "verified"), Entry("seniority", "doubtful", " 取得时间待核对 ")])
    assert [(c.item, c.party, c.result, c.remark) for c in made] == [
        ("education", "office", "verified", ""),
        ("seniority", "office", "doubtful", "取得时间待核对")]
    office_id = office.assignments.get().office_id
    assert all((c.checker_office_id, c.checker_unit_id, c.checked_by) == (office_id, None, office)
               for c in made)
    [event] = events_for(made[1])
    assert (event.action, event.role, event.note) == (
        "review.item_check", "office", "取得时间待核对")
    # The unit-side completeness (the unit notice's condition) is not the office's business.
    assert check_status(decl).missing == {CheckParty.UNIT: [i.label for i in CheckItem]}


@pytest.mark.parametrize("state", [State.RECOMMENDED, State.ACCEPTED_BY_COMMITTEE])
def test_the_office_checks_only_while_it_reviews(h, state):
    decl = h.make(state)
    with pytest.raises(Refused) as exc:
        record_checks(decl.pk, actor=h.city_office(decl), entries=[Entry("education", "verified")])
    assert exc.value.code == "wrong_state"
    assert exc.value.message == (
        f"申报当前状态为「{State(state).label}」：职改办的逐项审核须在「职改办开始审核」后、"
        "移交评委会之前进行（桂职办〔2017〕26号 §4.2）。")
    assert not ItemCheck.objects.exists()


def test_an_office_elsewhere_finds_nothing(h, office_review):
    decl, _ = office_review
    liuzhou = CityFactory(code="450200", name="柳州市")
    other = official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.CITY, city=liuzhou))
    with pytest.raises(NotFound):
        record_checks(decl.pk, actor=other, entries=[Entry("education", "verified")])
    assert not ItemCheck.objects.exists()


def test_a_doubtful_office_conclusion_blocks_the_handover(monkeypatch, office_review):
    conditions_only(monkeypatch, "office_checks_clear")
    decl, office = office_review
    record_checks(decl.pk, actor=office, entries=[Entry("papers", "false", "论文系代写")])
    with pytest.raises(Refused) as exc:
        perform("accept_for_committee", decl.pk, actor=office)
    assert exc.value.code == "office_findings"
    assert exc.value.message == (
        "职改办逐项审核中以下项目的结论为存疑或虚假：论文著作（虚假：论文系代写）。"
        "核实无误的请改为「属实」，涉嫌提供虚假材料的请立案核查（§4.2.2）；"
        "处理前不能移交评委会（桂职办〔2017〕26号 §4.2）。")
    record_checks(decl.pk, actor=office, entries=[Entry("papers", "verified", "经核实为本人所作")])
    assert current_checks(decl)[(CheckParty.OFFICE, "papers")].result == "verified"
    assert perform("accept_for_committee", decl.pk, actor=office).state == (
        State.ACCEPTED_BY_COMMITTEE)


def test_the_dossier_shows_the_office_column_from_its_review_on(h, office_review):
    decl, office = office_review
    record_checks(decl.pk, actor=office, entries=[Entry("education", "verified")])
    d = dossier(decl)
    assert d.parties == [CheckParty.UNIT, CheckParty.OFFICE] and d.office_column
    education = next(s for s in d.sections if s.item == CheckItem.EDUCATION)
    assert [(p, c.result if c else None) for p, c in education.cells] == [
        (CheckParty.UNIT, None), (CheckParty.OFFICE, "verified")]
    assert dossier(h.make(State.UNIT_REVIEW)).parties == [CheckParty.UNIT]
