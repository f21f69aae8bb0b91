"""Per-item checks of the declared materials (§4.1.2)."""

from dataclasses import dataclass, field

from django.db import transaction

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Role, User
from zhicheng.declarations.models import Declaration, State
from zhicheng.review.domain.acting import (
    cite,
    load,
    office_assignment_for,
    party_of,
    required_parties,
    unit_side_assignment,
)
from zhicheng.review.domain.pledges import require_pledge
from zhicheng.review.models import CheckItem, CheckParty, CheckResult, ItemCheck

NEEDS_REMARK = frozenset({CheckResult.DOUBTFUL, CheckResult.FALSE})


@dataclass(frozen=True)
class Entry:
    item: str
    result: str
    remark: str = ""


def current_round(decl: Declaration):
    """Checks made since the declaration was last (re)submitted: a returned and resubmitted
    declaration is checked afresh."""
    qs = ItemCheck.objects.filter(declaration=decl)
    if decl.submitted_at:
        qs = qs.filter(checked_at__gte=decl.submitted_at)
    return qs


def current_checks(decl: Declaration) -> dict[tuple[str, str], ItemCheck]:
    """(party, item) → the latest check of the current round."""
    latest: dict[tuple[str, str], ItemCheck] = {}
    for c in current_round(decl).select_related("checked_by", "checker_unit").order_by(
            "checked_at", "id"):
        latest[(c.party, c.item)] = c
    return latest


@dataclass
class CheckStatus:
    missing: dict[str, list[str]] = field(default_factory=dict)  # party → item labels
    false: list[str] = field(default_factory=list)  # "学历（所在单位）"

    @property
    def complete(self) -> bool:
        return not self.missing

    def missing_text(self) -> str:
        return "；".join(f"{CheckParty(p).label}：{'、'.join(items)}"
                        for p, items in self.missing.items())


def check_status(decl: Declaration) -> CheckStatus:
    latest = current_checks(decl)
    status = CheckStatus()
    for party in required_parties(decl):
        for item in CheckItem:
            c = latest.get((party, item.value))
            if c is None:
                status.missing.setdefault(party, []).append(item.label)
            elif c.result == CheckResult.FALSE:
                status.false.append(f"{item.label}（{CheckParty(party).label}）")
    return status


def _validate(entries: list[Entry]) -> list[Entry]:
    if not entries:
        raise Refused("请至少填写一项审核结论。", code="nothing_to_record")
    seen = set()
    for e in entries:
        if e.item not in CheckItem.values:
            raise Refused(f"没有「{e.item}」这一审核项目{cite('4.1.2')}。", code="bad_item")
        label = CheckItem(e.item).label
        if e.item in seen:
            raise Refused(f"「{label}」重复填写。", code="duplicate_item")
        seen.add(e.item)
        if e.result not in CheckResult.values:
            raise Refused(f"「{label}」的审核结论只能是属实、存疑或虚假{cite('4.1.2')}。",
                          code="bad_result")
        if e.result in NEEDS_REMARK and not e.remark.strip():
            raise Refused(
                f"「{label}」审核结论为「{CheckResult(e.result).label}」，须填写审核意见，"
                f"说明存疑或虚假之处{cite('4.1.2')}。", code="remark_required")
        if len(e.remark) > 2000:
            raise Refused(f"「{label}」的审核意见不超过2000字。", code="too_long")
    return entries


def record_checks(decl_id: int, *, actor: User, entries: list[Entry],
                  assignment_id: int | None = None) -> list[ItemCheck]:
    """Record the acting party's conclusions on some items, all or none: the unit side while
    the unit reviews (§4.1.2, after its pledge §4.1.1), the office while it reviews (§4.2).
    An entry equal to the party's current conclusion is not recorded again (the page posts
    every row)."""
    with transaction.atomic():
        decl = load(decl_id, lock=True)
        roles = {a.role for a in assignments_of(actor)}
        if Role.OFFICE in roles and (decl.state == State.OFFICE_REVIEW
                                     or not roles & Role.UNIT_SIDE):
            assignment = office_assignment_for(actor, decl, assignment_id)
            if decl.state != State.OFFICE_REVIEW:
                raise Refused(
                    f"申报当前状态为「{decl.get_state_display()}」：职改办的逐项审核须在"
                    f"「职改办开始审核」后、移交评委会之前进行{cite('4.2')}。",
                    code="wrong_state")
        else:
            assignment = unit_side_assignment(actor, decl, assignment_id)
            if decl.state != State.UNIT_REVIEW:
                raise Refused(
                    f"申报当前状态为「{decl.get_state_display()}」：材料逐项审核须在开始单位审核后、"
                    f"公示之前进行{cite('4.1.2')}。",
                    code="wrong_state")
            require_pledge(assignment, decl.plan)
        _validate(entries)
        party, now, made = party_of(assignment), clock.now(), []
        latest = current_checks(decl)
        for e in entries:
            current = latest.get((party, e.item))
            if current and (current.result, current.remark) == (e.result, e.remark.strip()):
                continue
            c = ItemCheck.objects.create(
                declaration=decl, item=e.item, party=party, result=e.result,
                remark=e.remark.strip(), checker_unit_id=assignment.unit_id,
                checker_office_id=assignment.office_id, checked_by=actor, checked_at=now)
            record(actor=actor, action="review.item_check", obj=c, role=assignment.role,
                   scope=assignment.scope_key, after=snapshot(c), note=c.remark)
            made.append(c)
    return made


def office_findings(decl: Declaration) -> list[str]:
    """The office's current 存疑 / 虚假 conclusions, e.g. "学历（存疑：……）" (§4.2)."""
    latest = current_checks(decl)
    return [f"{CheckItem(item).label}（{c.get_result_display()}：{c.remark}）"
            for (party, item), c in latest.items()
            if party == CheckParty.OFFICE and c.result in NEEDS_REMARK]
