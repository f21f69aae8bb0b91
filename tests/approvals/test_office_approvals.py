"""Approvals decided by offices (issue 5 §5): §2.2.3, §3.1.1, §3.1.3, §3.1.4."""

import datetime

import pytest
from applying import APPLY_DAY, make_draft
from conftest import conditions_only
from factories import (
    CommitteeFactory,
    DeclarationFactory,
    OfficeFactory,
    SeriesFactory,
    UnitFactory,
    official,
)

from zhicheng.approvals.domain.decisions import record_approval
from zhicheng.approvals.models import OfficeApproval
from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Level, OfficeKind, Role
from zhicheng.declarations.domain import eligibility, workflow
from zhicheng.declarations.models import ApprovalCode, Channel, DeclaredApproval, State

pytestmark = pytest.mark.django_db
A = ApprovalCode
DAY = datetime.date(2017, 5, 10)


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def series_office_of(decl):
    """CommitteeFactory's office is the series office of the committee's series."""
    office = decl.committee.office
    assert office.kind == OfficeKind.SERIES and office.series_id == decl.series_id
    return official(Role.OFFICE, office=office)


def no_title_draft(level=Level.INTERMEDIATE):
    committee = CommitteeFactory(min_level=Level.INTERMEDIATE, max_level=Level.SENIOR)
    return make_draft(kind="no_title", facts={"current_level": ""}, level=level,
                      committee=committee)


def prior_findings(decl):
    check = eligibility.check(decl, APPLY_DAY)
    return [(f["clause"], f["code"]) for f in check.findings if f["clause"] == "2.2.3"]


def grant(decl, actor, code=A.SERIES_OFFICE_PRIOR_APPROVAL, **kw):
    values = {"decision": "granted", "document_number": "桂工职改〔2017〕12号",
              "decided_on": DAY, "strict_justification": "逐项核对业绩，符合从严审核要求。"}
    return record_approval(declaration_id=decl.pk, code=code, actor=actor, **{**values, **kw})


def test_series_office_grants_prior_approval_on_a_draft_and_the_engine_sees_it(today):
    decl = no_title_draft()
    assert decl.state == State.DRAFT
    assert prior_findings(decl) == [("2.2.3", "prior_approval_missing")]
    actor = series_office_of(decl)

    approval = grant(decl, actor, strict_justification="")

    assert prior_findings(decl) == []
    assert eligibility.build_case(decl, APPLY_DAY)["declaration"]["approvals"] == [
        "series_office_prior_approval"]
    assert (approval.office_id, approval.unit_id, approval.decision, approval.decided_by_id,
            approval.strict_review) == (decl.committee.office_id, None, "granted", actor.pk,
                                        False)
    [event] = events("approval.grant")
    assert (event.actor_id, event.role, event.scope, event.object_id) == (
        actor.pk, "office", f"office:{decl.committee.office_id}", str(approval.pk))
    assert event.after["document_number"] == "桂工职改〔2017〕12号"


def test_a_refused_approval_is_not_seen_by_the_engine(today):
    decl = make_draft(kind="exceptional", level=Level.DEPUTY_SENIOR)
    record_approval(declaration_id=decl.pk, code=A.SERIES_OFFICE_PRIOR_APPROVAL,
                    actor=series_office_of(decl), decision="refused", decided_on=DAY,
                    reasons="不符合破格条件。")
    assert ("2.2.3", "prior_approval_missing") in prior_findings(decl)
    assert [e.note for e in events("approval.refuse")] == ["不符合破格条件。"]


@pytest.mark.parametrize(("kind", "level", "facts"), [
    ("no_title", Level.DEPUTY_SENIOR, {"current_level": ""}),
    ("exceptional", Level.DEPUTY_SENIOR, {}),
    ("exceptional", Level.SENIOR, {"current_level": Level.DEPUTY_SENIOR}),
])
def test_strict_review_requires_a_justification(today, kind, level, facts):
    committee = CommitteeFactory(min_level=Level.INTERMEDIATE, max_level=Level.SENIOR)
    decl = make_draft(kind=kind, level=level, facts=facts, committee=committee)
    actor = series_office_of(decl)
    with pytest.raises(Refused) as exc:
        grant(decl, actor, strict_justification="  ")
    assert exc.value.code == "strict_justification_required"
    assert exc.value.message == (
        f"{Level(level).label}{'无职称申报' if kind == 'no_title' else '破格申报'}须从严审核："
        "同意时请填写从严审核意见（逐项说明申报人符合条件的依据）（桂职办〔2017〕26号 §2.2.3）。")
    assert not OfficeApproval.objects.exists() and events("approval.grant") == []

    approval = grant(decl, actor)
    assert (approval.strict_review, approval.strict_justification) == (
        True, "逐项核对业绩，符合从严审核要求。")


def test_prior_approval_outside_the_series_office_is_not_found(today):
    decl = no_title_draft()
    city = official(Role.OFFICE, office=OfficeFactory())  # sees the unit's city, not the series
    other_series = SeriesFactory(code="health", name="卫生")
    other = official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.SERIES, city=None,
                                                       series=other_series))
    unit_hr = official(Role.UNIT_HR, unit=decl.unit)
    for actor in (city, other, unit_hr, decl.applicant):
        with pytest.raises(NotFound):
            grant(decl, actor)
    assert not OfficeApproval.objects.exists() and events("approval.grant") == []


@pytest.mark.parametrize(("over", "code", "message"), [
    ({"document_number": " "}, "document_number_required",
     "请填写审批文号（同意「系列职改办事先审批同意（§2.2.3）」须有文号）"
     "（桂职办〔2017〕26号 §2.2.3）。"),
    ({"decided_on": datetime.date(2017, 5, 16)}, "future_date",
     "审批日期（2017年5月16日）不能晚于今天（2017年5月15日）。"),
    ({"decided_on": None}, "date_required", "请填写审批日期。"),
    ({"decision": "maybe"}, "decision_required", "请选择审批结果：同意或不同意。"),
    ({"decision": "refused", "reasons": ""}, "reasons_required", "不同意时须填写理由。"),
])
def test_bad_input_is_refused_and_nothing_is_recorded(today, over, code, message):
    decl = no_title_draft()
    with pytest.raises(Refused) as exc:
        grant(decl, series_office_of(decl), **over)
    assert (exc.value.code, exc.value.message) == (code, message)
    assert not OfficeApproval.objects.exists()
    assert events("approval.grant") == events("approval.refuse") == []


def test_prior_approval_is_refused_for_a_regular_declaration_and_twice(today):
    regular = make_draft()
    actor = series_office_of(regular)
    with pytest.raises(Refused) as exc:
        grant(regular, actor)
    assert exc.value.message == ("该申报为正常申报、所在单位申报，无需办理「系列职改办事先审批同意"
                                 "（§2.2.3）」（桂职办〔2017〕26号 §2.2.3）。")
    decl = no_title_draft()
    grant(decl, actor)
    with pytest.raises(Refused) as exc:
        grant(decl, actor, document_number="另一文号")
    assert exc.value.code == "already_granted"
    assert OfficeApproval.objects.count() == 1


def test_prior_approval_dated_after_submission_is_refused(review_day):
    decl = DeclarationFactory(kind="no_title", current_level="", level=Level.DEPUTY_SENIOR,
                              state=State.SUBMITTED,
                              submitted_at=datetime.datetime(2017, 6, 1, 10, tzinfo=datetime.UTC))
    with pytest.raises(Refused) as exc:
        grant(decl, series_office_of(decl), decided_on=datetime.date(2017, 6, 5))
    assert exc.value.code == "not_before_applying"
    assert "不能晚于申报提交日期（2017年6月1日）" in exc.value.message
    assert grant(decl, series_office_of(decl), decided_on=datetime.date(2017, 5, 20)).pk


def test_no_approval_after_the_hand_over_to_the_committee(review_day):
    decl = DeclarationFactory(kind="exceptional", state=State.ACCEPTED_BY_COMMITTEE)
    with pytest.raises(Refused) as exc:
        grant(decl, series_office_of(decl))
    assert exc.value.message == ("申报当前状态为「评委会已受理」，材料已报送评委会，不能再录入审批"
                                 "（桂职办〔2017〕26号 §3.2.1）。")


def test_hq_channel_opinion_is_filed_by_the_committees_office(today):
    committee = CommitteeFactory(office=OfficeFactory(name="南宁市职改办"))
    decl = DeclarationFactory(channel=Channel.CENTRAL_OR_EXTERNAL_BRANCH, committee=committee,
                              unit=UnitFactory(city=None))
    stranger = official(Role.OFFICE, office=OfficeFactory())
    with pytest.raises(NotFound):
        grant(decl, stranger, code=A.HQ_CHANNEL_OPINION_FILED)
    filed = grant(decl, official(Role.OFFICE, office=committee.office),
                  code=A.HQ_CHANNEL_OPINION_FILED, document_number="中铁人〔2017〕8号")
    assert filed.office_id == committee.office_id
    assert eligibility.build_case(decl, APPLY_DAY)["declaration"]["approvals"] == [
        "hq_channel_opinion_filed"]


def test_entrusted_evaluation_needs_the_entrustment_then_the_regional_approval(today, regional):
    decl = DeclarationFactory(channel=Channel.ENTRUSTED)
    with pytest.raises(NotFound):  # the committee's (series) office is not the regional office
        grant(decl, series_office_of(decl), code=A.REGIONAL_OFFICE_APPROVAL)
    with pytest.raises(Refused) as exc:
        grant(decl, regional, code=A.REGIONAL_OFFICE_APPROVAL)
    assert exc.value.message == ("委托评审须先接收登记申报人所属省级职称改革工作部门的委托材料，"
                                 "再由自治区职改办审核同意（桂职办〔2017〕26号 §3.1.4）。")
    grant(decl, regional, code=A.HOME_PROVINCE_ENTRUSTMENT, document_number="湘职改〔2017〕3号")
    grant(decl, regional, code=A.REGIONAL_OFFICE_APPROVAL, document_number="桂职办〔2017〕40号")
    assert eligibility.build_case(decl, APPLY_DAY)["declaration"]["approvals"] == [
        "home_province_entrustment", "regional_office_approval"]
    assert {a.office.kind for a in OfficeApproval.objects.all()} == {"regional"}


def test_talent_market_consent_and_opinion_come_from_the_unit(today):
    decl = DeclarationFactory(channel=Channel.TALENT_MARKET)
    with pytest.raises(NotFound):
        grant(decl, official(Role.UNIT_HR, unit=UnitFactory()), code=A.UNIT_CONSENT)
    hr = official(Role.UNIT_HR, unit=decl.unit)
    consent = grant(decl, hr, code=A.UNIT_CONSENT, document_number="单位同意书 2017-01")
    grant(decl, hr, code=A.UNIT_ASSESSMENT_OPINION, document_number="考核意见 2017-01")
    assert (consent.unit_id, consent.office_id, consent.role) == (decl.unit_id, None, "unit_hr")
    assert eligibility.build_case(decl, APPLY_DAY)["declaration"]["approvals"] == [
        "unit_assessment_opinion", "unit_consent"]


def test_hand_over_needs_the_office_records_not_the_applicants_statement(review_day,
                                                                          monkeypatch):
    conditions_only(monkeypatch, "approvals_on_record")
    decl = DeclarationFactory(kind="exceptional", state=State.OFFICE_REVIEW,
                              channel=Channel.ENTRUSTED)
    DeclaredApproval.objects.create(declaration=decl, code=A.SERIES_OFFICE_PRIOR_APPROVAL,
                                    document_number="自称的文号", issued_on=DAY)
    office = series_office_of(decl)
    with pytest.raises(Refused) as exc:
        workflow.perform("accept_for_committee", decl.pk, actor=office)
    assert exc.value.message == (
        "该申报为破格申报、委托评审，尚无以下审批的同意记录，不能移交评委会："
        "系列职改办事先审批同意（§2.2.3）（由申报系列的系列职改办录入）；"
        "所属省级职改部门委托材料（§3.1.4）（由自治区职改办（接收登记）录入）；"
        "自治区职改办审核同意（§3.1.4）（由自治区职改办录入）"
        "（桂职办〔2017〕26号 §2.2.3、§3.1.4）。")
    decl.refresh_from_db()
    assert decl.state == State.OFFICE_REVIEW
    regional = official(Role.REGIONAL_OFFICE, office=OfficeFactory(
        name="自治区职改办", kind=OfficeKind.REGIONAL, city=None))
    grant(decl, office, decided_on=datetime.date(2017, 5, 1))
    grant(decl, regional, code=A.HOME_PROVINCE_ENTRUSTMENT)
    grant(decl, regional, code=A.REGIONAL_OFFICE_APPROVAL)
    assert workflow.perform("accept_for_committee", decl.pk, actor=office).state == \
        State.ACCEPTED_BY_COMMITTEE
