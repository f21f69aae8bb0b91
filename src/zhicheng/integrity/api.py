"""Fraud cases and integrity records in the REST API: the same domain functions, scopes and
rules predicates as the pages. Out of scope → 404; refused → 409 with the Chinese message."""

import datetime
from typing import Annotated, Literal

from django.db.models import Count
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from zhicheng.api_edge.errors import ErrorOut, InputError
from zhicheng.api_edge.pagination import Mapped, Page
from zhicheng.api_edge.types import Code, Id, SaneDate, Text
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.domain.usernames import person_label
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
from zhicheng.integrity.models.cases import CaseItem, CaseState
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
    declaration: Id
    item: CaseItem
    allegation: Text
    material_type: Code | None = None
    deadline: SaneDate | None = None
    working_days: Annotated[int, Field(ge=1, le=60)] | None = None


class DecideIn(Schema):
    decision: Literal["genuine", "false"]  # 材料真实 | 认定造假
    grounds: Text
    penalty: Text = ""
    period_to: SaneDate | None = None
    unit_responsible: bool = False


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
@paginate(Page)
def list_cases(request, state: Query[CaseState | None] = None):
    qs = (visible_cases(request.user).select_related("office", "material_type")
          .annotate(n_answers=Count("answers")).order_by("-opened_at", "-id"))
    if state:
        qs = qs.filter(state=state)
    return Mapped(qs, lambda rows: [_case_out(c, answered=c.n_answers > 0) for c in rows])


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
def get_case(request, pk: Id):
    return _detail(request, pk)


@router.post("/cases/{pk}/answer", response={201: CaseOut, 400: ErrorOut},
             summary="申报人答复并提交证明材料")
def answer(request, pk: Id, text: Form[Text] = "",
           files: File[list[UploadedFile] | None] = None):
    refused = upload_handlers.refusal(request)
    try:
        if refused:
            raise InvalidUpload(refused)
        cases.answer_case(case_id=pk, actor=request.user, text=text, files=files or [])
    except InvalidUpload as exc:
        raise InputError(exc.message, field="files", code=exc.code) from None
    return Status(201, _detail(request, pk))


@router.post("/cases/{pk}/decide", response=CaseOut, summary="作出核查决定")
def decide(request, pk: Id, payload: DecideIn):
    if payload.decision == "genuine":
        cases.decide_genuine(case_id=pk, actor=request.user, grounds=payload.grounds)
    else:
        cases.decide_false(case_id=pk, actor=request.user, grounds=payload.grounds,
                           penalty=payload.penalty, period_to=payload.period_to,
                           unit_responsible=payload.unit_responsible)
    return _detail(request, pk)


@router.get("/reported", response=list[CaseOut], summary="报自治区职改办备案的案件")
@paginate(Page)
def reported(request):
    _require(request, "integrity.view_reported")
    qs = (FraudCase.objects.filter(reported_to_region=True)
          .select_related("office", "material_type").order_by("-reported_at", "-id"))
    return Mapped(qs, lambda rows: [_case_out(c, answered=True) for c in rows])


@router.get("/records", response=list[RecordOut], summary="失信档案查询（§4.2.1）")
@paginate(Page)
def records(request, q: str = Query("", max_length=100),
            current: bool = False):
    _require(request, "integrity.view_records")
    today = clock.today()
    qs = search_records(q, include_expired=not current, today=today)
    return Mapped(qs, lambda rows: [_record_out(r, today) for r in rows])


def _flags(decls: list) -> list[dict]:
    found = records_for_declarations(decls)
    today = clock.today()
    return [{"declaration": d.pk, "applicant": person_label(d.applicant),
             "id_number_masked": mask_id(d.id_number), "unit": d.unit.name,
             "records": [_record_out(r, today) for r in found[d.pk]]} for d in decls]


@router.get("/committee", response=list[FlagsOut],
            summary="本评委会申报人的失信记录（§4.2.1）")
@paginate(Page)
def committee(request):
    _require(request, "integrity.committee_records")
    return Mapped(Declaration.objects.filter(visible_q(request.user, roles={Role.SECRETARIAT}),
                                             state__in=COMMITTEE_STATES)
                  .select_related("applicant", "unit").order_by("-id"), _flags)
