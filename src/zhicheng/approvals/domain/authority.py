"""Who may decide which approval for which declaration (§2.2.3, §3.1.1, §3.1.3, §3.1.4).

A person with no assignment entitled to decide an approval is told the declaration does not
exist (NotFound), as for anything outside one's scope."""

from dataclasses import dataclass

from zhicheng.core import clock
from zhicheng.core.domain.acting import find_assignment
from zhicheng.core.models import Role, RoleAssignment, User
from zhicheng.declarations.domain.scope import DRAFT_REQUESTS
from zhicheng.declarations.models import ApprovalCode, Declaration, DeclarationKind
from zhicheng.policy import get_policy_set

A = ApprovalCode


@dataclass(frozen=True)
class Requirement:
    """When a declaration needs an approval, and the clause that says so."""

    code: str
    clause: str
    who: str  # who decides, in words

    def applies(self, decl: Declaration) -> bool:
        # Who needs which request is said once, in declarations.domain.scope.
        return DRAFT_REQUESTS[self.code].needed(decl)


REQUIREMENTS: dict[str, Requirement] = {
    A.SERIES_OFFICE_PRIOR_APPROVAL: Requirement(A.SERIES_OFFICE_PRIOR_APPROVAL, "2.2.3",
                                                "申报系列的系列职改办"),
    A.UNIT_CONSENT: Requirement(A.UNIT_CONSENT, "3.1.1", "申报人所在单位"),
    A.UNIT_ASSESSMENT_OPINION: Requirement(A.UNIT_ASSESSMENT_OPINION, "3.1.1", "申报人所在单位"),
    A.HQ_CHANNEL_OPINION_FILED: Requirement(A.HQ_CHANNEL_OPINION_FILED, "3.1.3",
                                            "评委会所属职改办"),
    A.HOME_PROVINCE_ENTRUSTMENT: Requirement(A.HOME_PROVINCE_ENTRUSTMENT, "3.1.4",
                                             "自治区职改办（接收登记）"),
    A.REGIONAL_OFFICE_APPROVAL: Requirement(A.REGIONAL_OFFICE_APPROVAL, "3.1.4", "自治区职改办"),
}


def entitled(assignment: RoleAssignment, decl: Declaration, code: str) -> bool:
    """Whether this assignment is the body that decides `code` for `decl` (the body the
    request goes to, declarations.domain.scope.DRAFT_REQUESTS)."""
    request = DRAFT_REQUESTS.get(code)
    return request is not None and request.goes_to(assignment, decl)


def deciding_assignment(user: User, decl: Declaration, code: str,
                        preferred: RoleAssignment | None = None) -> RoleAssignment | None:
    """The user's assignment entitled to decide `code` for `decl` (the session's active one
    first, when it is entitled)."""
    return find_assignment(user, roles=Role, where=lambda a: entitled(a, decl, code),
                           prefer=preferred)


def decidable_codes(user: User, decl: Declaration) -> list[str]:
    """Approvals this declaration needs that the user may decide."""
    return [c for c, req in REQUIREMENTS.items()
            if req.applies(decl) and deciding_assignment(user, decl, c) is not None]


def strict_review(decl: Declaration) -> bool:
    """§2.2.3: 副高级 no-title and ≥副高级 exceptional declarations are approved strictly (the
    levels are the policy set's parameters)."""
    params = get_policy_set(decl.plan.policy_code).params_on(clock.today())
    if decl.kind == DeclarationKind.NO_TITLE:
        return decl.level in params["strict_review_no_title_levels"]
    if decl.kind == DeclarationKind.EXCEPTIONAL:
        return decl.level in params["strict_review_exceptional_levels"]
    return False

