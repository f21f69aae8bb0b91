"""Submission by channel (issue 4 §5): phase, binding, one per year (§3.1.6), eligibility
and materials, the frozen decision record, and a double click that submits once."""

import datetime

import pytest
from applying import APPLY_DAY, FACTS, bind, make_ready, upload
from factories import CommitteeFactory, DeclarationFactory, PlanFactory, UnitFactory

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import UnitType
from zhicheng.declarations.domain.drafting import save_facts, start_declaration
from zhicheng.declarations.domain.submission import submit_declaration, withdraw_declaration
from zhicheng.declarations.models import Declaration, State
from zhicheng.policy import decision, idnumber

pytestmark = pytest.mark.django_db


def test_ready_declaration_submits_into_its_units_queue_with_a_frozen_decision(ready):
    decl = submit_declaration(ready.pk, actor=ready.applicant, today=APPLY_DAY)
    assert decl.state == State.SUBMITTED
    assert decl.unit_type_at_submission == UnitType.PUBLIC_INSTITUTION
    record = Declaration.objects.get(pk=decl.pk).decision
    assert record["policy"]["id"] == "gx-2017"
    assert record["input"]["application_date"] == "2017-05-15"
    assert record["input"]["declaration"]["materials"] == ["continuing_education_certificate"]
    assert record["output"]["ready"] is True
    assert decision.rerun(record).matches
    assert AuditEvent.objects.filter(action="declaration.submit",
                                     object_id=str(decl.pk)).count() == 1


def test_a_double_click_submits_once(ready):
    submit_declaration(ready.pk, actor=ready.applicant, today=APPLY_DAY)
    with pytest.raises(Refused) as exc:
        submit_declaration(ready.pk, actor=ready.applicant, today=APPLY_DAY)
    assert exc.value.message == "该申报已经提交，无需重复提交。"
    assert AuditEvent.objects.filter(action="declaration.submit").count() == 1


@pytest.mark.parametrize("day", [datetime.date(2017, 4, 30), datetime.date(2017, 7, 1)])
def test_outside_the_application_phase_is_refused(ready, day):
    with pytest.raises(Refused) as exc:
        submit_declaration(ready.pk, actor=ready.applicant, today=day)
    assert exc.value.code == "wrong_phase"
    assert "个人材料准备和申报（2017年5月1日—2017年6月30日）" in exc.value.message
    ready.refresh_from_db()
    assert (ready.state, ready.decision) == (State.DRAFT, None)


def test_missing_required_materials_block_submission(draft):
    with pytest.raises(Refused) as exc:
        submit_declaration(draft.pk, actor=draft.applicant, today=APPLY_DAY)
    assert exc.value.code == "not_ready"  # the engine's §3.2.2 certificate comes first
    upload(draft, "continuing_education_certificate")
    with pytest.raises(Refused) as exc:
        submit_declaration(draft.pk, actor=draft.applicant, today=APPLY_DAY)
    assert exc.value.code == "materials_missing"
    assert "身份证" in exc.value.message
    assert "§3.2.1" in exc.value.message


def test_blocking_finding_stops_submission_with_its_clause(ready):
    save_facts(ready.pk, ready.applicant, {"civil_servant": True})
    with pytest.raises(Refused) as exc:
        submit_declaration(ready.pk, actor=ready.applicant, today=APPLY_DAY)
    assert exc.value.code == "not_ready"
    assert "公务员不得参加专业技术人才职称评审（桂职办〔2017〕26号 二（三））" in exc.value.message


def test_unconfirmed_binding_stops_submission(db, settings):
    settings.ZHICHENG_TODAY = APPLY_DAY.isoformat()
    decl = make_ready()
    other = UnitFactory(name="南宁市新单位")
    bind(decl.applicant, other, confirm=False)  # the old binding ends; the new one waits
    with pytest.raises(Refused) as exc:
        submit_declaration(decl.pk, actor=decl.applicant, today=APPLY_DAY)
    assert exc.value.message == "申报单位与您绑定的工作单位不一致，请重新绑定。"


def test_second_declaration_same_year_through_another_committee_is_refused(ready):
    """§3.1.6, found by the normalised ID number: here a record of the same person that
    reached another committee by another route, carrying the old 15-digit number."""
    old15 = ready.id_number[:6] + ready.id_number[8:17]
    other = DeclarationFactory(id_number=idnumber.normalise(old15), state=State.SUBMITTED,
                               committee=CommitteeFactory(name="柳州市工程系列高级评委会"))
    with pytest.raises(Refused) as exc:
        submit_declaration(ready.pk, actor=ready.applicant, today=APPLY_DAY)
    assert exc.value.code == "one_per_year"
    assert "§3.1.6" in exc.value.message
    assert f"已通过「{other.committee.name}」申报工程副高级" in exc.value.message
    ready.refresh_from_db()
    assert ready.state == State.DRAFT


def test_starting_a_second_declaration_in_the_same_year_is_refused(draft):
    with pytest.raises(Refused) as exc:
        start_declaration(applicant=draft.applicant, plan=PlanFactory(),
                          committee=CommitteeFactory(), level="deputy_senior")
    assert exc.value.code == "one_per_year"
    assert "（桂职办〔2017〕26号 §3.1.6）" in exc.value.message


def test_withdraw_before_the_unit_decides(ready):
    submit_declaration(ready.pk, actor=ready.applicant, today=APPLY_DAY)
    assert withdraw_declaration(ready.pk, actor=ready.applicant).state == State.WITHDRAWN


def test_non_public_unit_needs_six_months_of_insurance(db, settings):
    settings.ZHICHENG_TODAY = APPLY_DAY.isoformat()
    decl = make_ready(unit=UnitFactory(unit_type=UnitType.NON_PUBLIC))
    upload(decl, "social_insurance_proof")
    upload(decl, "business_license")
    months = ["2016-11", "2016-12", "2017-01", "2017-02", "2017-03"]  # April missing
    save_facts(decl.pk, decl.applicant, {"social_insurance_months": months})
    with pytest.raises(Refused) as exc:
        submit_declaration(decl.pk, actor=decl.applicant, today=APPLY_DAY)
    assert "§3.2.4.1" in exc.value.message or "三（二）4（1）" in exc.value.message
    save_facts(decl.pk, decl.applicant, {"social_insurance_months": [*months, "2017-04"]})
    assert submit_declaration(decl.pk, actor=decl.applicant,
                              today=APPLY_DAY).state == State.SUBMITTED
    assert FACTS["continuing_education_completed"] is True
