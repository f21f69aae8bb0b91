"""Suspected false material (桂职办〔2017〕26号 §4.2.2), one domain function per step:

open_case → (applicant) answer_case … → decide_genuine | decide_false.

decide_false records the penalty, puts the person (and, where responsible, the unit) on the
integrity list (§4.2.1), reports the case to the regional office and, if the declaration had
already passed, revokes its result through the workflow. Each step is one transaction with
its audit events."""

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import User
from zhicheng.declarations.domain import workflow
from zhicheng.declarations.models import Declaration, State
from zhicheng.integrity.domain import proofs
from zhicheng.integrity.domain.access import case_applicant, case_for, case_office
from zhicheng.integrity.domain.deadlines import add_working_days
from zhicheng.integrity.models import (
    CaseAnswer,
    CaseItem,
    CaseProof,
    CaseState,
    FraudCase,
    IntegrityRecord,
)
from zhicheng.materials.models import MaterialType, StoredFile

CLAUSE = "（桂职办〔2017〕26号 §4.2.2）"
# Nothing declared yet, or the declaration has already ended for another reason.
NOT_OPENABLE = {State.DRAFT, State.REVOKED, State.VOIDED, State.WITHDRAWN}
MAX_WORKING_DAYS = 30

CASE_FIELDS = ["declaration", "office", "item", "material_type", "allegation",
               "proof_deadline", "state", "decided_by", "decided_at", "decision_grounds",
               "penalty", "unit_responsible", "reported_to_region", "reported_at",
               "result_revoked"]
RECORD_FIELDS = ["id_number", "name", "unit", "period_from", "period_to", "reason",
                 "source_case", "office"]


def _fmt(day: datetime.date) -> str:
    return f"{day:%Y年%-m月%-d日}"


def _deadline(today: datetime.date, deadline: datetime.date | None,
              working_days: int | None) -> datetime.date:
    if deadline is None and working_days is None:
        raise Refused("请填写举证期限：工作日天数或截止日期。" + CLAUSE, code="deadline_required")
    if deadline is None:
        if not 1 <= working_days <= MAX_WORKING_DAYS:
            raise Refused(f"举证期限应为 1 至 {MAX_WORKING_DAYS} 个工作日。", code="bad_deadline")
        deadline = add_working_days(today, working_days)
    if deadline <= today:
        raise Refused(f"举证截止日期须晚于今天（{_fmt(today)}），以便申报人提供证明材料"
                      + CLAUSE, code="bad_deadline")
    return deadline


def open_case(
    *,
    declaration_id: int,
    actor: User,
    item: str,
    allegation: str,
    material_type: MaterialType | None = None,
    deadline: datetime.date | None = None,
    working_days: int | None = None,
    today: datetime.date | None = None,
) -> FraudCase:
    """An office opens a case on a declaration and asks the applicant for proof by a
    deadline (a date, or a number of working days from today)."""
    day = today or clock.today()
    with transaction.atomic():
        decl = (Declaration.objects.select_for_update().select_related("applicant")
                .filter(pk=declaration_id).first())
        if decl is None:
            raise NotFound()
        acting = case_office(actor, decl)
        if decl.state in NOT_OPENABLE:
            raise Refused(f"申报当前状态为「{decl.get_state_display()}」，不能立案核查" + CLAUSE,
                          code="wrong_state")
        if item not in CaseItem.values:
            raise Refused("请选择涉嫌造假的事项。", code="item_required")
        if not allegation.strip():
            raise Refused("请写明涉嫌造假的具体情形，以便申报人举证" + CLAUSE,
                          code="allegation_required")
        due = _deadline(day, deadline, working_days)
        if FraudCase.objects.filter(declaration=decl, state=CaseState.OPEN).exists():
            raise Refused("该申报已有正在核查的案件，请在原案件中继续办理" + CLAUSE,
                          code="case_open")
        try:
            with transaction.atomic():
                case = FraudCase.objects.create(
                    declaration=decl, office=acting.office, item=item,
                    material_type=material_type, allegation=allegation.strip(),
                    proof_deadline=due, opened_by=actor)
        except IntegrityError:  # another office opened one a moment ago
            raise Refused("该申报已有正在核查的案件，请在原案件中继续办理" + CLAUSE,
                          code="case_open") from None
        record(actor=actor, action="integrity.case.open", obj=case, role=acting.role,
               scope=acting.scope_key, after=snapshot(case, CASE_FIELDS),
               note=f"申报 #{decl.pk}；举证期限 {due.isoformat()}")
    return case


def _answerable(case: FraudCase, day: datetime.date) -> None:
    if not case.is_open:
        raise Refused(f"该案件已作出决定（{case.get_state_display()}），不能再提交证明材料。",
                      code="case_closed")
    if day > case.proof_deadline:
        raise Refused(f"举证期限已于{_fmt(case.proof_deadline)}届满，不能再提交证明材料；"
                      f"如有正当理由，请与{case.office.name}联系" + CLAUSE,
                      code="deadline_passed")


def answer_case(
    *,
    case_id: int,
    actor: User,
    text: str,
    files: list[UploadedFile] | None = None,
    today: datetime.date | None = None,
) -> CaseAnswer:
    """The applicant answers with an explanation and optional proof files, until the
    deadline (inclusive) and while the case is open."""
    day = today or clock.today()
    files = list(files or [])
    case = case_for(actor, case_id)
    case_applicant(actor, case.declaration)
    _answerable(case, day)  # early: do not read files that cannot be taken
    if not text.strip():
        raise Refused("请填写说明：所涉材料是否真实，以及所附证明材料的来源。",
                      code="text_required")
    stored = proofs.check_and_store(files)
    try:
        return _record_answer(case.pk, actor, text.strip(), stored, day)
    except BaseException:
        proofs.discard([name for _, name in stored])  # no file without a record
        raise


def _record_answer(case_id, actor, text, stored, day) -> CaseAnswer:
    with transaction.atomic():
        case = FraudCase.objects.select_for_update().select_related(
            "declaration", "office").get(pk=case_id)
        acting = case_applicant(actor, case.declaration)
        _answerable(case, day)  # again under the lock: the office may just have decided
        answer = CaseAnswer.objects.create(case=case, text=text, answered_by=actor)
        now = clock.now()
        for checked, name in stored:
            sf = StoredFile.objects.create(
                storage_name=name, original_name=checked.name, size=checked.size,
                sha256=checked.sha256, content_type=checked.sniffed.content_type,
                page_count=checked.inspected.page_count, width=checked.inspected.width,
                height=checked.inspected.height, uploaded_by=actor, uploaded_at=now)
            CaseProof.objects.create(answer=answer, stored_file=sf)
        record(actor=actor, action="integrity.case.answer", obj=case, role=acting.role,
               scope=acting.scope_key,
               after={"answer": answer.pk, "text": text,
                      "files": [{"name": c.name, "sha256": c.sha256, "size": c.size}
                                for c, _ in stored]})
    return answer


def _lock_for_decision(case_id: int, actor: User):
    case = case_for(actor, case_id)  # NotFound outside scope
    decl = Declaration.objects.select_for_update().get(pk=case.declaration_id)
    acting = case_office(actor, decl)
    case = (FraudCase.objects.select_for_update().select_related("office")
            .get(pk=case.pk))
    if not case.is_open:
        raise Refused(f"该案件已作出决定（{case.get_state_display()}），可能已由他人处理，"
                      "请刷新页面。", code="stale")
    return case, decl, acting


def decide_genuine(*, case_id: int, actor: User, grounds: str) -> FraudCase:
    """The applicant proved the material genuine: the case closes, nothing else happens."""
    with transaction.atomic():
        case, _decl, acting = _lock_for_decision(case_id, actor)
        if not grounds.strip():
            raise Refused("请写明核实为真实的依据。", code="grounds_required")
        before = snapshot(case, CASE_FIELDS)
        case.state = CaseState.GENUINE
        case.decided_by = actor
        case.decided_at = clock.now()
        case.decision_grounds = grounds.strip()
        case.save(update_fields=["state", "decided_by", "decided_at", "decision_grounds"])
        record(actor=actor, action="integrity.case.decide_genuine", obj=case,
               role=acting.role, scope=acting.scope_key, before=before,
               after=snapshot(case, CASE_FIELDS), note=case.decision_grounds)
    return case


def decide_false(
    *,
    case_id: int,
    actor: User,
    grounds: str,
    penalty: str,
    period_to: datetime.date,
    unit_responsible: bool = False,
    today: datetime.date | None = None,
) -> FraudCase:
    """Not proven (or no proof by the deadline): false material confirmed. Penalty, integrity
    record, report to the regional office and, for a passed declaration, revocation."""
    day = today or clock.today()
    with transaction.atomic():
        case, decl, acting = _lock_for_decision(case_id, actor)
        if day <= case.proof_deadline and not case.answers.exists():
            raise Refused(f"举证期限（{_fmt(case.proof_deadline)}）未满且申报人尚未答复，"
                          "不能认定材料造假；请待申报人举证或期限届满后再作决定" + CLAUSE,
                          code="deadline_open")
        if not grounds.strip():
            raise Refused("请写明认定材料造假的理由。", code="grounds_required")
        if not penalty.strip():
            raise Refused("请填写处罚决定" + CLAUSE, code="penalty_required")
        if period_to is None or period_to <= day:
            raise Refused(f"失信记录截止日须晚于今天（{_fmt(day)}）"
                          "（桂职办〔2017〕26号 §4.2.1）。", code="bad_period")
        now = clock.now()
        before = snapshot(case, CASE_FIELDS)
        case.state = CaseState.FALSE
        case.decided_by = actor
        case.decided_at = now
        case.decision_grounds = grounds.strip()
        case.penalty = penalty.strip()
        case.unit_responsible = unit_responsible
        case.save(update_fields=["state", "decided_by", "decided_at", "decision_grounds",
                                 "penalty", "unit_responsible"])
        record(actor=actor, action="integrity.case.decide_false", obj=case, role=acting.role,
               scope=acting.scope_key, before=before, after=snapshot(case, CASE_FIELDS),
               note=case.decision_grounds)

        entry = IntegrityRecord.objects.create(
            id_number=decl.id_number, name=decl.applicant.real_name or decl.applicant.username,
            unit=decl.unit if unit_responsible else None, period_from=day,
            period_to=period_to, reason=f"提供虚假申报材料（{case.get_item_display()}）："
                                        f"{case.decision_grounds}",
            source_case=case, office=case.office, created_by=actor)
        record(actor=actor, action="integrity.record.create", obj=entry, role=acting.role,
               scope=acting.scope_key, after=snapshot(entry, RECORD_FIELDS),
               note=f"案件 #{case.pk}")

        before = snapshot(case, CASE_FIELDS)
        case.reported_to_region = True
        case.reported_at = now
        fields = ["reported_to_region", "reported_at"]
        if decl.state in State.RESULT:
            workflow.perform("revoke", decl.pk, actor=actor, today=day,
                             reason=f"材料造假（核查案件 #{case.pk}）：{case.decision_grounds}")
            case.result_revoked = True
            fields.append("result_revoked")
        case.save(update_fields=fields)
        record(actor=actor, action="integrity.case.report", obj=case, role=acting.role,
               scope=acting.scope_key, before=before, after=snapshot(case, CASE_FIELDS),
               note="报自治区职改办备案" + ("；已取消评审结果" if case.result_revoked else ""))
    return case


def status_label(case: FraudCase, day: datetime.date, answered: bool) -> str:
    """What the case waits for, in words (answered: the case has at least one answer)."""
    if not case.is_open:
        return case.get_state_display()
    if answered:
        return "申报人已答复，待职改办决定"
    if day > case.proof_deadline:
        return "举证期满未答复，待职改办决定"
    return "待申报人举证"
