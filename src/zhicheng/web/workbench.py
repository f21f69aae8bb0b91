"""What awaits the user on their 工作台, derived from the transition table."""

from django.db.models import Count

from zhicheng.core.models import Role, RoleAssignment
from zhicheng.declarations.domain.scope import ScopedQuery
from zhicheng.declarations.domain.workflow import TRANSITIONS
from zhicheng.declarations.models import State

# Side exits are possible almost anywhere; they do not make a declaration "await" someone.
_SIDE_EXITS = {"void", "revoke", "withdraw"}


def awaiting_states(role: str) -> list[str]:
    found = {s for t in TRANSITIONS if role in t.roles and t.name not in _SIDE_EXITS
             and not t.automatic for s in t.sources}
    return [s for s in State if s in found]


# The 工作台's two queries, compiled once per role and area shape (scope.ScopedQuery).
_COUNTS = ScopedQuery(lambda scoped: scoped.order_by().values_list("state")
                      .annotate(n=Count("id")))
LIMIT = 10
# (A role that awaits nothing gets no query: `state__in` an empty list selects nothing.)
def _oldest(waiting: list[str]) -> ScopedQuery:
    return ScopedQuery(lambda scoped: scoped.filter(state__in=waiting)
                       .select_related("applicant", "unit", "series", "committee")
                       .order_by("state_changed_at", "id")[:LIMIT])


_WAITING = {role: awaiting_states(role) for role in Role.values}  # the table does not change
_OLDEST = {role: _oldest(waiting) for role, waiting in _WAITING.items() if waiting}


def workbench(assignment: RoleAssignment) -> dict:
    """Two queries whatever the data size: counts per state and the oldest awaiting items."""
    counts = dict(_COUNTS.list(assignment))
    waiting = _WAITING[assignment.role]
    items = _OLDEST[assignment.role].list(assignment) if waiting else []
    return {
        "counts": [(State(s).label, s, counts.get(s, 0)) for s in State if counts.get(s)],
        "waiting": [(State(s).label, s, counts.get(s, 0)) for s in waiting],
        "waiting_total": sum(counts.get(s, 0) for s in waiting),
        "total": sum(counts.values()),
        "items": items,
    }
