"""Approvals, education verification and configuration change requests in the REST API:
the same domain functions and permissions as the pages (outside one's scope: 404)."""

import datetime
from typing import Annotated

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhicheng.api_edge.pagination import Mapped, Page
from zhicheng.api_edge.types import Code, Id, SaneDate, Text
from zhicheng.approvals.domain import config_changes, education
from zhicheng.approvals.domain.decisions import approvals_seen_by, record_approval
from zhicheng.approvals.domain.inbox import pending_queryset, pending_rows
from zhicheng.approvals.models import ConfigChangeRequest, EducationVerification, OfficeApproval
from zhicheng.approvals.models.approvals import Decision
from zhicheng.approvals.models.config_changes import RequestState, Target
from zhicheng.approvals.models.education import VerificationResult
from zhicheng.core.domain.errors import NotFound
from zhicheng.core.domain.usernames import account_label, person_label
from zhicheng.core.session import active_assignment
from zhicheng.declarations.models import Declaration
from zhicheng.declarations.models.history import ApprovalCode

router = Router(tags=["审批"])


class PendingOut(Schema):
    declaration: int
    applicant: str
    unit: str
    series: str
    level: str
    kind: str
    channel: str
    state: str
    pending: list[str]


class ApprovalIn(Schema):
    decision: Decision
    document_number: Text = ""
    decided_on: SaneDate | None = None
    reasons: Text = ""
    strict_justification: Text = ""


class ApprovalOut(Schema):
    id: int
    declaration: int
    code: str
    decision: str
    document_number: str
    decided_on: datetime.date
    decided_by: str
    body: str
    reasons: str
    strict_review: bool
    strict_justification: str

    @staticmethod
    def of(a: OfficeApproval) -> "ApprovalOut":
        return ApprovalOut(id=a.pk, declaration=a.declaration_id, code=a.code,
                           decision=a.decision, document_number=a.document_number,
                           decided_on=a.decided_on, decided_by=account_label(a.decided_by),
                           body=a.decided_by_body, reasons=a.reasons,
                           strict_review=a.strict_review,
                           strict_justification=a.strict_justification)


class VerificationIn(Schema):
    result: VerificationResult
    verified_on: SaneDate | None = None
    confirmed_by_name: Text = ""
    archive_seal: bool = False
    report_number: Text = ""
    verifier: Text = ""
    certificate_number: Text = ""
    certified_by: Text = ""
    note: Text = ""


class VerificationOut(Schema):
    id: int
    path: str
    result: str
    verified_on: datetime.date
    method: str
    verifier: str
    report_number: str
    confirmed_by_name: str
    archive_seal: bool
    certificate_number: str
    certified_by: str

    @staticmethod
    def of(v: EducationVerification) -> "VerificationOut":
        return VerificationOut(id=v.pk, path=v.path, result=v.result,
                               verified_on=v.verified_on, method=v.method, verifier=v.verifier,
                               report_number=v.report_number,
                               confirmed_by_name=v.confirmed_by_name,
                               archive_seal=v.archive_seal,
                               certificate_number=v.certificate_number,
                               certified_by=v.certified_by)


class EducationOut(Schema):
    education: int
    school: str
    degree: str
    foreign: bool
    path: str
    verification: VerificationOut | None


class ChangeIn(Schema):
    target_type: Target
    target_id: Id
    field: Code
    # The domain function coerces and checks the value against the field's kind.
    new_value: Text | Annotated[int, Field(ge=-(2**31), le=2**31 - 1)] | bool | \
        Annotated[list[Code], Field(max_length=50)] | None = None
    reason: Text = ""


class DecisionIn(Schema):
    note: Text = ""


class ChangeOut(Schema):
    id: int
    office: str
    target_type: str
    target_id: int
    target_label: str
    field: str
    old_value: str | int | bool | list[str] | None
    new_value: str | int | bool | list[str] | None
    reason: str
    state: str
    decision_note: str

    @staticmethod
    def of(r: ConfigChangeRequest) -> "ChangeOut":
        return ChangeOut(id=r.pk, office=r.office.name, target_type=r.target_type,
                         target_id=r.target_id, target_label=r.target_label, field=r.field,
                         old_value=r.old_value, new_value=r.new_value, reason=r.reason,
                         state=r.state, decision_note=r.decision_note)


def _declaration(pk: Id) -> Declaration:
    decl = Declaration.objects.select_related("plan", "committee", "series", "unit").filter(
        pk=pk).first()
    if decl is None:
        raise NotFound()
    return decl


@router.get("/inbox", response=list[PendingOut])
@paginate(Page)
def inbox(request):
    if not request.user.has_perm("approvals.view_inbox"):
        raise NotFound()
    assignment = active_assignment(request)
    return Mapped(pending_queryset(assignment), lambda page: [
        PendingOut(declaration=r.declaration.pk,
                   applicant=person_label(r.declaration.applicant),
                   unit=r.declaration.unit.name,
                   series=r.declaration.series.code, level=r.declaration.level,
                   kind=r.declaration.kind, channel=r.declaration.channel,
                   state=r.declaration.state, pending=r.codes)
        for r in pending_rows(assignment, page)])


@router.get("/declarations/{pk}/approvals", response=list[ApprovalOut])
def list_approvals(request, pk: Id):
    seen = approvals_seen_by(request.user, _declaration(pk))
    if seen is None:
        raise NotFound()
    return [ApprovalOut.of(a) for a in seen]


@router.post("/declarations/{pk}/approvals/{code}", response={201: ApprovalOut})
def decide(request, pk: Id, code: ApprovalCode, payload: ApprovalIn):
    approval = record_approval(declaration_id=pk, code=code, actor=request.user,
                               assignment=active_assignment(request), **payload.dict())
    return Status(201, ApprovalOut.of(approval))


@router.get("/declarations/{pk}/education", response=list[EducationOut])
def list_education(request, pk: Id):
    decl = _declaration(pk)
    if not request.user.has_perm("approvals.view_education", decl):
        raise NotFound()
    return [EducationOut(education=r["education"].pk, school=r["education"].school,
                         degree=r["education"].degree, foreign=r["education"].foreign,
                         path=r["path"],
                         verification=VerificationOut.of(r["verification"])
                         if r["verification"] else None)
            for r in education.status_rows(decl)]


@router.post("/education/{education_id}/verification", response={201: VerificationOut})
def record_verification(request, education_id: Id, payload: VerificationIn):
    v = education.record_verification(education_id=education_id, actor=request.user,
                                      assignment=active_assignment(request), **payload.dict())
    return Status(201, VerificationOut.of(v))


@router.post("/education/{education_id}/service-check", response={201: VerificationOut})
def service_check(request, education_id: Id):
    v = education.verify_with_service(education_id=education_id, actor=request.user,
                                      assignment=active_assignment(request))
    return Status(201, VerificationOut.of(v))


@router.get("/config-changes", response=list[ChangeOut])
@paginate(Page)
def list_changes(request, state: Query[RequestState | None] = None):
    if not request.user.has_perm("approvals.view_config_changes"):
        raise NotFound()
    qs = config_changes.visible_requests(request.user)
    if state:
        qs = qs.filter(state=state)
    return Mapped(qs, lambda rows: [ChangeOut.of(r) for r in rows])


@router.post("/config-changes", response={201: ChangeOut})
def request_change(request, payload: ChangeIn):
    r = config_changes.request_change(actor=request.user, assignment=active_assignment(request),
                                      **payload.dict())
    return Status(201, ChangeOut.of(r))


@router.post("/config-changes/{request_id}/consent", response=ChangeOut)
def consent(request, request_id: Id, payload: DecisionIn):
    return ChangeOut.of(config_changes.consent(request_id=request_id, actor=request.user,
                                               note=payload.note))


@router.post("/config-changes/{request_id}/refuse", response=ChangeOut)
def refuse(request, request_id: Id, payload: DecisionIn):
    return ChangeOut.of(config_changes.refuse(request_id=request_id, actor=request.user,
                                              note=payload.note))
