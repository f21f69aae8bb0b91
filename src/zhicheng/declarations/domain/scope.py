"""Which declarations an assignment covers, and what an official may see of a draft. The one
place that says so: pages, API, downloads, rules predicates and transitions all use it.

A draft is the applicant's until submitted. Officials' scopes cover every state but `draft`;
a draft reaches an official only through a request the applicant makes of them before
applying (DRAFT_REQUESTS), and then only that request's facts and proofs — never the other
scans (the ID card)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from zhicheng.core.domain.acting import register_coverage
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Committee, OfficeKind, Role, RoleAssignment, Unit, User
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


def _area_q(assignment: RoleAssignment) -> Q:
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
    # Experts see only the dossiers of the sessions they sit on (evaluation stage).
    if role == Role.EXPERT and _expert_area:
        return _expert_area[0](assignment)
    return _NOTHING


def scope_q(assignment: RoleAssignment) -> Q:
    """The declarations this assignment covers in full: its area, in the states its role may
    view (the workflow's state table: the applicant's own in every state; an official's
    area once submitted — no transition leads back to `draft`, so officials who once had a
    declaration keep it; a committee's from hand-over on)."""
    area = _area_q(assignment)
    hidden = hidden_from(assignment.role)
    return area & ~Q(state__in=sorted(hidden)) if hidden else area


def visible_q(user: User, roles: set[str] | None = None) -> Q:
    q = _NOTHING
    for a in assignments_of(user):
        if roles is None or a.role in roles:
            q |= scope_q(a)
    return q


def visible_declarations(user: User):
    return Declaration.objects.filter(visible_q(user))


def covering_assignments(user: User, declaration: Declaration) -> list[RoleAssignment]:
    """The user's assignments whose scope includes this declaration (one query each)."""
    found = []
    for a in assignments_of(user):
        if Declaration.objects.filter(scope_q(a), pk=declaration.pk).exists():
            found.append(a)
    return found


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
