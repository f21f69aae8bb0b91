"""Who may decide which approval for which declaration (§2.2.3, §3.1.1, §3.1.3, §3.1.4).

A person with no assignment entitled to decide an approval is told the declaration does not
exist (NotFound), as for anything outside one's scope."""

from dataclasses import dataclass

from zhicheng.core import clock
from zhicheng.core.domain.acting import find_assignment
from zhicheng.core.models import OfficeKind, Role, RoleAssignment, User
from zhicheng.declarations.models import ApprovalCode, Channel, Declaration, DeclarationKind
from zhicheng.policy import get_policy_set

A = ApprovalCode


@dataclass(frozen=True)
class Requirement:
    """When a declaration needs an approval, and the clause that says so."""

    code: str
    clause: str
    who: str  # who decides, in words

    def applies(self, decl: Declaration) -> bool:
        if self.code == A.SERIES_OFFICE_PRIOR_APPROVAL:
            return decl.kind in (DeclarationKind.NO_TITLE, DeclarationKind.EXCEPTIONAL)
        if self.code in (A.UNIT_CONSENT, A.UNIT_ASSESSMENT_OPINION):
            return decl.channel == Channel.TALENT_MARKET
        if self.code == A.HQ_CHANNEL_OPINION_FILED:
            return decl.channel == Channel.CENTRAL_OR_EXTERNAL_BRANCH
        return decl.channel == Channel.ENTRUSTED  # the two §3.1.4 approvals


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
    """Whether this assignment is the body that decides `code` for `decl`."""
    role = assignment.role
    if code == A.SERIES_OFFICE_PRIOR_APPROVAL:
        office = assignment.office
        return (role == Role.OFFICE and office.kind == OfficeKind.SERIES
                and office.series_id == decl.series_id)
    if code in (A.UNIT_CONSENT, A.UNIT_ASSESSMENT_OPINION):
        return role == Role.UNIT_HR and assignment.unit_id == decl.unit_id
    if code == A.HQ_CHANNEL_OPINION_FILED:
        return role == Role.OFFICE and assignment.office_id == decl.committee.office_id
    if code in (A.HOME_PROVINCE_ENTRUSTMENT, A.REGIONAL_OFFICE_APPROVAL):
        return role == Role.REGIONAL_OFFICE
    return False


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

