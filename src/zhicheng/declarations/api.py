"""Declarations in the REST API: the same domain functions and scopes as the pages."""

import datetime

from django.db import transaction
from ninja import Body, Router, Schema, Status
from ninja.errors import HttpError

from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Committee, Specialty
from zhicheng.declarations.domain import drafting, eligibility, submission
from zhicheng.declarations.domain.scope import visible_declarations
from zhicheng.declarations.domain.timeline import timeline
from zhicheng.declarations.forms import FactsForm
from zhicheng.declarations.models import Declaration

router = Router(tags=["申报"])


class DeclarationOut(Schema):
    id: int
    state: str
    state_label: str
    plan: str
    committee: str
    series: str
    level: str
    kind: str
    channel: str
    unit: str
    submitted_at: datetime.datetime | None

    @staticmethod
    def from_model(d: Declaration) -> "DeclarationOut":
        return DeclarationOut(
            id=d.pk, state=d.state, state_label=d.get_state_display(), plan=d.plan.code,
            committee=d.committee.code, series=d.series.code, level=d.level, kind=d.kind,
            channel=d.channel, unit=d.unit.name, submitted_at=d.submitted_at)


class StartIn(Schema):
    committee: str
    level: str
    specialty: str | None = None
    kind: str = "regular"
    channel: str = "unit"


class FindingOut(Schema):
    clause: str
    code: str
    severity: str
    message: str


class EligibilityOut(Schema):
    complete: bool
    missing_fields: list[str]
    eligible: bool
    ready: bool
    findings: list[FindingOut]


class StepOut(Schema):
    at: datetime.datetime
    label: str
    role: str
    note: str


def _get(request, pk: int) -> Declaration:
    decl = (visible_declarations(request.user)
            .select_related("plan", "committee", "series", "unit", "specialty")
            .filter(pk=pk).first())
    if decl is None:
        raise NotFound()
    return decl


@router.get("/", response=list[DeclarationOut])
def list_declarations(request, state: str | None = None, limit: int = 50, offset: int = 0):
    qs = (visible_declarations(request.user)
          .select_related("plan", "committee", "series", "unit").order_by("-id"))
    if state:
        qs = qs.filter(state=state)
    limit = max(1, min(limit, 200))
    return [DeclarationOut.from_model(d) for d in qs[offset:offset + limit]]


@router.post("/", response={201: DeclarationOut})
def start(request, payload: StartIn):
    committee = Committee.objects.filter(code=payload.committee).first()
    if committee is None:
        raise HttpError(422, f"评审委员会代码「{payload.committee}」不存在。")
    specialty = None
    if payload.specialty:
        specialty = Specialty.objects.filter(series=committee.series,
                                             code=payload.specialty).first()
        if specialty is None:
            raise HttpError(422, f"专业代码「{payload.specialty}」不属于该评委会的系列。")
    plan = drafting.current_plan()
    if plan is None:
        raise Refused("尚无年度评审部署，暂不能申报。", code="no_plan")
    decl = drafting.start_declaration(applicant=request.user, plan=plan, committee=committee,
                                      level=payload.level, specialty=specialty,
                                      kind=payload.kind, channel=payload.channel)
    return Status(201, DeclarationOut.from_model(decl))


@router.get("/{pk}", response=DeclarationOut)
def get(request, pk: int):
    return DeclarationOut.from_model(_get(request, pk))


@router.patch("/{pk}/facts", response=DeclarationOut)
def update_facts(request, pk: int, payload: dict = Body(...)):  # noqa: B008
    """Partial update of the facts (same fields and validation as the form)."""
    with transaction.atomic():
        decl = drafting.editable_declaration(pk, request.user)
        current = FactsForm(instance=decl).initial
        data = {**{k: v for k, v in current.items() if v is not None}, **payload}
        if isinstance(data.get("social_insurance_months"), str):
            data["social_insurance_months"] = [data["social_insurance_months"]]
        form = FactsForm(data, instance=decl)
        if not form.is_valid():
            first = next(iter(form.errors.items()))
            raise HttpError(422, f"{first[0]}：{first[1][0]}")
        facts = {k: v for k, v in form.cleaned_data.items() if k in drafting.FACT_FIELDS}
        decl = drafting.save_facts(pk, request.user, facts)
    return DeclarationOut.from_model(_get(request, decl.pk))


@router.get("/{pk}/eligibility", response=EligibilityOut)
def check(request, pk: int):
    decl = _get(request, pk)
    c = eligibility.check(decl, clock.today())
    return EligibilityOut(complete=c.complete, missing_fields=c.missing_fields,
                          eligible=c.eligible, ready=c.ready, findings=c.findings)


@router.post("/{pk}/submit", response=DeclarationOut)
def submit(request, pk: int):
    return DeclarationOut.from_model(submission.submit_declaration(pk, actor=request.user))


@router.post("/{pk}/withdraw", response=DeclarationOut)
def withdraw(request, pk: int):
    return DeclarationOut.from_model(submission.withdraw_declaration(pk, actor=request.user))


@router.get("/{pk}/timeline", response=list[StepOut])
def steps(request, pk: int):
    return timeline(_get(request, pk))
