"""Which declarations an assignment covers. The one place that says so: pages, API,
rules predicates and transitions all use scope_q."""

from django.db.models import Q

from zhicheng.core.domain.acting import register_coverage
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Committee, OfficeKind, Role, RoleAssignment, Unit, User
from zhicheng.declarations.domain.states import may_view
from zhicheng.declarations.models import Declaration

_NOTHING = Q(pk__in=[])


def scope_q(assignment: RoleAssignment) -> Q:
    role = assignment.role
    if role == Role.APPLICANT:
        return Q(applicant_id=assignment.user_id)
    if role == Role.UNIT_HR:
        return Q(unit_id=assignment.unit_id)
    if role == Role.TALENT_CENTRE:
        return Q(host_centre_id=assignment.unit_id)
    if role == Role.OFFICE:
        office = assignment.office
        # Subqueries on the small tables, not joins: the (committee, state) and
        # (series, state) indexes on declarations stay usable (bench/office_queue_bench.py).
        own_committees = Q(committee_id__in=Committee.objects.filter(office_id=office.pk)
                           .values("pk"))
        if office.kind == OfficeKind.CITY:
            return Q(unit_id__in=Unit.objects.filter(city_id=office.city_id)
                     .values("pk")) | own_committees
        if office.kind == OfficeKind.SERIES:
            return Q(series_id=office.series_id) | own_committees
        return _NOTHING
    if role == Role.SECRETARIAT:
        return Q(committee_id=assignment.committee_id)
    if role == Role.REGIONAL_OFFICE:
        # Not Q(): an empty Q vanishes when OR-ed with others in visible_q.
        return Q(pk__isnull=False)
    # Experts see only dossiers assigned to them for evaluation (evaluation stage).
    return _NOTHING


def visible_q(user: User, roles: set[str] | None = None) -> Q:
    q = _NOTHING
    for a in assignments_of(user):
        if roles is None or a.role in roles:
            q |= scope_q(a)
    return q


def visible_declarations(user: User):
    return Declaration.objects.filter(visible_q(user))


def covering_assignments(user: User, declaration: Declaration) -> list[RoleAssignment]:
    """The user's assignments whose scope includes this declaration (one query)."""
    found = []
    for a in assignments_of(user):
        if Declaration.objects.filter(scope_q(a), pk=declaration.pk).exists():
            found.append(a)
    return found


def acting_coverage(user: User, declaration: Declaration) -> list[RoleAssignment]:
    """The assignments with which the user may act on this declaration: in scope, and in a
    role that may view it in its current state (a draft is the applicant's; the workflow's
    state table)."""
    return [a for a in covering_assignments(user, declaration)
            if may_view(a.role, declaration.state)]


register_coverage(Declaration, acting_coverage)
