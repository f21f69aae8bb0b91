"""Who acts on a declaration in the unit review: its unit's HR, or the talent-service centre
that hosts the archive (§3.1.1, §4.1.2). Anything outside the actor's scopes is NotFound."""

from zhicheng.core.domain.acting import acting_assignment
from zhicheng.core.domain.errors import NotFound
from zhicheng.core.models import Role, RoleAssignment, User
from zhicheng.declarations.models import Declaration
from zhicheng.review.models import CheckParty

# The transitions the unit side takes from its pages and the API (§4.1).
UNIT_ACTIONS = ("start_unit_review", "unit_return", "unit_reject", "recommend")


def cite(clause: str) -> str:
    return f"（桂职办〔2017〕26号 §{clause}）"


def load(decl_id: int, *, lock: bool = False) -> Declaration:
    qs = Declaration.objects.select_related("plan", "unit", "host_centre", "committee",
                                            "series", "applicant")
    if lock:
        qs = qs.select_for_update(of=("self",))
    decl = qs.filter(pk=decl_id).first()
    if decl is None:
        raise NotFound()
    return decl


def unit_side_assignment(actor: User, decl: Declaration,
                         prefer: int | None = None) -> RoleAssignment:
    """The actor's unit-side assignment covering decl (the preferred one if it covers)."""
    return acting_assignment(
        actor, decl, roles=Role.UNIT_SIDE, prefer=prefer,
        refusal=f"单位审核事项只能由申报人所在单位人事（职改）部门或其档案管理部门办理{cite('4.1.1')}。")


def office_assignment_for(actor: User, decl: Declaration,
                          prefer: int | None = None) -> RoleAssignment:
    """The actor's office assignment covering decl (§4.2)."""
    return acting_assignment(
        actor, decl, roles={Role.OFFICE}, prefer=prefer,
        refusal=f"职改办审核事项只能由负责该申报的市、系列职改办办理{cite('4.2')}。")


def party_of(assignment: RoleAssignment) -> str:
    if assignment.role == Role.OFFICE:
        return CheckParty.OFFICE
    return CheckParty.UNIT if assignment.role == Role.UNIT_HR else CheckParty.TALENT_CENTRE


def required_parties(decl: Declaration) -> list[str]:
    """§4.1.2: with a hosted archive, the unit and the archive holder each check."""
    parties = [CheckParty.UNIT]
    if decl.host_centre_id:
        parties.append(CheckParty.TALENT_CENTRE)
    return parties
