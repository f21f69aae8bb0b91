"""The office's checking queue and its bulk actions (§4.2)."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from zhicheng.core.domain.acting import acting_assignment
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role, RoleAssignment, User
from zhicheng.declarations.domain import workflow
from zhicheng.declarations.domain.scope import scope_q
from zhicheng.declarations.models import Declaration, State

QUEUE_STATES = (State.RECOMMENDED, State.OFFICE_REVIEW)  # the order the filter shows
OFFICE_ACTIONS = ("start_office_review", "office_return", "office_reject",
                  "accept_for_committee")
# Rejection ends the year's application: decided one by one, never in bulk.
BULK_ACTIONS = ("start_office_review", "office_return", "accept_for_committee")
BULK_LIMIT = 100


def office_assignment(user: User, assignment_id: int | None = None) -> RoleAssignment:
    """The user's office assignment (the named one, else the first); NotFound if none."""
    return acting_assignment(user, roles=[Role.OFFICE], prefer=assignment_id, exact=True)


@dataclass(frozen=True)
class QueueFilter:
    unit: int | None = None
    series: int | None = None
    level: str = ""
    state: str = ""


def office_queue(assignment: RoleAssignment, f: QueueFilter = QueueFilter()) -> QuerySet:
    """Recommended and under-review declarations in the office's scope, filtered, in the
    order they were declared: stable while the office works through the queue (ordering by
    state_changed_at would reshuffle the pages at every start_office_review), and served by
    the primary key index (a page costs a few rows, not a sort of the whole queue)."""
    qs = Declaration.objects.filter(scope_q(assignment), state__in=QUEUE_STATES)
    if f.state in QUEUE_STATES:
        qs = qs.filter(state=f.state)
    if f.unit:
        qs = qs.filter(unit_id=f.unit)
    if f.series:
        qs = qs.filter(series_id=f.series)
    if f.level:
        qs = qs.filter(level=f.level)
    return qs.order_by("id")


QUEUE_RELATED = ("applicant", "unit", "series", "committee")
COUNT_CAP = 2_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: a city's whole queue need not be counted on every
    page view (beyond the cap the page says so and asks for a filter)."""

    @cached_property
    def count(self) -> int:
        # No ORDER BY in the capped subquery: ordered by id it walked the whole primary-key
        # index to find the queue's rows (58–114 ms at 100,000); unordered, PostgreSQL stops
        # after COUNT_CAP + 1 rows of whichever index the filter uses.
        return self.object_list.order_by()[:COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def queue_page(qs: QuerySet, number, per_page: int = 20):
    """A page of the queue: the page's ids first (no joins but the scope's), then those rows
    with their relations, so the cost does not grow with the related tables."""
    page = CappedPaginator(qs.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    rows = Declaration.objects.select_related(*QUEUE_RELATED).in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids]
    return page


@dataclass
class BulkOutcome:
    action: str
    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return workflow.BY_NAME[self.action].label


def bulk_perform(*, actor: User, action: str, items: list[tuple[int, str]],
                 reason: str = "") -> BulkOutcome:
    """Each declaration through perform() in its own transaction with its expected state:
    some may succeed while others are refused; none is left half-done."""
    if action not in BULK_ACTIONS:
        raise Refused(f"「{action}」不能批量办理；审核不通过须逐件决定（§4.2）。",
                      code="not_bulk")
    t = workflow.BY_NAME[action]
    if not items:
        raise Refused("请先勾选要办理的申报。", code="nothing_selected")
    if len(items) > BULK_LIMIT:
        raise Refused(f"一次最多批量办理{BULK_LIMIT}件申报。", code="too_many")
    if t.needs_reason and not reason.strip():
        raise Refused(f"批量办理「{t.label}」须填写统一的理由（桂职办〔2017〕26号 §4.2）。",
                      code="reason_required")
    outcome = BulkOutcome(action)
    seen: set[int] = set()
    for pk, expected in items:
        if pk in seen:
            continue
        seen.add(pk)
        try:
            workflow.perform(action, pk, actor=actor, reason=reason,
                             expected_state=expected or None)
        except NotFound as exc:
            outcome.refused.append((pk, exc.message))
        except Refused as exc:
            outcome.refused.append((pk, exc.message))
        else:
            outcome.done.append(pk)
    return outcome
