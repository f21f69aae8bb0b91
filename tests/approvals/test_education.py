"""Education verification (§4.3) and its guards: the archive and foreign paths before the
hand-over to the committee, the third-party path before evaluation (§4.3.2)."""

import datetime

import pytest
from conftest import conditions_only
from factories import DeclarationFactory, OfficeFactory, SeriesFactory, UnitFactory, official

from zhicheng.approvals.domain import verifiers
from zhicheng.approvals.domain.education import (
    path_for,
    record_verification,
    status_rows,
    verify_with_service,
)
from zhicheng.approvals.models import EducationVerification
from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role, UnitType
from zhicheng.declarations.domain import workflow
from zhicheng.declarations.models import Education, State

pytestmark = pytest.mark.django_db
DAY = datetime.date(2017, 7, 8)


@pytest.fixture(autouse=True)
def only_this_guard(monkeypatch, review_day):
    """Run accept_for_committee and start_evaluation with this app's conditions alone: other
    apps' conditions (review, notices) have their own tests."""
    conditions_only(monkeypatch, "education_verified", "education_verified_for_evaluation")


def declaration(unit_type=UnitType.NON_PUBLIC, state=State.OFFICE_REVIEW, **kw):
    return DeclarationFactory(unit=UnitFactory(unit_type=unit_type), state=state, **kw)


def row(decl, school="广西大学", foreign=False, no="105931200205000123"):
    return Education.objects.create(declaration=decl, school=school, major="土木工程",
                                    degree="bachelor", graduated_on=datetime.date(2002, 7, 1),
                                    certificate_no=no, foreign=foreign)


def office_of(decl):
    return official(Role.OFFICE, office=decl.committee.office)


def accept(decl, actor):
    return workflow.perform("accept_for_committee", decl.pk, actor=actor,
                            expected_state=State.OFFICE_REVIEW)


EVALUATION_DAY = datetime.date(2017, 9, 5)


def start_evaluation(decl, settings):
    """The committee's secretariat starts evaluation, in the evaluation phase (Annex 1)."""
    before, settings.ZHICHENG_TODAY = settings.ZHICHENG_TODAY, EVALUATION_DAY.isoformat()
    try:
        return workflow.perform("start_evaluation", decl.pk,
                                actor=official(Role.SECRETARIAT, committee=decl.committee),
                                expected_state=State.ACCEPTED_BY_COMMITTEE)
    finally:
        settings.ZHICHENG_TODAY = before


def archive_confirm(edu, decl):
    return record_verification(education_id=edu.pk, actor=official(Role.UNIT_HR, unit=decl.unit),
                               result="genuine", verified_on=DAY, confirmed_by_name="王档案",
                               archive_seal=True)


class FakeChsi:
    code, label = "chsi", "学信网"

    def __init__(self, genuine=True):
        self.genuine, self.asked = genuine, []

    def verify(self, education):
        self.asked.append(education.certificate_no)
        return verifiers.Verdict(report_number=f"CHSI-{education.certificate_no}",
                                 genuine=self.genuine, detail="在线验证报告")


@pytest.fixture
def chsi():
    fake = verifiers.register_verifier(FakeChsi())
    yield fake
    verifiers.unregister_verifier(fake)


@pytest.mark.parametrize(("unit_type", "frozen", "foreign", "path"), [
    (UnitType.STATE_OWNED, "", False, "archive_confirmation"),
    (UnitType.PUBLIC_INSTITUTION, "", False, "archive_confirmation"),
    (UnitType.STATE_ORGAN, "", False, "archive_confirmation"),
    (UnitType.NON_STAFF, "", False, "archive_confirmation"),
    (UnitType.NON_PUBLIC, "", False, "third_party"),
    (UnitType.STATE_OWNED, UnitType.NON_PUBLIC, False, "third_party"),  # §3.1.2 snapshot
    (UnitType.NON_PUBLIC, UnitType.STATE_OWNED, False, "archive_confirmation"),
    (UnitType.STATE_OWNED, "", True, "foreign_certification"),
    (UnitType.NON_PUBLIC, "", True, "foreign_certification"),
])
def test_the_path_follows_the_unit_type_and_the_degrees_origin(unit_type, frozen, foreign, path):
    decl = declaration(unit_type, unit_type_at_submission=frozen)
    assert path_for(decl, row(decl, foreign=foreign)) == path


def test_non_public_applicant_is_handed_over_but_not_evaluated_until_verified(
        chsi, review_day, settings):
    """§4.3.2: the third-party check comes "before evaluation", not before the hand-over."""
    decl = declaration()
    first, second = row(decl), row(decl, school="广西民族大学", no="106081200605000456")
    office = office_of(decl)
    assert accept(decl, office).state == State.ACCEPTED_BY_COMMITTEE
    with pytest.raises(Refused) as exc:
        start_evaluation(decl, settings)
    assert exc.value.code == "education_unverified"
    assert exc.value.message == (
        "非公有制经济和社会组织申报人员的学历须在评审前经第三方学历认证（如学信网），尚未核验："
        "广西大学·土木工程·大学本科（证书编号 105931200205000123）；"
        "广西民族大学·土木工程·大学本科（证书编号 106081200605000456）"
        "（桂职办〔2017〕26号 §4.3.2），不能开始评审。")
    decl.refresh_from_db()
    assert decl.state == State.ACCEPTED_BY_COMMITTEE

    # After the hand-over the office (or the committee) still records it (§4.3.2).
    v = verify_with_service(education_id=first.pk, actor=office)
    assert (v.path, v.result, v.method, v.verifier, v.report_number, v.verified_on) == (
        "third_party", "genuine", "service", "学信网", "CHSI-105931200205000123", review_day)
    with pytest.raises(Refused) as exc:
        start_evaluation(decl, settings)
    assert "广西民族大学" in exc.value.message and "广西大学·" not in exc.value.message

    verify_with_service(education_id=second.pk, actor=office)
    assert start_evaluation(decl, settings).state == State.UNDER_EVALUATION
    assert chsi.asked == ["105931200205000123", "106081200605000456"]
    assert AuditEvent.objects.filter(action="education.verify").count() == 2


def test_unreachable_service_sends_the_office_to_the_manual_path():
    decl = declaration()
    edu = row(decl)
    office = office_of(decl)
    with pytest.raises(Refused) as exc:
        verify_with_service(education_id=edu.pk, actor=office)
    assert exc.value.code == "unreachable"
    assert exc.value.message == (
        "学历核验服务（人工核验）暂时无法使用：未接入学历在线核验服务。请自行查询后，按人工方式"
        "录入认证报告编号和核验结果（桂职办〔2017〕26号 §4.3.2）。")
    assert not EducationVerification.objects.exists()

    with pytest.raises(Refused) as exc:
        record_verification(education_id=edu.pk, actor=office, result="genuine", verified_on=DAY)
    assert exc.value.message == "请填写第三方学历认证报告编号（桂职办〔2017〕26号 §4.3.2）。"

    v = record_verification(education_id=edu.pk, actor=office, result="genuine",
                            verified_on=DAY, report_number="A2017070800123")
    assert (v.method, v.verifier, v.report_number, v.role) == (
        "manual", "学信网", "A2017070800123", "office")
    assert accept(decl, office).state == State.ACCEPTED_BY_COMMITTEE


def test_a_failing_service_is_unreachable_too():
    class Down:
        code, label = "chsi", "学信网"

        def verify(self, education):
            raise verifiers.Unreachable("连接超时")

    down = verifiers.register_verifier(Down())
    try:
        decl = declaration()
        with pytest.raises(Refused) as exc:
            verify_with_service(education_id=row(decl).pk, actor=office_of(decl))
        assert exc.value.message.startswith("学历核验服务（学信网）暂时无法使用：连接超时。")
    finally:
        verifiers.unregister_verifier(down)


def test_archive_confirmation_by_the_unit_with_the_seal():
    decl = declaration(UnitType.STATE_OWNED)
    edu = row(decl)
    hr = official(Role.UNIT_HR, unit=decl.unit)
    for stranger in (office_of(decl), official(Role.UNIT_HR, unit=UnitFactory())):
        with pytest.raises(NotFound):
            record_verification(education_id=edu.pk, actor=stranger, result="genuine",
                                verified_on=DAY, confirmed_by_name="王档案", archive_seal=True)
    with pytest.raises(Refused) as exc:
        record_verification(education_id=edu.pk, actor=hr, result="genuine", verified_on=DAY,
                            confirmed_by_name="王档案", archive_seal=False)
    assert exc.value.message == ("学历证书须由档案管理部门审核确认并加盖档案专用章"
                                 "（桂职办〔2017〕26号 §4.3.1），请确认已加盖。")
    with pytest.raises(Refused) as exc:
        record_verification(education_id=edu.pk, actor=hr, result="genuine",
                            verified_on=datetime.date(2017, 7, 11), confirmed_by_name="王档案",
                            archive_seal=True)
    assert exc.value.message == "核验日期（2017年7月11日）不能晚于今天（2017年7月10日）。"
    assert not EducationVerification.objects.exists()

    v = record_verification(education_id=edu.pk, actor=hr, result="genuine", verified_on=DAY,
                            confirmed_by_name="王档案", archive_seal=True)
    assert (v.path, v.confirmed_by_name, v.archive_seal, v.recorded_by_id, v.role) == (
        "archive_confirmation", "王档案", True, hr.pk, "unit_hr")
    event = AuditEvent.objects.get(action="education.verify")
    assert (event.actor_id, event.scope, event.after["archive_seal"]) == (
        hr.pk, f"unit:{decl.unit_id}", True)
    with pytest.raises(Refused) as exc:
        record_verification(education_id=edu.pk, actor=hr, result="not_genuine",
                            verified_on=DAY, confirmed_by_name="王档案")
    assert exc.value.code == "already_verified"


def test_public_applicants_are_not_handed_over_before_the_archive_confirms(settings):
    """§4.3.1: state-owned and other public units' education is confirmed by the archive
    department before the office hands the declaration over."""
    decl = declaration(UnitType.PUBLIC_INSTITUTION)
    edu = row(decl)
    office = office_of(decl)
    with pytest.raises(Refused) as exc:
        accept(decl, office)
    assert (exc.value.code, exc.value.message) == ("education_unverified", (
        "学历证书须由档案管理部门审核确认并加盖档案专用章，尚未确认："
        "广西大学·土木工程·大学本科（证书编号 105931200205000123）"
        "（桂职办〔2017〕26号 §4.3.1），不能移交评委会。"))
    decl.refresh_from_db()
    assert decl.state == State.OFFICE_REVIEW
    archive_confirm(edu, decl)
    assert accept(decl, office).state == State.ACCEPTED_BY_COMMITTEE
    assert start_evaluation(decl, settings).state == State.UNDER_EVALUATION


def test_evaluation_is_refused_while_a_handed_over_row_is_unverified(settings):
    """A row added or rewritten after the hand-over is caught before evaluation too."""
    decl = declaration(UnitType.STATE_OWNED, state=State.ACCEPTED_BY_COMMITTEE)
    row(decl)
    with pytest.raises(Refused) as exc:
        start_evaluation(decl, settings)
    assert exc.value.message == (
        "以下学历尚未核验：广西大学·土木工程·大学本科（证书编号 105931200205000123）"
        "（桂职办〔2017〕26号 §4.3），不能开始评审。")


def test_not_genuine_blocks_everyone(chsi):
    decl = declaration(UnitType.PUBLIC_INSTITUTION)
    edu = row(decl)
    record_verification(education_id=edu.pk, actor=official(Role.UNIT_HR, unit=decl.unit),
                        result="not_genuine", verified_on=DAY, confirmed_by_name="王档案")
    with pytest.raises(Refused) as exc:
        accept(decl, office_of(decl))
    assert exc.value.message == (
        "学历核验结果为不属实（广西大学·土木工程·大学本科（证书编号 105931200205000123）），"
        "不能移交评委会；请按材料造假程序处理（桂职办〔2017〕26号 §4.2.2、§4.3）。")
    decl.refresh_from_db()
    assert decl.state == State.OFFICE_REVIEW


def test_foreign_degree_needs_the_authoritys_certification_for_everyone():
    decl = declaration(UnitType.PUBLIC_INSTITUTION)
    edu = row(decl, school="University of Leeds", foreign=True, no="")
    office = office_of(decl)
    with pytest.raises(Refused) as exc:
        accept(decl, office)
    assert exc.value.message == (
        "国（境）外取得的学历须有国家教育行政部门出具的学历认证，尚未录入："
        "University of Leeds·土木工程·大学本科（桂职办〔2017〕26号 §4.3.3），不能移交评委会。")
    with pytest.raises(Refused) as exc:
        record_verification(education_id=edu.pk, actor=office, result="genuine",
                            verified_on=DAY)
    assert exc.value.code == "certificate_number_required"
    v = record_verification(education_id=edu.pk, actor=office, result="genuine",
                            verified_on=DAY, certificate_number="教留服认美〔2017〕001234号")
    assert (v.path, v.certified_by) == ("foreign_certification", "教育部留学服务中心")
    assert accept(decl, office).state == State.ACCEPTED_BY_COMMITTEE


def test_a_rewritten_row_with_the_same_certificate_stays_verified():
    decl = declaration()
    edu = row(decl)
    office = office_of(decl)
    record_verification(education_id=edu.pk, actor=office, result="genuine", verified_on=DAY,
                        report_number="A1")
    edu.delete()  # what the applicant's form does on each save
    again = row(decl)
    changed = row(decl, school="广西民族大学", no="X")
    [same, other] = status_rows(decl, office)
    assert (same["education"].pk, same["verification"].report_number) == (again.pk, "A1")
    assert other["education"].pk == changed.pk and other["verification"] is None
    assert EducationVerification.objects.get().education_id is None


def test_outside_the_offices_scope_is_not_found_and_drafts_are_not_verified():
    decl = declaration()
    edu = row(decl)
    with pytest.raises(NotFound):
        verify_with_service(education_id=edu.pk,
                            actor=official(Role.OFFICE, office=OfficeFactory(
                                city=None, kind="series",
                                series=SeriesFactory(code="health", name="卫生"))))
    # A never-submitted draft is the applicant's: the office does not see it at all.
    draft = declaration(state=State.DRAFT)
    with pytest.raises(NotFound):
        record_verification(education_id=row(draft).pk, actor=office_of(draft),
                            result="genuine", verified_on=DAY, report_number="A1")
    assert not EducationVerification.objects.filter(declaration=draft).exists()
