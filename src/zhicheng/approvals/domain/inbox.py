"""The approvals an office (or a unit, for §3.1.1) has yet to decide."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from zhicheng.approvals.domain.authority import REQUIREMENTS, entitled
from zhicheng.approvals.domain.common import OPEN_STATES
from zhicheng.approvals.models import OfficeApproval
from zhicheng.core.models import RoleAssignment
from zhicheng.declarations.domain.scope import DRAFT_REQUESTS
from zhicheng.declarations.models import ApprovalCode, Declaration

A = ApprovalCode


def _codes_for(assignment: RoleAssignment) -> list[tuple[str, Q]]:
    """(approval code, which declarations need it from this assignment): the requests of
    declarations.domain.scope, as queries."""
    out: list[tuple[str, Q]] = []
    for code, request in DRAFT_REQUESTS.items():
        recipient = request.recipient_q(assignment)
        if recipient is not None:
            out.append((code, request.needed_q & recipient))
    return out


def _decided(code: str):
    return Exists(OfficeApproval.objects.filter(declaration=OuterRef("pk"), code=code))


@dataclass
class Row:
    declaration: Declaration
    codes: list[str]

    @property
    def items(self) -> list[tuple[str, str]]:
        return [(c, A(c).label) for c in self.codes]


def pending_queryset(assignment: RoleAssignment):
    """Declarations with at least one approval this assignment has not decided yet, each
    annotated with need_<code> booleans."""
    wanted = _codes_for(assignment)
    if not wanted:
        return Declaration.objects.none()
    annotations = {}
    any_pending = Q(pk__in=[])
    for code, scope in wanted:
        annotations[f"decided_{code}"] = _decided(code)
        any_pending |= scope & Q(**{f"decided_{code}": False})
    return (Declaration.objects.filter(state__in=OPEN_STATES)
            .annotate(**annotations).filter(any_pending)
            .select_related("applicant", "series", "unit", "committee")
            .order_by("id"))


def pending_rows(assignment: RoleAssignment, declarations) -> list[Row]:
    """The page of declarations as rows naming what is still to decide."""
    wanted = _codes_for(assignment)
    rows = []
    for decl in declarations:
        codes = [code for code, _ in wanted
                 if REQUIREMENTS[code].applies(decl) and not getattr(decl, f"decided_{code}")
                 and entitled(assignment, decl, code)]
        rows.append(Row(decl, codes))
    return rows

