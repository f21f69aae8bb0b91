"""What a member reads (§5.3.2, §5.3.4): their sessions, the session's applicants they are
not recused from, and each applicant's dossier — the reviewers' dossier (facts, materials,
frozen eligibility record, unit and office review records) and the applicant's integrity
records (§4.2.1), all read-only. A member sees their own opinion only: never another's (the
group leader sees the group's counts once the group is complete, not who said what).
A fixed number of queries however many applicants or files (the pages assert it)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from zhicheng.core.models import Specialty, User
from zhicheng.evaluation.domain.group_review import GroupStatus, _visible_decl, group_status
from zhicheng.evaluation.domain.seats import (
    group_of,
    pick_group,
    presides,
    recused_expert_ids,
    reports_for,
)
from zhicheng.evaluation.models import (
    Conflict,
    ConflictState,
    Deliberation,
    EvaluationSession,
    GroupReport,
    Opinion,
    Seat,
)
from zhicheng.integrity.domain.records import records_for_declarations
from zhicheng.review.domain.dossier import Dossier, dossier


def my_seats(user: User) -> list[Seat]:
    """The user's active seats, newest session first (their 工作台)."""
    return list(Seat.objects.filter(expert__user_id=user.pk, active=True)
                .select_related("session__committee")
                .order_by("-session__held_on", "session__code"))


@dataclass
class Row:
    decl: object
    group: str
    group_name: str
    mine: bool  # the applicant is reviewed by the member's own group
    opinion: Opinion | None
    report: GroupReport | None
    conflicts: list  # the member's own conflicts with this applicant (pending or dismissed)


def group_names(session: EvaluationSession) -> dict[str, str]:
    return dict(Specialty.objects.filter(series_id=session.committee.series_id)
                .values_list("code", "name"))


def session_rows(seat: Seat) -> list[Row]:
    """The session's applicants the member is not recused from, with the member's own
    opinion and conflicts and the group report where recorded."""
    session = seat.session
    recused = Conflict.objects.filter(session=session, expert_id=seat.expert_id,
                                      state=ConflictState.CONFIRMED,
                                      declaration_id=OuterRef("pk"))
    decls = list(session.declarations.filter(~Exists(recused))
                 .select_related("applicant", "unit", "specialty").order_by("pk"))
    ids = [d.pk for d in decls]
    opinions = {o.declaration_id: o for o in Opinion.objects.filter(
        session=session, expert_id=seat.expert_id, declaration_id__in=ids)}
    reports = {r.declaration_id: r for r in GroupReport.objects.filter(
        session=session, declaration_id__in=ids)}
    mine: dict[int, list] = {}
    for c in Conflict.objects.filter(session=session, expert_id=seat.expert_id,
                                     declaration_id__in=ids):
        mine.setdefault(c.declaration_id, []).append(c)
    names = group_names(session)
    groups = dict(session.groups or {})
    rows = []
    for d in decls:
        g = pick_group(groups, d.specialty.code if d.specialty_id else None) or seat.group
        rows.append(Row(d, g, names.get(g, g), g == seat.group, opinions.get(d.pk),
                        reports.get(d.pk), mine.get(d.pk, [])))
    return rows


@dataclass
class MemberDossier:
    seat: Seat
    review: Dossier
    integrity: list
    group: str
    group_name: str
    opinion: Opinion | None
    report: GroupReport | None
    status: GroupStatus | None  # for the group leader only
    deliberation: Deliberation | None
    conflicts: list

    @property
    def may_give_opinion(self) -> bool:
        s = self.seat.session
        return (self.seat.group == self.group and self.report is None
                and s.started_at is not None and s.ended_at is None)

    leads: bool = False  # records the group report (seats.reports_for)
    chairs: bool = False  # presides over the deliberation (seats.presides)


def member_dossier(seat: Seat, declaration_id: int) -> MemberDossier:
    """One applicant's dossier for a member (NotFound when recused or not in the session)."""
    decl = _visible_decl(seat, declaration_id)
    session = seat.session
    g = group_of(session, decl)
    review = dossier(decl)
    leads = reports_for(seat, decl.pk, g)
    return MemberDossier(
        seat=seat, review=review,
        integrity=records_for_declarations([review.decl])[decl.pk],
        group=g, group_name=group_names(session).get(g, g),
        opinion=Opinion.objects.filter(session=session, expert_id=seat.expert_id,
                                       declaration=decl).first(),
        report=GroupReport.objects.filter(session=session, declaration=decl)
        .select_related("recorded_by").first(),
        status=group_status(session, decl) if leads else None,
        deliberation=Deliberation.objects.filter(session=session, declaration=decl)
        .select_related("recorded_by").first(),
        conflicts=list(Conflict.objects.filter(session=session, expert_id=seat.expert_id,
                                               declaration=decl)),
        leads=leads, chairs=presides(seat, decl.pk),
    )


def conflicts_queue(session: EvaluationSession) -> list[Conflict]:
    """Every conflict of the session, pending first (the chair's queue)."""
    return sorted(Conflict.objects.filter(session=session)
                  .select_related("expert__user", "declaration__applicant",
                                  "declaration__unit", "decided_by"),
                  key=lambda c: (c.state != ConflictState.DECLARED, c.declaration_id,
                                 c.expert.code))


def deliberation_rows(session: EvaluationSession) -> list[dict]:
    """Per applicant: the group report and the deliberation record (for the chair and the
    secretariat)."""
    decls = list(session.declarations.select_related("applicant", "unit").order_by("pk"))
    reports = {r.declaration_id: r for r in GroupReport.objects.filter(session=session)}
    delibs = {d.declaration_id: d for d in Deliberation.objects.filter(session=session)}
    return [{"decl": d, "report": reports.get(d.pk), "deliberation": delibs.get(d.pk)}
            for d in decls]


__all__ = ["MemberDossier", "Row", "conflicts_queue", "deliberation_rows", "member_dossier",
           "my_seats", "recused_expert_ids", "session_rows"]
