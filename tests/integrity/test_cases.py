"""The fraud-case workflow (桂职办〔2017〕26号 §4.2.2): open → answer → decide, with its
integrity record (§4.2.1), report to the regional office and revocation of a passed result.
Every refusal asserts its message and that nothing changed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import applicant, official
from integrity.casework import ALLEGATION, actions, answer, head, open_on, proof
from samples import EXE

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role
from zhicheng.declarations.models import State
from zhicheng.integrity.domain.cases import decide_false, decide_genuine, open_case
from zhicheng.integrity.models import CaseAnswer, CaseState, FraudCase, IntegrityRecord
from zhicheng.materials.models import StoredFile

pytestmark = pytest.mark.django_db

D = datetime.date
C = "（桂职办〔2017〕26号 §4.2.2）"
AFTER_DEADLINE = D(2017, 7, 18)  # 5 working days from Monday 10 July end on the 17th


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def false_decision(case, actor, **kw):
    kw.setdefault("grounds", "所附认证报告系伪造，学信网无此记录。")
    kw.setdefault("penalty", "取消本年度申报资格，三年内不得申报。")
    kw.setdefault("period_to", D(2020, 7, 10))
    return decide_false(case_id=case.pk, actor=actor, **kw)


# --- opening -------------------------------------------------------------------------------

def test_office_opens_a_case_with_a_working_day_deadline(decl, officer, city_office):
    seq = head()
    case = open_on(decl, officer, days=5)
    case.refresh_from_db()
    assert case.state == CaseState.OPEN
    assert case.proof_deadline == D(2017, 7, 17)
    assert case.office == city_office
    assert case.item == "education"
    assert case.allegation == ALLEGATION
    assert case.opened_by == officer
    event = AuditEvent.objects.get(seq__gt=seq)
    assert event.action == "integrity.case.open"
    assert (event.actor_id, event.role, event.scope) == (officer.pk, Role.OFFICE,
                                                         f"office:{city_office.pk}")
    assert event.object_id == str(case.pk)
    assert event.after["proof_deadline"] == "2017-07-17"


def test_deadline_may_be_a_date(decl, officer):
    case = open_case(declaration_id=decl.pk, actor=officer, item="papers",
                     allegation="论文刊物为非法出版物。", deadline=D(2017, 7, 31))
    assert case.proof_deadline == D(2017, 7, 31)


@pytest.mark.parametrize(("kw", "message"), [
    ({"deadline": D(2017, 7, 10)},
     "举证截止日期须晚于今天（2017年7月10日），以便申报人提供证明材料" + C),
    ({}, "请填写举证期限：工作日天数或截止日期。（桂职办〔2017〕26号 §4.2.2）"),
    ({"working_days": 31}, "举证期限应为 1 至 30 个工作日。"),
    ({"working_days": 5, "allegation": "  "},
     "请写明涉嫌造假的具体情形，以便申报人举证（桂职办〔2017〕26号 §4.2.2）"),
    ({"working_days": 5, "item": "nonsense"}, "请选择涉嫌造假的事项。"),
])
def test_bad_openings_are_refused(decl, officer, kw, message):
    kw = {"item": "education", "allegation": ALLEGATION, **kw}
    seq = head()
    with pytest.raises(Refused) as exc:
        open_case(declaration_id=decl.pk, actor=officer, **kw)
    assert exc.value.message == message
    assert FraudCase.objects.count() == 0
    assert head() == seq


def test_one_open_case_per_declaration(decl, officer, regional):
    first = open_on(decl, officer)
    with pytest.raises(Refused) as exc:
        open_on(decl, regional)
    assert exc.value.message == "该申报已有正在核查的案件，请在原案件中继续办理" + C
    assert list(FraudCase.objects.all()) == [first]


def test_no_case_on_a_draft(decl, officer):
    decl.state = State.DRAFT
    decl.save()
    # A never-submitted draft is the applicant's: the office does not see it at all.
    with pytest.raises(NotFound):
        open_on(decl, officer)
    assert FraudCase.objects.count() == 0


def test_another_citys_office_does_not_find_the_declaration(decl, other_officer):
    with pytest.raises(NotFound):
        open_on(decl, other_officer)
    assert FraudCase.objects.count() == 0


def test_the_unit_and_the_applicant_may_not_open_a_case(decl):
    hr = official(Role.UNIT_HR, unit=decl.unit)
    for actor in (hr, decl.applicant):
        with pytest.raises(Refused) as exc:
            open_on(decl, actor)
        assert exc.value.message == ("只有申报所属的市、系列职改办或自治区职改办"
                                     "可以办理材料造假核查" + C + "。")
    assert FraudCase.objects.count() == 0


def test_the_series_office_of_the_committee_and_the_regional_office_may_open(decl, regional):
    series_officer = official(Role.OFFICE, office=decl.committee.office)
    case = open_on(decl, series_officer)
    assert case.office == decl.committee.office
    decide_genuine(case_id=case.pk, actor=regional, grounds="经核实证书真实。")
    assert open_on(decl, regional).office.kind == "regional"


# --- the applicant's answer ---------------------------------------------------------------

def test_applicant_answers_with_text_and_files(decl, officer, file_store):
    case = open_on(decl, officer)
    seq = head()
    ans = answer(case, decl.applicant, files=[proof("认证报告.pdf"), proof("毕业证.pdf")])
    assert ans.text == "证书真实，附学信网认证报告。"
    names = [p.stored_file.original_name for p in ans.proofs.order_by("id")]
    assert names == ["认证报告.pdf", "毕业证.pdf"]
    assert len(stored_files(file_store)) == 2
    assert all(p.stored_file.uploaded_by == decl.applicant for p in ans.proofs.all())
    event = AuditEvent.objects.get(seq__gt=seq)
    assert (event.action, event.role, event.actor_id) == ("integrity.case.answer",
                                                          Role.APPLICANT, decl.applicant.pk)
    assert [f["name"] for f in event.after["files"]] == ["认证报告.pdf", "毕业证.pdf"]


def test_answer_on_the_deadline_day_is_taken(decl, officer):
    case = open_on(decl, officer)
    assert answer(case, decl.applicant, today=D(2017, 7, 17)).pk


def test_applicant_cannot_answer_after_the_deadline(decl, officer, file_store):
    case = open_on(decl, officer)
    seq = head()
    with pytest.raises(Refused) as exc:
        answer(case, decl.applicant, today=AFTER_DEADLINE)
    assert exc.value.message == ("举证期限已于2017年7月17日届满，不能再提交证明材料；"
                                 "如有正当理由，请与南宁市职改办联系（桂职办〔2017〕26号 §4.2.2）")
    assert exc.value.code == "deadline_passed"
    assert CaseAnswer.objects.count() == 0
    assert stored_files(file_store) == []
    assert head() == seq


def test_an_answer_needs_text(decl, officer, file_store):
    case = open_on(decl, officer)
    with pytest.raises(Refused) as exc:
        answer(case, decl.applicant, text=" ")
    assert exc.value.message == "请填写说明：所涉材料是否真实，以及所附证明材料的来源。"
    assert CaseAnswer.objects.count() == 0
    assert stored_files(file_store) == []


def test_a_bad_file_stores_nothing(decl, officer, file_store):
    case = open_on(decl, officer)
    bad = SimpleUploadedFile("证明.pdf", EXE, "application/pdf")
    with pytest.raises(Refused) as exc:
        answer(case, decl.applicant, files=[proof(), bad])
    assert exc.value.message.startswith("文件的实际内容是")
    assert "不是「核查证明材料」接受的格式（PDF、JPEG、PNG）" in exc.value.message
    assert CaseAnswer.objects.count() == 0
    assert StoredFile.objects.count() == 0
    assert stored_files(file_store) == []


def test_only_the_applicant_answers(decl, officer, other_officer):
    case = open_on(decl, officer)
    with pytest.raises(NotFound):
        answer(case, applicant())  # someone else's case does not exist for them
    with pytest.raises(NotFound):
        answer(case, other_officer)
    with pytest.raises(Refused) as exc:
        answer(case, officer)
    assert exc.value.message == "只有申报人本人可以答复核查、提交证明材料" + C + "。"
    assert CaseAnswer.objects.count() == 0


def test_no_answer_once_decided(decl, officer):
    case = open_on(decl, officer)
    decide_genuine(case_id=case.pk, actor=officer, grounds="经向发证学校核实，证书真实。")
    with pytest.raises(Refused) as exc:
        answer(case, decl.applicant)
    assert exc.value.message == "该案件已作出决定（已核实为真实，结案），不能再提交证明材料。"


# --- decisions ----------------------------------------------------------------------------

def test_fraud_path_revokes_a_passed_declaration(decl, officer, city_office):
    decl.state = State.PASSED
    decl.save()
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    seq = head()
    false_decision(case, officer)

    case.refresh_from_db()
    decl.refresh_from_db()
    assert case.state == CaseState.FALSE
    assert case.decided_by == officer
    assert case.penalty == "取消本年度申报资格，三年内不得申报。"
    assert case.decision_grounds == "所附认证报告系伪造，学信网无此记录。"
    assert case.reported_to_region is True
    assert case.reported_at == case.decided_at
    assert case.result_revoked is True
    assert decl.state == State.REVOKED

    record = IntegrityRecord.objects.get()
    assert record.id_number == decl.id_number
    assert record.name == "李明"
    assert record.unit is None
    assert (record.period_from, record.period_to) == (D(2017, 7, 10), D(2020, 7, 10))
    assert record.reason == "提供虚假申报材料（学历（学位））：所附认证报告系伪造，学信网无此记录。"
    assert record.source_case == case
    assert record.office == city_office
    assert record.created_by == officer

    events = list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))
    assert [e.action for e in events] == ["integrity.case.decide_false",
                                          "integrity.record.create", "declaration.revoke",
                                          "integrity.case.report"]
    assert {e.actor_id for e in events} == {officer.pk}
    assert {e.role for e in events} == {Role.OFFICE}
    revoke = events[2]
    assert revoke.before == {"state": "passed"} and revoke.after["state"] == "revoked"
    assert revoke.note == f"材料造假（核查案件 #{case.pk}）：所附认证报告系伪造，学信网无此记录。"
    assert events[3].after["reported_to_region"] is True


@pytest.mark.parametrize("state", [State.RESULT_NOTICE, State.REPORTED, State.APPROVED,
                                   State.CERTIFIED])
def test_every_result_state_is_revoked(decl, officer, state):
    decl.state = state
    decl.save()
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    false_decision(case, officer)
    decl.refresh_from_db()
    assert decl.state == State.REVOKED


def test_a_declaration_before_its_result_is_not_revoked(decl, officer):
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    seq = head()
    false_decision(case, officer, unit_responsible=True)
    decl.refresh_from_db()
    assert decl.state == State.OFFICE_REVIEW
    case.refresh_from_db()
    assert case.result_revoked is False and case.reported_to_region is True
    assert IntegrityRecord.objects.get().unit == decl.unit
    assert actions(seq) == ["integrity.case.decide_false", "integrity.record.create",
                            "integrity.case.report"]


def test_proven_genuine_closes_the_case_and_nothing_else(decl, officer):
    decl.state = State.PASSED
    decl.save()
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    seq = head()
    decide_genuine(case_id=case.pk, actor=officer, grounds="认证报告经核验真实。")
    case.refresh_from_db()
    decl.refresh_from_db()
    assert case.state == CaseState.GENUINE
    assert case.decision_grounds == "认证报告经核验真实。"
    assert (case.penalty, case.reported_to_region, case.result_revoked) == ("", False, False)
    assert decl.state == State.PASSED
    assert IntegrityRecord.objects.count() == 0
    assert actions(seq) == ["integrity.case.decide_genuine"]


def test_false_needs_an_answer_or_the_deadline_passed(decl, officer):
    case = open_on(decl, officer)
    seq = head()
    with pytest.raises(Refused) as exc:
        false_decision(case, officer, today=D(2017, 7, 17))
    assert exc.value.message == ("举证期限（2017年7月17日）未满且申报人尚未答复，不能认定材料造假；"
                                 "请待申报人举证或期限届满后再作决定（桂职办〔2017〕26号 §4.2.2）")
    case.refresh_from_db()
    assert case.state == CaseState.OPEN
    assert IntegrityRecord.objects.count() == 0
    assert head() == seq


def test_no_answer_by_the_deadline_lets_the_office_decide_false(decl, officer):
    case = open_on(decl, officer)
    false_decision(case, officer, today=AFTER_DEADLINE, period_to=D(2020, 7, 18))
    case.refresh_from_db()
    assert case.state == CaseState.FALSE
    record = IntegrityRecord.objects.get()
    assert (record.period_from, record.period_to) == (AFTER_DEADLINE, D(2020, 7, 18))


@pytest.mark.parametrize(("kw", "message"), [
    ({"penalty": " "}, "请填写处罚决定（桂职办〔2017〕26号 §4.2.2）"),
    ({"grounds": ""}, "请写明认定材料造假的理由。"),
    ({"period_to": D(2017, 7, 10)},
     "失信记录截止日须晚于今天（2017年7月10日）（桂职办〔2017〕26号 §4.2.1）。"),
])
def test_bad_false_decisions_change_nothing(decl, officer, kw, message):
    decl.state = State.PASSED
    decl.save()
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    seq = head()
    with pytest.raises(Refused) as exc:
        false_decision(case, officer, **kw)
    assert exc.value.message == message
    case.refresh_from_db()
    decl.refresh_from_db()
    assert (case.state, decl.state) == (CaseState.OPEN, State.PASSED)
    assert IntegrityRecord.objects.count() == 0
    assert head() == seq


def test_second_decision_is_stale(decl, officer, regional):
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    decide_genuine(case_id=case.pk, actor=officer, grounds="真实。")
    with pytest.raises(Refused) as exc:
        false_decision(case, regional)
    assert exc.value.code == "stale"
    assert exc.value.message == ("该案件已作出决定（已核实为真实，结案），可能已由他人处理，"
                                 "请刷新页面。")
    assert IntegrityRecord.objects.count() == 0


def test_decisions_outside_scope_are_not_found(decl, officer, other_officer):
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    with pytest.raises(NotFound):
        false_decision(case, other_officer)
    with pytest.raises(NotFound):
        decide_genuine(case_id=case.pk, actor=other_officer, grounds="x")
    with pytest.raises(Refused):
        decide_genuine(case_id=case.pk, actor=decl.applicant, grounds="x")
    case.refresh_from_db()
    assert case.state == CaseState.OPEN


def test_the_regional_office_decides_a_citys_case(decl, officer, regional):
    decl.state = State.APPROVED
    decl.save()
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    seq = head()
    false_decision(case, regional)
    assert {e.role for e in AuditEvent.objects.filter(seq__gt=seq)} == {Role.REGIONAL_OFFICE}
    decl.refresh_from_db()
    assert decl.state == State.REVOKED
