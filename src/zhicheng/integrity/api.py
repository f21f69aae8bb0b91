"""Fraud cases and integrity records in the REST API: the same domain functions, scopes and
rules predicates as the pages. Out of scope → 404; refused → 409 with the Chinese message."""

import datetime

from django.db.models import Count
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Role
from zhicheng.declarations.domain.scope import visible_declarations, visible_q
from zhicheng.declarations.models import Declaration
from zhicheng.integrity.domain import cases
from zhicheng.integrity.domain.access import case_for, visible_cases
from zhicheng.integrity.domain.records import (
    COMMITTEE_STATES,
    mask_id,
    records_for_declarations,
    search_records,
)
from zhicheng.integrity.models import FraudCase, IntegrityRecord
from zhicheng.materials import upload_handlers
from zhicheng.materials.domain import InvalidUpload
from zhicheng.materials.models import MaterialType

router = Router(tags=["诚信"])


class ProofOut(Schema):
    id: int
    name: str
    size: int
    sha256: str


class AnswerOut(Schema):
    id: int
    text: str
    answered_at: datetime.datetime
    files: list[ProofOut]


class CaseOut(Schema):
    id: int
    declaration: int
    office: str
    item: str
    item_label: str
    material_type: str | None
    allegation: str
    proof_deadline: datetime.date
    state: str
    status: str
    decision_grounds: str
    penalty: str
    unit_responsible: bool
    reported_to_region: bool
    reported_at: datetime.datetime | None
    result_revoked: bool
    answers: list[AnswerOut] | None = None


class RecordOut(Schema):
    id: int
    name: str
    id_number_masked: str
    unit: str | None
    period_from: datetime.date
    period_to: datetime.date
    expired: bool
    reason: str
    source_case: int | None


class FlagsOut(Schema):
    declaration: int
    applicant: str
    id_number_masked: str
    unit: str
    records: list[RecordOut]


class OpenIn(Schema):
    declaration: int
    item: str
    allegation: str
    material_type: str | None = None
    deadline: datetime.date | None = None
    working_days: int | None = None


class DecideIn(Schema):
    decision: str  # "genuine" | "false"
    grounds: str
    penalty: str = ""
    period_to: datetime.date | None = None
    unit_responsible: bool = False


class ErrorOut(Schema):
    code: str
    message: str


def _case_out(case: FraudCase, *, answered: bool, answers=None) -> dict:
    out = {
        "id": case.pk, "declaration": case.declaration_id, "office": case.office.name,
        "item": case.item, "item_label": case.get_item_display(),
        "material_type": case.material_type.code if case.material_type_id else None,
        "allegation": case.allegation, "proof_deadline": case.proof_deadline,
        "state": case.state, "status": cases.status_label(case, clock.today(), answered),
        "decision_grounds": case.decision_grounds, "penalty": case.penalty,
        "unit_responsible": case.unit_responsible,
        "reported_to_region": case.reported_to_region, "reported_at": case.reported_at,
        "result_revoked": case.result_revoked,
    }
    if answers is not None:
        out["answers"] = [{
            "id": a.pk, "text": a.text, "answered_at": a.answered_at,
            "files": [{"id": p.pk, "name": p.stored_file.original_name,
                       "size": p.stored_file.size, "sha256": p.stored_file.sha256}
                      for p in a.proofs.all()]} for a in answers]
    return out


def _record_out(r: IntegrityRecord, today: datetime.date) -> dict:
    return {"id": r.pk, "name": r.name, "id_number_masked": mask_id(r.id_number),
            "unit": r.unit.name if r.unit_id else None, "period_from": r.period_from,
            "period_to": r.period_to, "expired": r.is_expired(today), "reason": r.reason,
            "source_case": r.source_case_id}


def _detail(request, pk: int) -> dict:
    case = case_for(request.user, pk)
    answers = list(case.answers.prefetch_related("proofs__stored_file"))
    return _case_out(case, answered=bool(answers), answers=answers)


def _require(request, perm: str) -> None:
    if not any(request.user.has_perm(perm, a) for a in assignments_of(request.user)):
        raise NotFound()


@router.get("/cases", response=list[CaseOut], summary="我可见的材料造假核查案件")
def list_cases(request, state: str | None = None, limit: int = 50, offset: int = 0):
    qs = (visible_cases(request.user).select_related("office", "material_type")
          .annotate(n_answers=Count("answers")).order_by("-opened_at", "-id"))
    if state:
        qs = qs.filter(state=state)
    limit = max(1, min(limit, 200))
    return [_case_out(c, answered=c.n_answers > 0) for c in qs[offset:offset + limit]]


@router.post("/cases", response={201: CaseOut}, summary="立案核查（§4.2.2）")
def open_case(request, payload: OpenIn):
    decl = visible_declarations(request.user).filter(pk=payload.declaration).first()
    if decl is None:
        raise NotFound()
    material_type = None
    if payload.material_type:
        material_type = MaterialType.objects.filter(code=payload.material_type).first()
        if material_type is None:
            raise NotFound(f"材料类型「{payload.material_type}」不存在。")
    case = cases.open_case(declaration_id=decl.pk, actor=request.user, item=payload.item,
                           allegation=payload.allegation, material_type=material_type,
                           deadline=payload.deadline, working_days=payload.working_days)
    return Status(201, _detail(request, case.pk))


@router.get("/cases/{pk}", response=CaseOut, summary="案件详情")
def get_case(request, pk: int):
    return _detail(request, pk)


@router.post("/cases/{pk}/answer", response={201: CaseOut, 422: ErrorOut},
             summary="申报人答复并提交证明材料")
def answer(request, pk: int, text: Form[str] = "",
           files: File[list[UploadedFile] | None] = None):
    refused = upload_handlers.refusal(request)
    try:
        if refused:
            raise InvalidUpload(refused)
        cases.answer_case(case_id=pk, actor=request.user, text=text, files=files or [])
    except InvalidUpload as exc:
        return Status(422, {"code": exc.code, "message": exc.message})
    return Status(201, _detail(request, pk))


@router.post("/cases/{pk}/decide", response=CaseOut, summary="作出核查决定")
def decide(request, pk: int, payload: DecideIn):
    if payload.decision == "genuine":
        cases.decide_genuine(case_id=pk, actor=request.user, grounds=payload.grounds)
    elif payload.decision == "false":
        cases.decide_false(case_id=pk, actor=request.user, grounds=payload.grounds,
                           penalty=payload.penalty, period_to=payload.period_to,
                           unit_responsible=payload.unit_responsible)
    else:
        case_for(request.user, pk)  # 404 before telling what decisions exist
        raise Refused("decision 应为 genuine（材料真实）或 false（认定造假）。",
                      code="bad_decision")
    return _detail(request, pk)


@router.get("/reported", response=list[CaseOut], summary="报自治区职改办备案的案件")
def reported(request, limit: int = 50, offset: int = 0):
    _require(request, "integrity.view_reported")
    qs = (FraudCase.objects.filter(reported_to_region=True)
          .select_related("office", "material_type").order_by("-reported_at", "-id"))
    limit = max(1, min(limit, 200))
    return [_case_out(c, answered=True) for c in qs[offset:offset + limit]]


@router.get("/records", response=list[RecordOut], summary="失信档案查询（§4.2.1）")
def records(request, q: str = "", current: bool = False, limit: int = 50, offset: int = 0):
    _require(request, "integrity.view_records")
    today = clock.today()
    qs = search_records(q, include_expired=not current, today=today)
    limit = max(1, min(limit, 200))
    return [_record_out(r, today) for r in qs[offset:offset + limit]]


@router.get("/committee", response=list[FlagsOut],
            summary="本评委会申报人的失信记录（§4.2.1）")
def committee(request, limit: int = 50, offset: int = 0):
    _require(request, "integrity.committee_records")
    limit = max(1, min(limit, 200))
    decls = list(Declaration.objects.filter(visible_q(request.user, roles={Role.SECRETARIAT}),
                                            state__in=COMMITTEE_STATES)
                 .select_related("applicant", "unit").order_by("-id")[offset:offset + limit])
    found = records_for_declarations(decls)
    today = clock.today()
    return [{"declaration": d.pk, "applicant": d.applicant.real_name or d.applicant.username,
             "id_number_masked": mask_id(d.id_number), "unit": d.unit.name,
             "records": [_record_out(r, today) for r in found[d.pk]]} for d in decls]
