"""Group review and the committee's deliberation (§5.3.2): each member of a specialty group
records an opinion on each applicant of the group (推荐 / 不推荐, a remark); the group leader
sees the counts only once every present member of the group has given theirs and records
the group's recommendation; the chair (or the secretariat, taking the minutes) records the
full committee's collective deliberation (集体评议) with the group report in view.

Scores: the series' evaluation criteria would define them, and our policy set defines none
yet, so a score is refused (the Opinion.score column stays unused)."""

from dataclasses import dataclass, field

from django.db import transaction

from zhicheng.audit.domain import record
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import User
from zhicheng.declarations.models import Declaration
from zhicheng.evaluation.domain.draws import _session_for
from zhicheng.evaluation.domain.seats import (
    expert_assignment,
    group_label,
    group_of,
    is_recused,
    member_seat,
    present_seats,
    presides,
    recused_expert_ids,
    reports_for,
    session_declaration,
)
from zhicheng.evaluation.models import (
    Deliberation,
    EvaluationSession,
    GroupReport,
    Opinion,
    Seat,
    SeatRole,
)


def _meeting_open(session: EvaluationSession) -> None:
    if session.started_at is None:
        raise Refused("评审会议尚未开始，开始后方可评议（§5.3.2）。", code="not_started")
    if session.ended_at is not None:
        raise Refused("评审会议已结束。", code="ended")


def _visible_decl(seat: Seat, declaration_id: int) -> Declaration:
    """A declaration of the seat's session the member is not recused from (else the 404)."""
    decl = session_declaration(seat.session, declaration_id)
    if is_recused(seat, decl.pk):
        raise NotFound()
    return decl


@dataclass
class GroupStatus:
    group: str
    expected: list[Seat]  # present members of the group, less the recused
    given: set[int] = field(default_factory=set)  # seat ids with an opinion
    for_count: int = 0
    against_count: int = 0

    @property
    def missing(self) -> list[Seat]:
        return [s for s in self.expected if s.pk not in self.given]

    @property
    def complete(self) -> bool:
        return bool(self.expected) and not self.missing


def group_status(session: EvaluationSession, decl: Declaration) -> GroupStatus:
    """Who of the group has given an opinion; the counts (only for a complete group)."""
    group = group_of(session, decl)
    recused = recused_expert_ids(session, decl.pk)
    expected = [s for s in present_seats(session, group) if s.expert_id not in recused]
    opinions = {o.expert_id: o for o in Opinion.objects.filter(session=session,
                                                               declaration=decl)}
    status = GroupStatus(group, expected,
                         {s.pk for s in expected if s.expert_id in opinions})
    if status.complete:
        votes = [opinions[s.expert_id].recommend for s in expected]
        status.for_count, status.against_count = sum(votes), len(votes) - sum(votes)
    return status


@transaction.atomic
def record_opinion(*, actor: User, session_id: int, declaration_id: int, recommend: bool,
                   remark: str = "", score=None) -> Opinion:
    seat = member_seat(actor, session_id)
    session = EvaluationSession.objects.select_for_update().get(pk=seat.session_id)
    seat.session = session
    decl = _visible_decl(seat, declaration_id)
    _meeting_open(session)
    group = group_of(session, decl)
    if seat.group != group:
        raise Refused(f"该申报人由「{group_label(session, group)}」专业组评议，您属于"
                      f"「{group_label(session, seat.group)}」专业组（§5.3.2）。",
                      code="wrong_group")
    if score is not None:
        raise Refused("本系列评审标准未规定评分项，只需填写推荐或不推荐及意见。",
                      code="no_criteria")
    if GroupReport.objects.filter(session=session, declaration=decl).exists():
        raise Refused("专业组组长已记录小组意见，个人评议意见不能再修改。", code="reported")
    if not isinstance(recommend, bool):
        raise Refused("请选择推荐或不推荐。", code="recommend_required")
    remark = (remark or "").strip()
    if len(remark) > 500:
        raise Refused("评议意见不超过500字。", code="too_long")
    opinion = Opinion.objects.filter(session=session, expert=seat.expert,
                                     declaration=decl).first()
    created = opinion is None
    if created:
        opinion = Opinion.objects.create(session=session, expert=seat.expert,
                                         declaration=decl, recommend=recommend, remark=remark,
                                         updated_at=clock.now())
    else:
        opinion.recommend, opinion.remark, opinion.updated_at = recommend, remark, clock.now()
        opinion.save(update_fields=["recommend", "remark", "updated_at"])
    acting = expert_assignment(actor, session)
    # The audit event says that an opinion was given, not which: opinions stay the
    # author's own until the group is complete.
    record(actor=actor, action="evaluation.opinion.record", obj=opinion, role=acting.role,
           scope=acting.scope_key,
           after={"session": session.code, "declaration": decl.pk, "group": group,
                  "first": created})
    return opinion


@transaction.atomic
def record_group_report(*, actor: User, session_id: int, declaration_id: int,
                        recommend: bool, summary: str) -> GroupReport:
    seat = member_seat(actor, session_id)
    session = EvaluationSession.objects.select_for_update().get(pk=seat.session_id)
    seat.session = session
    decl = _visible_decl(seat, declaration_id)
    _meeting_open(session)
    group = group_of(session, decl)
    if not reports_for(seat, decl.pk, group):
        raise Refused(f"小组意见由「{group_label(session, group)}」专业组的组长记录"
                      "（组长须回避时由主任委员记录）。", code="not_leader")
    existing = GroupReport.objects.filter(session=session, declaration=decl).first()
    if existing is not None:
        raise Refused(f"小组意见已于{existing.recorded_at:%Y-%m-%d %H:%M}记录，不能重复记录。",
                      code="already_reported")
    status = group_status(session, decl)
    if not status.complete:
        names = "、".join(s.expert.user.real_name for s in status.missing) or "（本组无到会委员）"
        raise Refused(f"本组尚有委员未填写评议意见：{names}。全部到会委员填写后方可记录小组意见。",
                      code="incomplete")
    summary = (summary or "").strip()
    if not summary:
        raise Refused("请填写小组评议意见。", code="summary_required")
    if len(summary) > 2000:
        raise Refused("小组评议意见不超过2000字。", code="too_long")
    report = GroupReport.objects.create(
        session=session, group=group, declaration=decl, recommend=bool(recommend),
        for_count=status.for_count, against_count=status.against_count, summary=summary,
        recorded_by=actor, recorded_at=clock.now())
    acting = expert_assignment(actor, session)
    record(actor=actor, action="evaluation.group_report.record", obj=report, role=acting.role,
           scope=acting.scope_key,
           after={"session": session.code, "declaration": decl.pk, "group": group,
                  "recommend": report.recommend, "for": report.for_count,
                  "against": report.against_count})
    return report


def _deliberation_actor(actor: User, session_id: int):
    """The chair (not recused) or the committee's secretariat (the minute-taker)."""
    try:
        seat = member_seat(actor, session_id)
    except NotFound:
        session, acting = _session_for(actor, session_id, lock=True)
        return session, None, acting
    if seat.role not in (SeatRole.CHAIR, SeatRole.VICE_CHAIR):
        raise Refused("集体评议由主任委员主持并记录（或由评委会办事机构记录）（§5.3.2）。",
                      code="not_chair")
    session = EvaluationSession.objects.select_for_update().get(pk=seat.session_id)
    seat.session = session
    return session, seat, expert_assignment(actor, session)


@transaction.atomic
def record_deliberation(*, actor: User, session_id: int, declaration_id: int,
                        notes: str) -> Deliberation:
    """The record of the committee's discussion of one applicant; corrected (re-recorded)
    while the session is open, each version in the audit chain."""
    session, seat, acting = _deliberation_actor(actor, session_id)
    decl = (_visible_decl(seat, declaration_id) if seat is not None
            else session_declaration(session, declaration_id))
    if seat is not None and not presides(seat, decl.pk):
        raise Refused("集体评议由主任委员主持并记录（主任委员须回避时由副主任委员主持）"
                      "（§5.3.2）。", code="not_chair")
    _meeting_open(session)
    if not GroupReport.objects.filter(session=session, declaration=decl).exists():
        raise Refused("该申报人的专业组意见尚未记录：集体评议须在专业组评议之后进行（§5.3.2）。",
                      code="no_group_report")
    notes = (notes or "").strip()
    if not notes:
        raise Refused("请填写集体评议记录。", code="notes_required")
    if len(notes) > 5000:
        raise Refused("集体评议记录不超过5000字。", code="too_long")
    existing = Deliberation.objects.filter(session=session, declaration=decl).first()
    if existing is not None and existing.notes == notes:
        return existing  # a double click
    before = {"notes": existing.notes} if existing else None
    if existing is None:
        d = Deliberation.objects.create(session=session, declaration=decl, notes=notes,
                                        recorded_by=actor, recorded_at=clock.now())
    else:
        d = existing
        d.notes, d.recorded_by, d.recorded_at = notes, actor, clock.now()
        d.save(update_fields=["notes", "recorded_by", "recorded_at"])
    record(actor=actor, action="evaluation.deliberation.record", obj=d, role=acting.role,
           scope=acting.scope_key, before=before,
           after={"session": session.code, "declaration": decl.pk, "notes": notes})
    return d
