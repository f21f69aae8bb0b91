"""Moving the demo date to the start of an Annex 1 phase (demo mode only, audited)."""

import datetime

from django.db import transaction
from django.http import Http404

from zhicheng.audit.domain import record
from zhicheng.core import clock
from zhicheng.core.models import PlanPhase
from zhicheng.core.prepared import PreparedQuery

DEMO_PLAN = "gx-2017"

# The banner shows these on every page in demo mode: compiled once (zhicheng.core.prepared).
_PHASES = PreparedQuery(
    lambda plan: PlanPhase.objects.filter(plan__code=plan, committee__isnull=True)
    .order_by("starts_on"),
    samples=[("sample-a",), ("sample-b",)])


def phase_starts() -> list[tuple[datetime.date, str]]:
    """(start date, label) of each phase of the demo plan, in order (附件1)."""
    rows = _PHASES.list(DEMO_PLAN)
    return [(p.starts_on, f"{p.get_phase_display()}（{p.starts_on:%Y年%-m月%-d日}起）")
            for p in rows]


@transaction.atomic
def move_demo_date(*, actor, day: datetime.date) -> datetime.date:
    """Pin the demo date for every worker; only a phase start of the demo plan is accepted."""
    if not clock.is_pinned():
        raise Http404  # production has no demo clock: the view does not exist
    starts = dict(phase_starts())
    if day not in starts:
        raise ValueError("只能调整到附件1所列某一阶段的开始日期。")
    before = clock.today()
    record(actor=actor if actor is not None and actor.is_authenticated else None,
           action="demo.move_date", object_type="demo.clock", object_id="1",
           before={"date": before.isoformat()}, after={"date": day.isoformat()},
           note=f"演示日期调整为{starts[day]}")
    # The file is written last: if the audit write fails, the date stays where it was.
    transaction.on_commit(lambda: clock.move_to(day))
    return day
