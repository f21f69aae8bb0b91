"""The meeting itself (§5.3.2): the secretariat appoints the chair (主任委员，会议主持), the
vice-chairs and a leader per specialty group among the drawn members, starts the session
(each declaration goes under evaluation through the workflow) and ends it once every
declaration has its result."""

from django.db import transaction

from zhicheng.audit.domain import record
from zhicheng.core import clock
from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import User
from zhicheng.declarations.domain.workflow import ensure_phase, perform
from zhicheng.declarations.models import State
from zhicheng.evaluation.domain.conflicts import detect_conflicts
from zhicheng.evaluation.domain.draws import _session_for
from zhicheng.evaluation.domain.seats import group_label
from zhicheng.evaluation.models import DrawState, EvaluationSession, MemberDraw, Seat, SeatRole

# What a session's declarations must have reached before it may end: a result of the ballot.
UNDECIDED = frozenset({State.ACCEPTED_BY_COMMITTEE, State.UNDER_EVALUATION})


def _drawn(session: EvaluationSession) -> None:
    draw = MemberDraw.objects.filter(session=session).first()
    if draw is None or draw.state != DrawState.DRAWN:
        raise Refused("本次会议尚未完成评委抽取，须先抽定委员再指定主任委员和组长（draw.md）。",
                      code="not_drawn")


def _not_started(session: EvaluationSession) -> None:
    if session.started_at is not None:
        raise Refused(f"评审会议已于{session.started_at:%Y-%m-%d %H:%M}开始，"
                      "不能再变更主任委员、副主任委员和组长。", code="started")


def _name(seat: Seat) -> str:
    return f"{seat.expert.code} {seat.expert.user.real_name}"


@transaction.atomic
def appoint(*, actor: User, session_id: int, chair: str, vice_chairs: list[str],
            leaders: dict[str, str]) -> EvaluationSession:
    """Chair, vice-chairs (by pool code) and one leader per specialty group (group code →
    pool code), all among the session's active seats. May be redone until the session
    starts; each appointment replaces the previous one."""
    session, acting = _session_for(actor, session_id, lock=True)
    _drawn(session)
    _not_started(session)
    seats = {s.expert.code: s for s in Seat.objects.select_for_update()
             .filter(session=session, active=True).select_related("expert__user")}

    def seat_of(code: str, what: str) -> Seat:
        seat = seats.get((code or "").strip())
        if seat is None:
            raise Refused(f"{what}「{code or '（未选择）'}」不是本次会议的在任委员。",
                          code="not_member")
        return seat

    chair_seat = seat_of(chair, "主任委员")
    vice = []
    for code in dict.fromkeys(c for c in vice_chairs if c):
        s = seat_of(code, "副主任委员")
        if s.pk == chair_seat.pk:
            raise Refused("主任委员不能同时担任副主任委员。", code="chair_is_vice")
        vice.append(s)
    groups = list(session.groups)
    unknown = sorted(set(leaders) - set(groups))
    if unknown:
        raise Refused(f"本次会议没有专业组「{'、'.join(unknown)}」。", code="bad_group")
    leader_seats = {}
    for g in groups:
        if not leaders.get(g):
            raise Refused(f"请为「{group_label(session, g)}」专业组指定组长。",
                          code="leader_required")
        s = seat_of(leaders[g], f"「{group_label(session, g)}」专业组的组长")
        if s.group != g:
            raise Refused(f"组长须为本组委员：{_name(s)}属于「{group_label(session, s.group)}」"
                          f"专业组，不属于「{group_label(session, g)}」专业组。",
                          code="wrong_group")
        leader_seats[g] = s
    before = {"chair": next((c for c, s in seats.items() if s.role == SeatRole.CHAIR), ""),
              "vice_chairs": sorted(c for c, s in seats.items()
                                    if s.role == SeatRole.VICE_CHAIR),
              "leaders": {s.group: c for c, s in sorted(seats.items()) if s.group_leader}}
    # Clear first: one chair per session is a database constraint.
    for s in seats.values():
        if s.role != SeatRole.MEMBER or s.group_leader:
            s.role, s.group_leader = SeatRole.MEMBER, False
            s.save(update_fields=["role", "group_leader"])
    chair_seat.role = SeatRole.CHAIR
    chair_seat.save(update_fields=["role"])
    for s in vice:
        s.role = SeatRole.VICE_CHAIR
        s.save(update_fields=["role"])
    for s in leader_seats.values():
        s.group_leader = True
        s.save(update_fields=["group_leader"])
    record(actor=actor, action="evaluation.session.appoint", obj=session, role=acting.role,
           scope=acting.scope_key, before=before,
           after={"chair": chair_seat.expert.code,
                  "vice_chairs": sorted(s.expert.code for s in vice),
                  "leaders": {g: s.expert.code for g, s in leader_seats.items()}})
    return session


@transaction.atomic
def start_session(*, actor: User, session_id: int) -> EvaluationSession:
    """Open the meeting: every declaration of the session goes under evaluation (the
    workflow's start_evaluation, with its phase and conditions), all or none; then the
    conflicts the data shows are detected for the chair."""
    session, acting = _session_for(actor, session_id, lock=True)
    if session.started_at is not None:
        raise Refused(f"评审会议已于{session.started_at:%Y-%m-%d %H:%M}开始。",
                      code="already_started")
    _drawn(session)
    if not Seat.objects.filter(session=session, active=True, role=SeatRole.CHAIR).exists():
        raise Refused("请先指定主任委员（会议主持）、副主任委员和各专业组组长。",
                      code="no_chair")
    decls = list(session.declarations.select_related("applicant").order_by("pk"))
    # The evaluation phase (附件1 / §5.1.3) is the workflow's: its message, before the rest.
    ensure_phase("start_evaluation", decls[0])
    for d in decls:
        if d.state != State.ACCEPTED_BY_COMMITTEE:
            continue  # already under evaluation (another session) or decided
        try:
            perform("start_evaluation", d.pk, actor=actor, expected_state=d.state)
        except Refused as exc:
            who = d.applicant.real_name or d.applicant.username
            raise Refused(f"申报人{who}的申报不能开始评审：{exc.message}",
                          code=exc.code) from None
    session.started_at = clock.now()
    session.save(update_fields=["started_at"])
    found = detect_conflicts(session)
    record(actor=actor, action="evaluation.session.start", obj=session, role=acting.role,
           scope=acting.scope_key,
           after={"started_at": session.started_at, "declarations": len(decls),
                  "detected_conflicts": len(found)})
    return session


@transaction.atomic
def end_session(*, actor: User, session_id: int) -> EvaluationSession:
    """Close the meeting once every declaration has its result (passed / failed)."""
    session, acting = _session_for(actor, session_id, lock=True)
    if session.started_at is None:
        raise Refused("评审会议尚未开始。", code="not_started")
    if session.ended_at is not None:
        raise Refused(f"评审会议已于{session.ended_at:%Y-%m-%d %H:%M}结束。",
                      code="already_ended")
    open_ = [d for d in session.declarations.select_related("applicant").order_by("pk")
             if d.state in UNDECIDED]
    if open_:
        names = "、".join(d.applicant.real_name or d.applicant.username for d in open_)
        raise Refused(f"以下申报人尚无评审结论（须经无记名投票并封存，§5.3.2）：{names}，"
                      "会议不能结束。", code="undecided")
    session.ended_at = clock.now()
    session.save(update_fields=["ended_at"])
    record(actor=actor, action="evaluation.session.end", obj=session, role=acting.role,
           scope=acting.scope_key, after={"ended_at": session.ended_at})
    return session
