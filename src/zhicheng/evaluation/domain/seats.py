"""Who sits where in a session: a user's seat, the chair's seat, the specialty group that
reviews an applicant, and who of a group is present (§5.3.2)."""

from django.db.models import Q

from zhicheng.core.domain.acting import acting_assignment
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role, RoleAssignment, Specialty, User
from zhicheng.declarations.models import Declaration
from zhicheng.evaluation.models import (
    Conflict,
    ConflictState,
    EvaluationSession,
    Seat,
    SeatRole,
)


def member_seat(user: User, session_id: int) -> Seat:
    """The user's active seat in the session; NotFound (the Chinese 404) otherwise — a
    session one does not sit on does not exist for them."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    seat = (Seat.objects.select_related("session__committee", "expert__user")
            .filter(session_id=session_id, expert__user_id=user.pk, active=True).first())
    if seat is None:
        raise NotFound()
    return seat


def chair_seat(user: User, session_id: int, what: str = "此项") -> Seat:
    """The chair's seat, held by this user; a member who is not the chair is Refused."""
    seat = member_seat(user, session_id)
    if seat.role != SeatRole.CHAIR:
        raise Refused(f"{what}由主任委员（会议主持）办理（§5.3.2）。", code="not_chair")
    return seat


def expert_assignment(user: User, session: EvaluationSession) -> RoleAssignment:
    """The expert assignment (bound to the session's committee) a member acts with."""
    return acting_assignment(user, roles={Role.EXPERT},
                             where=lambda a: a.committee_id == session.committee_id)


def pick_group(groups: dict[str, int], specialty_code: str | None) -> str | None:
    """The one rule: the group of the applicant's specialty; if the session has none, the
    group with most seats (ties: the first code). None for a session without groups."""
    if specialty_code in groups:
        return specialty_code
    return max(sorted(groups), key=lambda g: groups[g]) if groups else None


def group_of(session: EvaluationSession, declaration: Declaration) -> str:
    """The specialty group that reviews an applicant (pick_group); a session without
    requirements falls back to the group of most active seats."""
    code = declaration.specialty.code if declaration.specialty_id else None
    picked = pick_group(dict(session.groups or {}), code)
    if picked is not None:
        return picked
    counts: dict[str, int] = {}
    for g in Seat.objects.filter(session=session, active=True).values_list("group", flat=True):
        counts[g] = counts.get(g, 0) + 1
    return pick_group(counts, code) or ""


def group_label(session: EvaluationSession, code: str) -> str:
    """The group's name (its specialty's), for messages."""
    name = (Specialty.objects.filter(series_id=session.committee.series_id, code=code)
            .values_list("name", flat=True).first())
    return name or code


def recused_expert_ids(session: EvaluationSession, declaration_id: int) -> set[int]:
    return set(Conflict.objects.filter(session=session, declaration_id=declaration_id,
                                       state=ConflictState.CONFIRMED)
               .values_list("expert_id", flat=True))


def is_recused(seat: Seat, declaration_id: int) -> bool:
    return Conflict.objects.filter(session_id=seat.session_id, expert_id=seat.expert_id,
                                   declaration_id=declaration_id,
                                   state=ConflictState.CONFIRMED).exists()


def present_seats(session: EvaluationSession, group: str | None = None) -> list[Seat]:
    """Active seats that are present. Attendance (签到) is taken by the members on their own
    devices; until anyone of the session has checked in, every active seat counts as present
    (the group review may come before the roll call)."""
    seats = Seat.objects.filter(session=session, active=True).select_related("expert__user")
    if group is not None:
        seats = seats.filter(group=group)
    if Seat.objects.filter(session=session, active=True, checked_in_at__isnull=False).exists():
        seats = seats.filter(~Q(checked_in_at=None))
    return list(seats.order_by("expert__code"))


def session_declaration(session: EvaluationSession, declaration_id: int) -> Declaration:
    """A declaration the session holds (NotFound otherwise)."""
    decl = (session.declarations.select_related("applicant", "unit", "specialty")
            .filter(pk=declaration_id).first())
    if decl is None:
        raise NotFound()
    return decl


def _recused_ids(seats: list[Seat], declaration_id: int) -> set[int]:
    return set(Conflict.objects.filter(session_id=seats[0].session_id if seats else None,
                                       expert_id__in=[s.expert_id for s in seats],
                                       declaration_id=declaration_id,
                                       state=ConflictState.CONFIRMED)
               .values_list("expert_id", flat=True))


def reports_for(seat: Seat, declaration_id: int, group: str) -> bool:
    """Who records the group's report on an applicant: the group leader; the chair when the
    leader is recused from that applicant (or the group has no leader)."""
    if seat.group_leader and seat.group == group:
        return True
    if seat.role != SeatRole.CHAIR:
        return False
    leaders = list(Seat.objects.filter(session_id=seat.session_id, group=group, active=True,
                                       group_leader=True))
    return not leaders or leaders[0].expert_id in _recused_ids(leaders, declaration_id)


def presides(seat: Seat, declaration_id: int) -> bool:
    """Who presides over (and records) the deliberation on an applicant: the chair; a
    vice-chair when the chair is recused from that applicant."""
    if seat.role == SeatRole.CHAIR:
        return True
    if seat.role != SeatRole.VICE_CHAIR:
        return False
    chairs = list(Seat.objects.filter(session_id=seat.session_id, role=SeatRole.CHAIR,
                                      active=True))
    return bool(chairs) and chairs[0].expert_id in _recused_ids(chairs, declaration_id)
