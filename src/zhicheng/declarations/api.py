"""Declarations in the REST API: the same domain functions and scopes as the pages."""

import datetime
from typing import Annotated

from django.db import transaction
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from zhicheng.api_edge.errors import InputError
from zhicheng.api_edge.pagination import Mapped, Page
from zhicheng.api_edge.types import Code, Id, SaneDate, Text
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Committee, Level, Specialty
from zhicheng.declarations.domain import drafting, eligibility, submission
from zhicheng.declarations.domain.scope import visible_declarations
from zhicheng.declarations.domain.timeline import timeline
from zhicheng.declarations.forms import FactsForm
from zhicheng.declarations.models import (
    Channel,
    Declaration,
    DeclarationKind,
    RetirementCategory,
    State,
)

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
    committee: Code
    level: Level
    specialty: Code | None = None
    kind: DeclarationKind = DeclarationKind.REGULAR
    channel: Channel = Channel.UNIT


class FactsIn(Schema):
    """The facts of a draft; only the fields sent are changed (same rules as the form)."""

    model_config = ConfigDict(extra="forbid")

    specialty: Id | None = None
    kind: DeclarationKind | None = None
    channel: Channel | None = None
    current_level: Level | None = None
    current_title_name: Text | None = None
    current_title_certificate_no: Text | None = None
    current_title_obtained_on: SaneDate | None = None
    relation_since: SaneDate | None = None
    hukou_in_guangxi: bool | None = None
    archive_hosted_since: SaneDate | None = None
    retirement_category: RetirementCategory | None = None
    civil_servant: bool | None = None
    from_state_organ: bool | None = None
    retired_on: SaneDate | None = None
    retirement_extension_approved: bool | None = None
    previous_id_numbers: list[Code] | Code | None = None
    continuing_education_completed: bool | None = None
    continuing_education_hours: Annotated[int, Field(ge=0, le=32767)] | None = None
    social_insurance_months: list[Code] | Code | None = None


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
@paginate(Page)
def list_declarations(request, state: Query[State | None] = None):
    qs = (visible_declarations(request.user)
          .select_related("plan", "committee", "series", "unit").order_by("-id"))
    if state:
        qs = qs.filter(state=state)
    return Mapped(qs, lambda rows: [DeclarationOut.from_model(d) for d in rows])


@router.post("/", response={201: DeclarationOut})
def start(request, payload: StartIn):
    committee = Committee.objects.filter(code=payload.committee).first()
    if committee is None:
        raise InputError("该评审委员会代码不存在。", field="committee")
    specialty = None
    if payload.specialty:
        specialty = Specialty.objects.filter(series=committee.series,
                                             code=payload.specialty).first()
        if specialty is None:
            raise InputError("该专业代码不属于该评委会的系列。", field="specialty")
    plan = drafting.current_plan()
    if plan is None:
        raise Refused("尚无年度评审部署，暂不能申报。", code="no_plan")
    decl = drafting.start_declaration(applicant=request.user, plan=plan, committee=committee,
                                      level=payload.level, specialty=specialty,
                                      kind=payload.kind, channel=payload.channel)
    return Status(201, DeclarationOut.from_model(decl))


@router.get("/{pk}", response=DeclarationOut)
def get(request, pk: Id):
    return DeclarationOut.from_model(_get(request, pk))


@router.patch("/{pk}/facts", response=DeclarationOut)
def update_facts(request, pk: Id, payload: FactsIn):
    """Partial update of the facts (same fields and validation as the form)."""
    sent = {k: v for k, v in payload.dict(exclude_unset=True).items()}
    with transaction.atomic():
        decl = drafting.editable_declaration(pk, request.user)
        current = FactsForm(instance=decl).initial
        data = {**{k: v for k, v in current.items() if v is not None},
                **{k: "" if v is None else v for k, v in sent.items()}}
        if isinstance(data.get("social_insurance_months"), str):
            data["social_insurance_months"] = [data["social_insurance_months"]]
        form = FactsForm(data, instance=decl)
        if not form.is_valid():
            name, [error, *_] = next(iter(form.errors.as_data().items()))
            field = form.fields.get(name)
            # invalid_choice messages quote the value; never echo input back.
            text = "不是可选的值。" if error.code == "invalid_choice" else error.messages[0]
            raise InputError(f"「{field.label}」：{text}" if field else text,
                             field=name if field else None)
        facts = {k: v for k, v in form.cleaned_data.items() if k in drafting.FACT_FIELDS}
        decl = drafting.save_facts(pk, request.user, facts)
    return DeclarationOut.from_model(_get(request, decl.pk))


@router.get("/{pk}/eligibility", response=EligibilityOut)
def check(request, pk: Id):
    decl = _get(request, pk)
    c = eligibility.check(decl, clock.today())
    return EligibilityOut(complete=c.complete, missing_fields=c.missing_fields,
                          eligible=c.eligible, ready=c.ready, findings=c.findings)


@router.post("/{pk}/submit", response=DeclarationOut)
def submit(request, pk: Id):
    return DeclarationOut.from_model(submission.submit_declaration(pk, actor=request.user))


@router.post("/{pk}/withdraw", response=DeclarationOut)
def withdraw(request, pk: Id):
    return DeclarationOut.from_model(submission.withdraw_declaration(pk, actor=request.user))


@router.get("/{pk}/timeline", response=list[StepOut])
def steps(request, pk: Id):
    return timeline(_get(request, pk))
