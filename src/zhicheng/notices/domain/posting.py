"""Posting a unit notice (§4.1.3): the unit publishes its applicants and their declared
materials for a period of working days; a declaration already posted once in the plan goes
into a supplementary notice (补充公示)."""

import datetime

from django.db import transaction

from zhicheng.audit.domain import record
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.workdays import MAX_WORKING_DAYS, notice_period
from zhicheng.core.models import Role, RoleAssignment, User
from zhicheng.declarations.domain import workflow
from zhicheng.declarations.domain.scope import scope_q
from zhicheng.declarations.models import Declaration, State
from zhicheng.notices.domain import names
from zhicheng.notices.domain.content import declarations_with_content, declared
from zhicheng.notices.domain.errors import NoticeRefused
from zhicheng.notices.models import Notice, NoticeEntry, NoticeKind

CLAUSE = "（桂职办〔2017〕26号 §4.1.3）"


def latest_entries(declaration_ids) -> dict[int, NoticeEntry]:
    """The most recent entry of each declaration in any notice (one query)."""
    latest: dict[int, NoticeEntry] = {}
    for e in (NoticeEntry.objects.filter(declaration_id__in=list(declaration_ids))
              .select_related("notice").order_by("notice__posted_at", "notice_id")):
        latest[e.declaration_id] = e
    return latest


def needing_supplement(assignment: RoleAssignment) -> list[Declaration]:
    """Declarations still in the unit notice whose content changed after they were posted."""
    decls = list(declarations_with_content(
        Declaration.objects.filter(scope_q(assignment), state=State.UNIT_NOTICE)
        .values_list("pk", flat=True)))
    latest = latest_entries(d.pk for d in decls)
    return [d for d in decls
            if d.pk in latest and declared(d).content_hash != latest[d.pk].content_hash]


def _check_request(assignment, actor, declaration_ids, starts_on, working_days, today):
    if assignment.user_id != actor.pk or assignment.role not in Role.UNIT_SIDE:
        raise NotFound()
    if not declaration_ids:
        raise Refused("请至少选择一名要公示的申报人。", code="nothing_selected")
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise Refused(f"公示期应为1至{MAX_WORKING_DAYS}个工作日{CLAUSE}。", code="bad_period")
    if starts_on < today:
        raise Refused(f"公示开始日期（{starts_on:%Y年%-m月%-d日}）不能早于今天"
                      f"（{today:%Y年%-m月%-d日}）{CLAUSE}。", code="backdated")


@transaction.atomic
def post_notice(
    *,
    actor: User,
    assignment: RoleAssignment,
    declaration_ids: list[int],
    starts_on: datetime.date | None = None,
    working_days: int = 5,
    notes: str = "",
    today: datetime.date | None = None,
) -> list[Notice]:
    """Post one notice (and/or one supplementary notice) for the chosen declarations of the
    assignment's unit. All or nothing: if any declaration cannot be posted, nothing is, and
    NoticeRefused says why for each."""
    today = today or clock.today()
    starts_on = starts_on or today
    ids = sorted(set(declaration_ids))
    _check_request(assignment, actor, ids, starts_on, working_days, today)
    decls = {d.pk: d for d in declarations_with_content(
        Declaration.objects.filter(scope_q(assignment), pk__in=ids).values_list("pk", flat=True))}
    if len(decls) != len(ids):
        raise NotFound()
    names_by_id = {pk: d.applicant.real_name or d.applicant.username for pk, d in decls.items()}
    latest = latest_entries(ids)
    snapshots = {pk: declared(d) for pk, d in decls.items()}

    problems: dict[int, str] = {}
    for pk, d in decls.items():
        if d.state == State.UNIT_REVIEW:
            try:  # the review app's guards (pledge, item checks) speak here
                workflow.perform("post_unit_notice", pk, actor=actor,
                                 expected_state=State.UNIT_REVIEW, today=today)
            except Refused as exc:
                problems[pk] = exc.message
        elif d.state == State.UNIT_NOTICE and pk in latest:
            if snapshots[pk].content_hash == latest[pk].content_hash:
                problems[pk] = (f"已在公示中，公示后申报内容没有变更，无需补充公示{CLAUSE}。")
        else:
            problems[pk] = (f"申报当前状态为「{d.get_state_display()}」，只有单位审核中的申报"
                            f"（或公示后内容有变更的申报）可以公示{CLAUSE}。")
    if problems:
        raise NoticeRefused(problems, names_by_id)

    period = notice_period(starts_on, working_days)
    groups: dict[tuple[int, str], list[int]] = {}
    for pk, d in decls.items():
        kind = NoticeKind.SUPPLEMENTARY if pk in latest else NoticeKind.REGULAR
        groups.setdefault((d.plan_id, kind), []).append(pk)
    now = clock.now()
    notices = []
    for (plan_id, kind), members in sorted(groups.items()):
        notice = Notice.objects.create(
            unit=assignment.unit, plan_id=plan_id, kind=kind, starts_on=starts_on,
            working_days=working_days, ends_on=period.ends_on,
            calendar_warning=period.warning[:200], posted_by=actor,
            posted_role=assignment.role, posted_at=now, notes=notes.strip())
        entries = [_entry(notice, snapshots[pk], names_by_id[pk]) for pk in members]
        NoticeEntry.objects.bulk_create(entries)
        record(actor=actor, action="notice.post", obj=notice, role=assignment.role,
               scope=assignment.scope_key,
               after={"kind": kind, "unit": notice.unit_id, "plan": plan_id,
                      "starts_on": starts_on, "working_days": working_days,
                      "ends_on": period.ends_on, "warning": notice.calendar_warning,
                      "entries": {str(e.declaration_id): e.content_hash for e in entries}})
        notices.append(notice)
    return notices


def _entry(notice: Notice, snap, name: str) -> NoticeEntry:
    d = snap.declaration
    return NoticeEntry(
        notice=notice, declaration=d, name=name, series_name=d.series.name,
        specialty_name=d.specialty.name if d.specialty_id else "", level=d.level,
        level_label=d.get_level_display(), kind_label=d.get_kind_display(),
        materials=snap.materials, content_hash=snap.content_hash,
        pinyin_key=names.pinyin_key(name), stroke_key=names.stroke_key(name))
