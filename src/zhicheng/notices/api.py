"""Notices in the REST API. Reading notices and lodging objections need no account
(auth=None); the unit's actions use the same domain functions and scopes as the pages."""

import datetime
from typing import Annotated

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhicheng.api_edge.pagination import Mapped, Page
from zhicheng.api_edge.types import Id, SaneDate, Text
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound
from zhicheng.core.domain.workdays import DEFAULT_WORKING_DAYS, notice_period
from zhicheng.core.models import Role
from zhicheng.core.session import active_assignment
from zhicheng.notices.domain import objections, posting, public
from zhicheng.notices.domain.access import unit_assignments
from zhicheng.notices.models import Notice, Objection

router = Router(tags=["公示"])


class NoticeOut(Schema):
    id: int
    title: str
    kind: str
    unit: str
    starts_on: datetime.date
    working_days: int
    ends_on: datetime.date
    calendar_warning: str

    @staticmethod
    def of(n: Notice) -> "NoticeOut":
        return NoticeOut(id=n.pk, title=n.title, kind=n.kind, unit=n.unit.name,
                         starts_on=n.starts_on, working_days=n.working_days, ends_on=n.ends_on,
                         calendar_warning=n.calendar_warning)


class MaterialOut(Schema):
    group: str
    title: str


class EntryOut(Schema):
    entry_id: int
    name: str
    masked_id: str
    series: str
    specialty: str
    level: str
    kind: str
    materials: list[MaterialOut]
    objections: int
    objections_answered: int


class NoticeDetailOut(NoticeOut):
    entries: list[EntryOut]


class ObjectionIn(Schema):
    entry_id: Id
    name: Text
    phone: Text = ""
    email: Text = ""
    text: Text


class ObjectionReceipt(Schema):
    id: int
    message: str


WorkingDays = Annotated[int, Field(ge=1, le=60)]  # §4.1.3


class PostIn(Schema):
    declaration_ids: Annotated[list[Id], Field(max_length=1000)]
    starts_on: SaneDate | None = None
    working_days: WorkingDays = DEFAULT_WORKING_DAYS
    notes: Text = ""


class PeriodOut(Schema):
    starts_on: datetime.date
    working_days: int
    ends_on: datetime.date
    warnings: list[str]


class ObjectionOut(Schema):
    id: int
    entry_id: int
    applicant: str
    objector_name: str
    phone: str
    email: str
    text: str
    lodged_at: datetime.datetime
    answer: str
    answered_at: datetime.datetime | None


class AnswerIn(Schema):
    answer: Text


def _objection_out(o: Objection) -> ObjectionOut:
    return ObjectionOut(id=o.pk, entry_id=o.entry_id, applicant=o.entry.name,
                        objector_name=o.objector_name, phone=o.phone, email=o.email,
                        text=o.text, lodged_at=o.lodged_at, answer=o.answer,
                        answered_at=o.answered_at)


# --- public ---------------------------------------------------------------------------------

@router.get("/", response=list[NoticeOut], auth=None)
@paginate(Page)
def list_current(request):
    """Notices in their period today."""
    return [NoticeOut.of(n) for n in public.current_notices(clock.today())]


@router.get("/period", response=PeriodOut, auth=None)
def period(request, starts_on: Query[SaneDate],
           working_days: int = Query(DEFAULT_WORKING_DAYS, ge=1, le=60)):
    """The end of a period of working days (holidays and make-up days counted); 1 to 60
    working days (§4.1.3)."""
    p = notice_period(starts_on, working_days)
    return PeriodOut(starts_on=p.starts_on, working_days=p.working_days, ends_on=p.ends_on,
                     warnings=list(p.warnings))


@router.get("/{pk}", response=NoticeDetailOut, auth=None)
def detail(request, pk: Id):
    notice = public.public_notice(pk, clock.today())
    rows = public.public_rows(notice, public.notice_setting(notice))
    return NoticeDetailOut(**NoticeOut.of(notice).dict(), entries=[
        EntryOut(entry_id=r.entry_id, name=r.name, masked_id=r.masked_id,
                 series=r.series_name, specialty=r.specialty_name, level=r.level_label,
                 kind=r.kind_label, materials=r.materials, objections=r.objections,
                 objections_answered=r.answered) for r in rows])


@router.post("/{pk}/objections", response={201: ObjectionReceipt}, auth=None)
def lodge(request, pk: Id, payload: ObjectionIn):
    today = clock.today()
    entry = objections.public_entry(payload.entry_id, today)
    if entry.notice_id != pk:
        raise NotFound()
    o = objections.lodge_objection(entry_id=entry.pk, name=payload.name, phone=payload.phone,
                                   email=payload.email, text=payload.text, today=today)
    return Status(201, ObjectionReceipt(
        id=o.pk, message=f"异议已提交，{entry.notice.unit.name}将核实并答复；联系方式不公开。"))


# --- the unit -------------------------------------------------------------------------------

def _acting(request):
    active = active_assignment(request)
    if active is not None and active.role in Role.UNIT_SIDE:
        return active
    mine = unit_assignments(request.user)
    if not mine:
        raise NotFound()
    return mine[0]


@router.get("/unit/notices", response=list[NoticeOut])
@paginate(Page)
def unit_notices(request):
    a = _acting(request)
    return Mapped(Notice.objects.filter(unit_id=a.unit_id).select_related("unit", "plan")
                  .order_by("-posted_at", "-id"), lambda rows: [NoticeOut.of(n) for n in rows])


@router.post("/unit/notices", response={201: list[NoticeOut]})
def post(request, payload: PostIn):
    """Post a notice; refused as a whole (409, with per-declaration reasons in the message)
    when any chosen declaration cannot be posted."""
    notices = posting.post_notice(
        actor=request.user, assignment=_acting(request), declaration_ids=payload.declaration_ids,
        starts_on=payload.starts_on, working_days=payload.working_days, notes=payload.notes)
    return Status(201, [NoticeOut.of(n) for n in notices])


@router.get("/unit/notices/{pk}/objections", response=list[ObjectionOut])
@paginate(Page)
def unit_objections(request, pk: Id):
    notice = Notice.objects.filter(pk=pk).first()
    if notice is None or not request.user.has_perm("notices.manage_notice", notice):
        raise NotFound()
    return Mapped(Objection.objects.filter(entry__notice=notice).select_related("entry")
                  .order_by("lodged_at", "id"), lambda rows: [_objection_out(o) for o in rows])


@router.post("/objections/{pk}/answer", response=ObjectionOut)
def answer(request, pk: Id, payload: AnswerIn):
    o = objections.answer_objection(objection_id=pk, actor=request.user, answer=payload.answer)
    return _objection_out(o)
