"""Unit and office review in the REST API: the same domain functions, rules and scopes as
the pages; anything outside the caller's scope is 404."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema, Status

from zhicheng.api_edge.types import Id, SaneDate, Text
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.usernames import account_label, person_label
from zhicheng.core.models import Level
from zhicheng.declarations.domain import workflow
from zhicheng.declarations.domain.drafting import current_plan
from zhicheng.declarations.models import State
from zhicheng.review.domain import checks, pledges, recommendation
from zhicheng.review.domain.acting import UNIT_ACTIONS, load
from zhicheng.review.domain.office import (
    BULK_LIMIT,
    COUNT_CAP,
    OFFICE_ACTIONS,
    QueueFilter,
    bulk_perform,
    office_assignment,
    office_queue,
    queue_page,
)
from zhicheng.review.models import CheckItem, CheckResult, InterviewResult

router = Router(tags=["审核"])


class PledgeIn(Schema):
    reviewer_name: Text
    reviewer_post: Text = ""
    accepted: bool = False
    assignment: Id | None = None


class PledgeOut(Schema):
    id: int
    unit: str
    plan: str
    reviewer_name: str
    reviewer_post: str
    text: str
    signed_by: str
    signed_at: datetime.datetime

    @staticmethod
    def of(p) -> "PledgeOut":
        return PledgeOut(id=p.pk, unit=p.unit.name, plan=p.plan.code,
                         reviewer_name=p.reviewer_name, reviewer_post=p.reviewer_post,
                         text=p.text, signed_by=account_label(p.signed_by), signed_at=p.signed_at)


class CheckIn(Schema):
    item: CheckItem
    result: CheckResult
    remark: Text = ""


class ChecksIn(Schema):
    checks: Annotated[list[CheckIn], Field(max_length=100)]
    assignment: Id | None = None


class CheckOut(Schema):
    item: str
    party: str
    result: str
    remark: str
    checked_by: str
    checked_at: datetime.datetime


class InterviewIn(Schema):
    held_on: SaneDate
    panel: Text
    result: InterviewResult
    minutes: Text
    assignment: Id | None = None


class DeliberationIn(Schema):
    held_on: SaneDate
    participants: Text
    opinion: Text
    recommendation: Text
    assignment: Id | None = None


class RecordOut(Schema):
    id: int
    held_on: datetime.date
    recorded_by: str
    recorded_at: datetime.datetime


class ReviewOut(Schema):
    declaration: int
    state: str
    checks: list[CheckOut]
    missing: dict[str, list[str]]
    false_items: list[str]
    needs_interview: bool
    interview: RecordOut | None
    deliberation: RecordOut | None


Transition = Literal[UNIT_ACTIONS + OFFICE_ACTIONS]


class TransitionIn(Schema):
    reason: Text = ""
    expected_state: State | None = None


class StateOut(Schema):
    id: int
    state: str
    state_label: str


class QueueRow(Schema):
    id: int
    applicant: str
    unit: str
    series: str
    level: str
    state: str
    state_changed_at: datetime.datetime


class QueueOut(Schema):
    count: int
    count_capped: bool
    page: int
    pages: int
    results: list[QueueRow]


class BulkItem(Schema):
    id: Id
    expected_state: State | None = None


class BulkIn(Schema):
    action: Literal[OFFICE_ACTIONS]
    # A few more than the domain's limit, so that it can say in Chinese what the limit is.
    items: Annotated[list[BulkItem], Field(max_length=BULK_LIMIT * 10)]
    reason: Text = ""


class RefusedItem(Schema):
    id: int
    message: str


class BulkOut(Schema):
    action: str
    done: list[int]
    refused: list[RefusedItem]


def _rec(r) -> RecordOut | None:
    return None if r is None else RecordOut(id=r.pk, held_on=r.held_on,
                                            recorded_by=account_label(r.recorded_by),
                                            recorded_at=r.recorded_at)


def _visible(request, pk: Id):
    decl = load(pk)
    if not (request.user.has_perm("review.unit_review", decl)
            or request.user.has_perm("review.office_review", decl)):
        raise NotFound()
    return decl


@router.post("/pledges", response={201: PledgeOut})
def sign_pledge(request, payload: PledgeIn):
    plan = current_plan()
    if plan is None:
        raise Refused("尚无年度评审部署，暂不能签署承诺书。", code="no_plan")
    p = pledges.sign_pledge(actor=request.user, plan=plan, reviewer_name=payload.reviewer_name,
                            reviewer_post=payload.reviewer_post, accepted=payload.accepted,
                            assignment_id=payload.assignment)
    return Status(201, PledgeOut.of(p))


@router.get("/pledges/current", response=PledgeOut)
def current_pledge(request, assignment: Query[Id | None] = None):
    a = pledges.unit_assignment_of(request.user, assignment)
    plan = current_plan()
    p = pledges.pledge_for(a.unit_id, plan.pk) if plan else None
    if p is None:
        raise NotFound(f"{a.unit.name}尚未签署本年度审核承诺书（§4.1.1）。")
    return PledgeOut.of(p)


@router.get("/declarations/{pk}", response=ReviewOut)
def review_record(request, pk: Id):
    decl = _visible(request, pk)
    status = checks.check_status(decl)
    rows = [CheckOut(item=c.item, party=c.party, result=c.result, remark=c.remark,
                     checked_by=account_label(c.checked_by), checked_at=c.checked_at)
            for c in checks.current_checks(decl).values()]
    return ReviewOut(declaration=decl.pk, state=decl.state, checks=rows,
                     missing=status.missing, false_items=status.false,
                     needs_interview=recommendation.needs_interview(decl),
                     interview=_rec(recommendation.current_interview(decl)),
                     deliberation=_rec(recommendation.current_deliberation(decl)))


@router.post("/declarations/{pk}/checks", response={201: list[CheckOut]})
def record_checks(request, pk: Id, payload: ChecksIn):
    made = checks.record_checks(
        pk, actor=request.user, assignment_id=payload.assignment,
        entries=[checks.Entry(c.item, c.result, c.remark) for c in payload.checks])
    return Status(201, [CheckOut(item=c.item, party=c.party, result=c.result, remark=c.remark,
                                 checked_by=account_label(request.user), checked_at=c.checked_at)
                        for c in made])


@router.post("/declarations/{pk}/interview", response={201: RecordOut})
def record_interview(request, pk: Id, payload: InterviewIn):
    r = recommendation.record_interview(pk, actor=request.user, **payload.dict(
        exclude={"assignment"}), assignment_id=payload.assignment)
    return Status(201, _rec(r))


@router.post("/declarations/{pk}/deliberation", response={201: RecordOut})
def record_deliberation(request, pk: Id, payload: DeliberationIn):
    r = recommendation.record_deliberation(pk, actor=request.user, **payload.dict(
        exclude={"assignment"}), assignment_id=payload.assignment)
    return Status(201, _rec(r))


@router.post("/declarations/{pk}/transitions/{action}", response=StateOut)
def transition(request, pk: Id, action: Transition, payload: TransitionIn):
    d = workflow.perform(action, pk, actor=request.user, reason=payload.reason,
                         expected_state=payload.expected_state)
    return StateOut(id=d.pk, state=d.state, state_label=d.get_state_display())


@router.get("/office/queue", response=QueueOut)
def queue(request, unit: Query[Id | None] = None, series: Query[Id | None] = None,
          level: Query[Level | Literal[""]] = "", state: Query[State | Literal[""]] = "",
          page: int = Query(1, ge=1, le=100_000),
          assignment: Query[Id | None] = None):
    mine = office_assignment(request.user, assignment)
    p = queue_page(office_queue(mine, QueueFilter(unit=unit, series=series, level=level,
                                                  state=state)), page)
    return QueueOut(count=min(p.paginator.count, COUNT_CAP),
                    count_capped=p.paginator.capped, page=p.number, pages=p.paginator.num_pages,
                    results=[QueueRow(id=d.pk, applicant=person_label(d.applicant),
                                      unit=d.unit.name,
                                      series=d.series.name, level=d.level, state=d.state,
                                      state_changed_at=d.state_changed_at) for d in p])


@router.post("/office/bulk", response=BulkOut)
def bulk(request, payload: BulkIn):
    office_assignment(request.user)
    outcome = bulk_perform(actor=request.user, action=payload.action, reason=payload.reason,
                           items=[(i.id, i.expected_state or "") for i in payload.items])
    return BulkOut(action=outcome.action, done=outcome.done,
                   refused=[RefusedItem(id=pk, message=m) for pk, m in outcome.refused])
