"""Conflicts (回避), HotCRP's model: detected where the data allows (same unit; same city in a
cross-evaluation, §5.3.1), declared by the member, or asked for by the applicant; each one
confirmed or dismissed by the chair with a reason (a vice-chair decides the chair's own).
A confirmed conflict keeps the member from that applicant's dossier, discussion and vote."""

from django.db import transaction

from zhicheng.audit.domain import record
from zhicheng.core import clock
from zhicheng.core.domain.acting import acting_assignment
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role, User
from zhicheng.declarations.models import Declaration, State
from zhicheng.evaluation.domain.seats import expert_assignment, member_seat, session_declaration
from zhicheng.evaluation.models import (
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictState,
    EvaluationSession,
    Expert,
    RecusalRequest,
    Seat,
    SeatRole,
)

# What a member or an applicant may name (同市 is only ever detected, §5.3.1).
DECLARABLE = [k for k in ConflictKind if k != ConflictKind.SAME_CITY]
# §3.2.1: once handed over to the committee, until the committee's result.
RECUSAL_STATES = frozenset({State.ACCEPTED_BY_COMMITTEE, State.UNDER_EVALUATION})


def _kind(kind: str) -> str:
    if kind not in {k.value for k in DECLARABLE}:
        raise Refused("请选择回避类型（同单位、师生、亲属、合作关系或其他）。", code="bad_kind")
    return kind


def _detail(detail: str, what: str = "说明") -> str:
    detail = (detail or "").strip()
    if not detail:
        raise Refused(f"请写明回避的{what}。", code="detail_required")
    if len(detail) > 300:
        raise Refused(f"{what}不超过300字。", code="too_long")
    return detail


def _add(session: EvaluationSession, seat: Seat, decl: Declaration, kind: str, source: str,
         detail: str, by: User | None, *, role: str = "", scope: str = "") -> Conflict | None:
    """A new declared conflict with its audit event; None when that kind is already there."""
    if Conflict.objects.filter(session=session, expert_id=seat.expert_id, declaration=decl,
                               kind=kind).exists():
        return None
    c = Conflict.objects.create(session=session, expert_id=seat.expert_id, declaration=decl,
                                kind=kind, source=source, detail=detail[:300], declared_by=by,
                                declared_at=clock.now())
    record(actor=by, action="evaluation.conflict.declare", obj=c, role=role, scope=scope,
           after={"session": session.code, "expert": seat.expert.code,
                  "declaration": decl.pk, "kind": kind, "source": source})
    return c


def _matching_experts(committee_id: int, name: str, employer: str) -> list[Expert]:
    experts = Expert.objects.filter(committee_id=committee_id, user__real_name=name)
    if employer:
        experts = [e for e in experts
                   if employer in e.employer_name or e.employer_name in employer]
    return list(experts)


def _match_request(req: RecusalRequest, session: EvaluationSession,
                   seats: dict[int, Seat]) -> list[Conflict]:
    made = []
    for e in _matching_experts(session.committee_id, req.person_name, req.employer_name):
        seat = seats.get(e.pk)
        if seat is None:
            continue
        c = _add(session, seat, req.declaration, req.kind, ConflictSource.APPLICANT,
                 f"{req.detail}（申报人申请回避：{req.person_name}"
                 f"{'，' + req.employer_name if req.employer_name else ''}）",
                 req.requested_by, role=Role.APPLICANT)
        if c is not None:
            made.append(c)
    return made


@transaction.atomic
def detect_conflicts(session: EvaluationSession) -> list[Conflict]:
    """The conflicts the data shows, created `declared` (source detected) for the chair to
    decide, and the applicants' recusal requests matched to the seats. Idempotent: a second
    call creates nothing and returns the same conflicts."""
    seats = list(Seat.objects.filter(session=session, active=True)
                 .select_related("expert"))
    decls = list(session.declarations.select_related("unit", "applicant"))
    found: list[Conflict] = []
    for decl in decls:
        for seat in seats:
            e = seat.expert
            hits = []
            if e.employer_code and e.employer_code == decl.unit.credit_code:
                hits.append((ConflictKind.SAME_UNIT,
                             f"评委工作单位与申报单位「{decl.unit.name}」相同（§5.3）"))
            if session.cross_evaluation and e.city_id and e.city_id == decl.unit.city_id:
                hits.append((ConflictKind.SAME_CITY,
                             "交叉评审：评委与申报人同属一市（§5.3.1）"))
            for kind, detail in hits:
                _add(session, seat, decl, kind, ConflictSource.DETECTED, detail, None)
                found.append(Conflict.objects.get(session=session, expert_id=e.pk,
                                                  declaration=decl, kind=kind))
    by_expert = {s.expert_id: s for s in seats}
    for req in RecusalRequest.objects.filter(declaration__in=decls).select_related(
            "declaration", "requested_by"):
        _match_request(req, session, by_expert)
    return found


@transaction.atomic
def declare_conflict(*, actor: User, session_id: int, declaration_id: int, kind: str,
                     detail: str) -> Conflict:
    """A member declares their own conflict with an applicant of the session."""
    seat = member_seat(actor, session_id)
    session = seat.session
    if session.ended_at:
        raise Refused("评审会议已结束，不能再申报回避。", code="ended")
    decl = session_declaration(session, declaration_id)
    kind = _kind(kind)
    detail = _detail(detail)
    acting = expert_assignment(actor, session)
    c = _add(session, seat, decl, kind, ConflictSource.EXPERT, detail, actor,
             role=acting.role, scope=acting.scope_key)
    if c is None:
        raise Refused("您已就该申报人申报过此类回避，请等待主任委员确认。",
                      code="already_declared")
    return c


@transaction.atomic
def request_recusal(*, actor: User, declaration_id: int, person_name: str,
                    employer_name: str, kind: str, detail: str) -> RecusalRequest:
    """The applicant asks that a named person recuse themselves. The member list is
    confidential (§5.3), so the answer never says whether that person sits: the request is
    kept and matched to the seats of every session holding the declaration (now, and when
    a session starts)."""
    decl = Declaration.objects.filter(pk=declaration_id).select_related("committee").first()
    if decl is None or decl.applicant_id != getattr(actor, "pk", None):
        raise NotFound()
    acting = acting_assignment(actor, decl, roles={Role.APPLICANT})
    if decl.state not in RECUSAL_STATES:
        raise Refused("申请回避须在申报移交评审委员会之后、评审结论作出之前提出（§3.2.1、"
                      "§5.3.2）。", code="wrong_state")
    name = (person_name or "").strip()
    if not 2 <= len(name) <= 40:
        raise Refused("请填写申请回避人员的姓名（2～40字）。", code="name_required")
    employer = (employer_name or "").strip()[:80]
    kind = _kind(kind)
    detail = _detail(detail, "理由")
    dup = RecusalRequest.objects.filter(declaration=decl, person_name=name,
                                        employer_name=employer, kind=kind).first()
    if dup is not None:
        return dup  # a double click: the first request stands
    req = RecusalRequest.objects.create(
        declaration=decl, person_name=name, employer_name=employer, kind=kind, detail=detail,
        requested_by=actor, requested_at=clock.now())
    record(actor=actor, action="evaluation.recusal.request", obj=req, role=acting.role,
           scope=acting.scope_key,
           after={"declaration": decl.pk, "person": name, "employer": employer, "kind": kind})
    sessions = EvaluationSession.objects.filter(declarations=decl, ended_at__isnull=True)
    for session in sessions:
        seats = {s.expert_id: s for s in Seat.objects.filter(session=session, active=True)
                 .select_related("expert")}
        _match_request(req, session, seats)
    return req


def decider_for(conflict: Conflict) -> str:
    """Who decides: the chair; a vice-chair when the conflict is the chair's own."""
    own = Seat.objects.filter(session_id=conflict.session_id, expert_id=conflict.expert_id,
                              role=SeatRole.CHAIR, active=True).exists()
    return SeatRole.VICE_CHAIR if own else SeatRole.CHAIR


@transaction.atomic
def decide_conflict(*, actor: User, conflict_id: int, confirm: bool, reason: str) -> Conflict:
    """The chair confirms or dismisses a declared conflict, with a reason."""
    c = (Conflict.objects.select_for_update().select_related("session", "expert__user")
         .filter(pk=conflict_id).first())
    if c is None:
        raise NotFound()
    seat = member_seat(actor, c.session_id)  # another session's conflicts do not exist
    if c.session.ended_at:
        raise Refused("评审会议已结束，回避已不能再作决定。", code="ended")
    needed = decider_for(c)
    if seat.expert_id == c.expert_id:
        raise Refused("本人的回避不能由本人决定：主任委员本人的回避由副主任委员决定。",
                      code="own_conflict")
    if seat.role != needed:
        if needed == SeatRole.VICE_CHAIR:
            raise Refused("这是主任委员本人的回避，须由副主任委员决定。", code="vice_chair")
        raise Refused("回避由主任委员（会议主持）确认或驳回（§5.3.2）。", code="not_chair")
    if c.state != ConflictState.DECLARED:
        raise Refused(f"该回避已于{c.decided_at:%Y-%m-%d %H:%M}"
                      f"「{c.get_state_display()}」，不能重复决定。", code="already_decided")
    reason = _detail(reason, "理由（确认或驳回）")
    c.state = ConflictState.CONFIRMED if confirm else ConflictState.DISMISSED
    c.decided_by, c.decided_at, c.decision_reason = actor, clock.now(), reason
    c.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    acting = expert_assignment(actor, c.session)
    record(actor=actor, action="evaluation.conflict.decide", obj=c, role=acting.role,
           scope=acting.scope_key,
           before={"state": ConflictState.DECLARED},
           after={"state": c.state, "expert": c.expert.code, "declaration": c.declaration_id,
                  "decider": seat.get_role_display()}, note=reason)
    return c
