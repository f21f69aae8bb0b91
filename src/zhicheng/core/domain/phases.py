"""Which phase of a plan is open on a day (Annex 1, §5.1.1; per-committee dates §5.1.3)."""

import datetime

from zhicheng.core.models import Committee, Plan, PlanPhase


def phases_for(plan: Plan, committee: Committee | None) -> list[PlanPhase]:
    """A committee with its own schedule (§5.1.3) uses it; otherwise the plan's timetable."""
    rows = list(PlanPhase.objects.filter(plan=plan, committee__in=[committee] if committee
                                         else []).order_by("starts_on"))
    if rows:
        return rows
    return list(PlanPhase.objects.filter(plan=plan, committee__isnull=True).order_by("starts_on"))


def open_phases(plan: Plan, committee: Committee | None, day: datetime.date) -> set[str]:
    return {p.phase for p in phases_for(plan, committee) if p.contains(day)}
