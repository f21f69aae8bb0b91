"""Who may act on fraud cases and integrity records, and which ones they see.

Scope follows the declaration: a city or series office sees cases on declarations its scope
covers (declarations.domain.scope.scope_q), the regional office sees all, the applicant sees
the cases on their own declarations. Anything else is NotFound."""

from django.db.models import Q, QuerySet

from zhicheng.core.domain.acting import acting_assignment, find_assignment
from zhicheng.core.domain.errors import NotFound
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Role, RoleAssignment, User
from zhicheng.declarations.domain.scope import scope_q, visible_q
from zhicheng.declarations.models import Declaration
from zhicheng.integrity.models import FraudCase

OFFICE_ROLES = Role.OFFICES
NOT_OFFICE = ("只有申报所属的市、系列职改办或自治区职改办可以办理材料造假核查"
              "（桂职办〔2017〕26号 §4.2.2）。")
NOT_APPLICANT = "只有申报人本人可以答复核查、提交证明材料（桂职办〔2017〕26号 §4.2.2）。"


def case_office(actor: User, decl: Declaration) -> RoleAssignment:
    """The actor's office role covering this declaration; a city/series office acts before
    the regional office when one person holds both (the one resolver)."""
    return acting_assignment(actor, decl, roles=[Role.OFFICE, Role.REGIONAL_OFFICE],
                             refusal=NOT_OFFICE)


def case_applicant(actor: User, decl: Declaration) -> RoleAssignment:
    return acting_assignment(actor, decl, roles=[Role.APPLICANT], refusal=NOT_APPLICANT,
                             code="not_applicant")


def is_office(user: User) -> bool:
    return any(a.role in OFFICE_ROLES for a in assignments_of(user))


def regional_assignment(user: User) -> RoleAssignment | None:
    return find_assignment(user, roles=[Role.REGIONAL_OFFICE])


def cases_for_office(user: User, assignment: RoleAssignment | None = None) -> QuerySet:
    """Cases on declarations the user's office roles cover (or one given office role)."""
    if assignment is not None:
        if assignment.role not in OFFICE_ROLES or assignment.user_id != user.pk:
            return FraudCase.objects.none()
        q = scope_q(assignment)
    else:
        q = visible_q(user, roles=set(OFFICE_ROLES))
    return FraudCase.objects.filter(declaration__in=Declaration.objects.filter(q).values("pk"))


def cases_for_applicant(user: User) -> QuerySet:
    return FraudCase.objects.filter(declaration__applicant_id=user.pk)


def visible_cases(user: User) -> QuerySet:
    """Every case the user may open: as an office, or as the applicant."""
    offices = Declaration.objects.filter(visible_q(user, roles=set(OFFICE_ROLES))).values("pk")
    return FraudCase.objects.filter(Q(declaration__in=offices)
                                    | Q(declaration__applicant_id=user.pk))


def case_for(user: User, case_id: int) -> FraudCase:
    case = (visible_cases(user)
            .select_related("declaration", "declaration__applicant", "declaration__unit",
                            "declaration__series", "declaration__committee", "office",
                            "material_type", "opened_by", "decided_by")
            .filter(pk=case_id).first())
    if case is None:
        raise NotFound()
    return case
