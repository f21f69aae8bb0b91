"""Which declarations an assignment covers, and what an official may see of a draft. The one
place that says so: pages, API, downloads, rules predicates and transitions all use it.

A draft is the applicant's until submitted. Officials' scopes cover every state but `draft`;
a draft reaches an official only through a request the applicant makes of them before
applying (DRAFT_REQUESTS), and then only that request's facts and proofs — never the other
scans (the ID card)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from zhicheng.core.domain.acting import register_coverage
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Committee, OfficeKind, Role, RoleAssignment, Unit, User
from zhicheng.core.prepared import PreparedQuery
from zhicheng.declarations.domain.states import hidden_from
from zhicheng.declarations.models import (
    ApprovalCode,
    Channel,
    Declaration,
    DeclarationKind,
    State,
)

_NOTHING = Q(pk__in=[])

# An expert's area is the evaluation app's to say (the sessions they sit on, less their
# confirmed conflicts); it registers it here, as the layers run that way.
_expert_area: list[Callable[[RoleAssignment], Q]] = []


def register_expert_area(fn: Callable[[RoleAssignment], Q]) -> None:
    _expert_area[:] = [fn]


def _own_committees(office_id: int) -> Q:
    # Subqueries on the small tables, not joins: the (committee, state) and (series, state)
    # indexes on declarations stay usable (bench/office_queue_bench.py).
    return Q(committee_id__in=Committee.objects.filter(office_id=office_id).values("pk"))


# Each area as a Q of its arguments, by shape: _area_shape() says which shape and arguments an
# assignment has. The SQL of a shape is the same whatever its arguments, so queries that
# every page runs can be compiled once per role and shape (ScopedQuery).
_AREAS: dict[str, Callable[..., Q]] = {
    "applicant": lambda user_id: Q(applicant_id=user_id),
    "unit": lambda unit_id: Q(unit_id=unit_id),
    "host_centre": lambda unit_id: Q(host_centre_id=unit_id),
    "city_office": lambda city_id, office_id: (
        Q(unit_id__in=Unit.objects.filter(city_id=city_id).values("pk"))
        | _own_committees(office_id)),
    "series_office": lambda series_id, office_id: (
        Q(series_id=series_id) | _own_committees(office_id)),
    "committee": lambda committee_id: Q(committee_id=committee_id),
    # Not Q(): an empty Q vanishes when OR-ed with others in visible_q.
    "everything": lambda: Q(pk__isnull=False),
    "nothing": lambda: _NOTHING,
}


def _area_shape(assignment: RoleAssignment) -> tuple[str, tuple] | None:
    """(shape, arguments) of the assignment's area; None for an expert's (the evaluation
    app's own query)."""
    role = assignment.role
    if role == Role.APPLICANT:
        return "applicant", (assignment.user_id,)
    if role == Role.UNIT_HR:
        return "unit", (assignment.unit_id,)
    if role == Role.TALENT_CENTRE:
        return "host_centre", (assignment.unit_id,)
    if role == Role.OFFICE:
        office = assignment.office
        if office.kind == OfficeKind.CITY:
            return "city_office", (office.city_id, office.pk)
        if office.kind == OfficeKind.SERIES:
            return "series_office", (office.series_id, office.pk)
        return "nothing", ()
    if role == Role.SECRETARIAT:
        return "committee", (assignment.committee_id,)
    if role == Role.REGIONAL_OFFICE:
        return "everything", ()
    # Experts see only the dossiers of the sessions they sit on (evaluation stage).
    if role == Role.EXPERT and _expert_area:
        return None
    return "nothing", ()


def _scoped_q(role: str, area: Q) -> Q:
    hidden = hidden_from(role)
    return area & ~Q(state__in=sorted(hidden)) if hidden else area


def _area_q(assignment: RoleAssignment) -> Q:
    shape = _area_shape(assignment)
    if shape is None:
        return _expert_area[0](assignment)
    name, args = shape
    return _AREAS[name](*args)


def scope_q(assignment: RoleAssignment) -> Q:
    """The declarations this assignment covers in full: its area, in the states its role may
    view (the workflow's state table: the applicant's own in every state; an official's
    area once submitted — no transition leads back to `draft`, so officials who once had a
    declaration keep it; a committee's from hand-over on)."""
    return _scoped_q(assignment.role, _area_q(assignment))


def _samples(types: tuple[type, ...]) -> list[tuple]:
    """Two sample argument tuples for PreparedQuery: of these types, all values distinct."""
    return [tuple(-(2 * i + k) if t is int else f"sample-{i}-{k}"
                  for i, t in enumerate(types)) for k in (1, 2)]


class ScopedQuery:
    """`build(declarations in scope, *extra)` → a QuerySet, run for an assignment: the same
    rows as `build(Declaration.objects.filter(scope_q(assignment)), *extra)`, compiled once
    per role and area shape (core.prepared), for the queries pages run on every request.
    `extra` are arguments of the types `extra_types` (int or str); an expert's area, an
    empty one, or an area with a missing id runs the queryset itself."""

    def __init__(self, build: Callable[..., QuerySet], extra_types: tuple[type, ...] = ()):
        self._build, self._extra_types = build, tuple(extra_types)
        self._prepared: dict[tuple[str, str], PreparedQuery] = {}

    def list(self, assignment: RoleAssignment, *extra) -> list:
        shape = _area_shape(assignment)
        if (shape is None or shape[0] == "nothing"
                or not all(type(a) in (int, str) for a in shape[1])):
            return list(self._build(Declaration.objects.filter(scope_q(assignment)), *extra))
        name, args = shape
        key = (assignment.role, name)
        prepared = self._prepared.get(key)
        if prepared is None:
            n = len(args)

            def build(*values, role=assignment.role, area=_AREAS[name]):
                scoped = Declaration.objects.filter(_scoped_q(role, area(*values[:n])))
                return self._build(scoped, *values[n:])

            samples = _samples(tuple(type(a) for a in args) + self._extra_types)
            prepared = self._prepared[key] = PreparedQuery(build, samples=samples)
        return prepared.list(*args, *extra)


def visible_q(user: User, roles: set[str] | None = None) -> Q:
    q = _NOTHING
    for a in assignments_of(user):
        if roles is None or a.role in roles:
            q |= scope_q(a)
    return q


def visible_declarations(user: User):
    return Declaration.objects.filter(visible_q(user))


def covers(assignment: RoleAssignment, declaration: Declaration) -> bool:
    """Whether the assignment's scope includes this declaration (one compiled query)."""
    return bool(_COVERS.list(assignment, declaration.pk))


def covering_assignments(user: User, declaration: Declaration) -> list[RoleAssignment]:
    """The user's assignments whose scope includes this declaration (one query each)."""
    return [a for a in assignments_of(user) if covers(a, declaration)]


# `.filter(pk=pk).exists()` of the scope, compiled once per role and area shape: every
# permission check on a declaration runs it.
_COVERS = ScopedQuery(lambda scoped, pk: scoped.filter(pk=pk).values_list("pk")[:1],
                      extra_types=(int,))


# The one resolver (core.domain.acting) covers declarations by scope_q, which already keeps
# each role to the states it may view.
register_coverage(Declaration, covering_assignments)


# --- requests that show a draft to named officials ---------------------------------------

A = ApprovalCode
_COMMON_FACTS = ("applicant", "unit", "series", "level", "kind", "channel", "committee",
                 "state")


@dataclass(frozen=True)
class DraftRequest:
    """What the applicant asks of whom before applying, and what that body needs to see."""

    code: str  # the approval (ApprovalCode) the request is for
    clause: str
    needed_q: Q  # which declarations need it
    goes_to: Callable[[RoleAssignment, Declaration], bool]  # the deciding body
    recipient_q: Callable[[RoleAssignment], Q | None]  # the same, as a query (None: never)
    facts: tuple[str, ...]  # Declaration fields shown to the recipient
    materials: frozenset[str]  # material type codes it may open; never "id_card"

    def needed(self, decl: Declaration) -> bool:
        return _matches(self.needed_q, decl)


def _matches(q: Q, decl: Declaration) -> bool:
    """needed_q on the row in hand (no query): its filters are plain `field` / `field__in`."""
    for key, value in q.children:
        field, _, lookup = key.partition("__")
        have = getattr(decl, field)
        if (lookup == "in" and have not in value) or (lookup != "in" and have != value):
            return False
    return True


def _series_office(a: RoleAssignment, d: Declaration) -> bool:
    return (a.role == Role.OFFICE and a.office.kind == OfficeKind.SERIES
            and a.office.series_id == d.series_id)


def _series_office_q(a: RoleAssignment) -> Q | None:
    if a.role == Role.OFFICE and a.office.kind == OfficeKind.SERIES:
        return Q(series_id=a.office.series_id)
    return None


def _unit_hr(a: RoleAssignment, d: Declaration) -> bool:
    return a.role == Role.UNIT_HR and a.unit_id == d.unit_id


def _unit_hr_q(a: RoleAssignment) -> Q | None:
    return Q(unit_id=a.unit_id) if a.role == Role.UNIT_HR else None


def _committee_office(a: RoleAssignment, d: Declaration) -> bool:
    return a.role == Role.OFFICE and a.office_id == d.committee.office_id


def _committee_office_q(a: RoleAssignment) -> Q | None:
    return Q(committee__office_id=a.office_id) if a.role == Role.OFFICE else None


def _regional(a: RoleAssignment, d: Declaration) -> bool:
    return a.role == Role.REGIONAL_OFFICE


def _regional_q(a: RoleAssignment) -> Q | None:
    return Q(pk__isnull=False) if a.role == Role.REGIONAL_OFFICE else None


# §2.2.3: the series office judges the no-title / exceptional conditions: the current title,
# education and achievements, and for 破格 the §3.2.4.2 proofs.
_PRIOR = DraftRequest(
    A.SERIES_OFFICE_PRIOR_APPROVAL, "2.2.3",
    Q(kind__in=[DeclarationKind.NO_TITLE, DeclarationKind.EXCEPTIONAL]),
    _series_office, _series_office_q,
    (*_COMMON_FACTS, "specialty", "current_level", "current_title_name",
     "current_title_obtained_on", "from_state_organ"),
    frozenset({"education_certificate", "title_certificate", "exceptional_conditions_proof",
               "achievement_proof"}))
# §3.1.1: the unit consents and writes the 基层单位考核推荐意见 on the person's work.
_UNIT_FACTS = (*_COMMON_FACTS, "host_centre", "relation_since", "archive_hosted_since")
_UNIT_PROOFS = frozenset({"achievement_proof"})
# §3.1.3: the filing concerns the unit's channel, not the person's proofs.
# §3.1.4: the regional office checks the person may be recommended to a senior committee.
_ENTRUSTED_FACTS = (*_COMMON_FACTS, "current_level", "current_title_name", "hukou_in_guangxi")
_ENTRUSTED_PROOFS = frozenset({"title_certificate", "education_certificate"})

DRAFT_REQUESTS: dict[str, DraftRequest] = {r.code: r for r in (
    _PRIOR,
    DraftRequest(A.UNIT_CONSENT, "3.1.1", Q(channel=Channel.TALENT_MARKET), _unit_hr,
                 _unit_hr_q, _UNIT_FACTS, _UNIT_PROOFS),
    DraftRequest(A.UNIT_ASSESSMENT_OPINION, "3.1.1", Q(channel=Channel.TALENT_MARKET),
                 _unit_hr, _unit_hr_q, _UNIT_FACTS, _UNIT_PROOFS),
    DraftRequest(A.HQ_CHANNEL_OPINION_FILED, "3.1.3",
                 Q(channel=Channel.CENTRAL_OR_EXTERNAL_BRANCH), _committee_office,
                 _committee_office_q, _COMMON_FACTS, frozenset()),
    DraftRequest(A.HOME_PROVINCE_ENTRUSTMENT, "3.1.4", Q(channel=Channel.ENTRUSTED),
                 _regional, _regional_q, _ENTRUSTED_FACTS, _ENTRUSTED_PROOFS),
    DraftRequest(A.REGIONAL_OFFICE_APPROVAL, "3.1.4", Q(channel=Channel.ENTRUSTED),
                 _regional, _regional_q, _ENTRUSTED_FACTS, _ENTRUSTED_PROOFS),
)}


@dataclass(frozen=True)
class Access:
    """What a user may see of one declaration: all of it (covered by a scope), or, for a
    draft, what the named requests need."""

    declaration: Declaration
    covering: tuple[RoleAssignment, ...]
    requests: tuple[DraftRequest, ...] = ()

    @property
    def full(self) -> bool:
        return bool(self.covering)

    def sees_material(self, code: str) -> bool:
        return self.full or any(code in r.materials for r in self.requests)


def draft_requests_to(user: User, decl: Declaration) -> tuple[DraftRequest, ...]:
    """The requests of this draft that go to one of the user's assignments (none once the
    declaration has been submitted: then scope_q decides)."""
    if decl.state != State.DRAFT:
        return ()
    mine = assignments_of(user)
    return tuple(r for r in DRAFT_REQUESTS.values()
                 if r.needed(decl) and any(r.goes_to(a, decl) for a in mine))


def access_for(user: User, decl: Declaration | None) -> Access | None:
    """None: the user may not know the declaration exists (404)."""
    if decl is None or not getattr(user, "is_authenticated", False):
        return None
    covering = tuple(covering_assignments(user, decl))
    if covering:
        return Access(decl, covering)
    requests = draft_requests_to(user, decl)
    return Access(decl, (), requests) if requests else None


def _fact_value(decl: Declaration, name: str) -> str:
    field = Declaration._meta.get_field(name)
    value = getattr(decl, name)
    if field.choices:
        return getattr(decl, f"get_{name}_display")() or "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or value == "":
        return "—"
    if hasattr(value, "strftime"):
        return f"{value:%Y年%-m月%-d日}"
    return str(value)


def request_facts(decl: Declaration, code: str) -> list[tuple[str, str]]:
    """(label, value) of the facts the request for approval `code` shows its recipient."""
    return [(str(Declaration._meta.get_field(n).verbose_name), _fact_value(decl, n))
            for n in DRAFT_REQUESTS[code].facts]
