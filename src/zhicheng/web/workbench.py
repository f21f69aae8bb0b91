"""What awaits the user on their 工作台, derived from the transition table."""

from django.db.models import Count

from zhicheng.core.models import RoleAssignment
from zhicheng.declarations.domain.scope import scope_q
from zhicheng.declarations.domain.workflow import TRANSITIONS
from zhicheng.declarations.models import Declaration, State

# Side exits are possible almost anywhere; they do not make a declaration "await" someone.
_SIDE_EXITS = {"void", "revoke", "withdraw"}


def awaiting_states(role: str) -> list[str]:
    found = {s for t in TRANSITIONS if role in t.roles and t.name not in _SIDE_EXITS
             and not t.automatic for s in t.sources}
    return [s for s in State if s in found]


def workbench(assignment: RoleAssignment, *, limit: int = 10) -> dict:
    """Two queries whatever the data size: counts per state and the oldest awaiting items."""
    scoped = Declaration.objects.filter(scope_q(assignment))
    counts = dict(scoped.order_by().values_list("state").annotate(n=Count("id")))
    waiting = awaiting_states(assignment.role)
    items = list(
        scoped.filter(state__in=waiting)
        .select_related("applicant", "unit", "series", "committee")
        .order_by("state_changed_at", "id")[:limit]
    )
    return {
        "counts": [(State(s).label, s, counts.get(s, 0)) for s in State if counts.get(s)],
        "waiting": [(State(s).label, s, counts.get(s, 0)) for s in waiting],
        "waiting_total": sum(counts.get(s, 0) for s in waiting),
        "total": sum(counts.values()),
        "items": items,
    }
