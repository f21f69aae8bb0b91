"""The life of a declaration as one table (DESIGN.md), and the one function that moves it.

Every transition names the states it leaves, the state it reaches, the roles that may take it
and the phases (Annex 1) in which it may happen. Anything not in the table is refused.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.phases import open_phases, phases_for
from zhicheng.core.models import Phase, Role, User
from zhicheng.declarations.domain import guards
from zhicheng.declarations.domain.scope import covering_assignments
from zhicheng.declarations.models import Declaration, State

S = State
P = Phase
R = Role


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    phases: frozenset[str] | None  # None: at any time
    needs_reason: bool = False
    clause: str = ""


def _t(name, label, sources, target, roles, phases, *, needs_reason=False, clause=""):
    return Transition(name, label, frozenset(sources), target, frozenset(roles),
                      frozenset(phases) if phases is not None else None, needs_reason, clause)


UNIT_SIDE = {R.UNIT_HR, R.TALENT_CENTRE}
# States after hand-over to the committee: results that §3.1.6 voids and §4.2.2 revokes.
RESULT_STATES = {S.PASSED, S.RESULT_NOTICE, S.REPORTED, S.APPROVED, S.CERTIFIED}
TERMINAL_STATES = frozenset({S.REJECTED, S.WITHDRAWN, S.REVOKED, S.VOIDED})

TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", "提交申报", {S.DRAFT}, S.SUBMITTED, {R.APPLICANT}, {P.APPLICATION},
       clause="5.1.1"),
    _t("resubmit", "修改后重新提交", {S.RETURNED}, S.SUBMITTED, {R.APPLICANT},
       {P.APPLICATION, P.REVIEW}, clause="5.1.1"),
    _t("withdraw", "撤回申报", {S.SUBMITTED}, S.WITHDRAWN, {R.APPLICANT},
       {P.APPLICATION, P.REVIEW}),
    _t("start_unit_review", "开始单位审核", {S.SUBMITTED}, S.UNIT_REVIEW, UNIT_SIDE,
       {P.REVIEW}, clause="4.1.1"),
    _t("post_unit_notice", "进行单位公示", {S.UNIT_REVIEW}, S.UNIT_NOTICE, UNIT_SIDE,
       {P.REVIEW}, clause="4.1.3"),
    _t("recommend", "单位推荐", {S.UNIT_NOTICE}, S.RECOMMENDED, UNIT_SIDE, {P.REVIEW},
       clause="4.1.4"),
    _t("unit_return", "退回申报人修改", {S.SUBMITTED, S.UNIT_REVIEW, S.UNIT_NOTICE},
       S.RETURNED, UNIT_SIDE, {P.REVIEW}, needs_reason=True, clause="4.1.2"),
    _t("unit_reject", "单位审核不通过", {S.UNIT_REVIEW, S.UNIT_NOTICE}, S.REJECTED, UNIT_SIDE,
       {P.REVIEW}, needs_reason=True, clause="4.1.2"),
    _t("start_office_review", "职改办开始审核", {S.RECOMMENDED}, S.OFFICE_REVIEW,
       {R.OFFICE}, {P.REVIEW}, clause="4.2"),
    _t("office_return", "职改办退回修改", {S.OFFICE_REVIEW}, S.RETURNED, {R.OFFICE},
       {P.REVIEW}, needs_reason=True, clause="4.2"),
    _t("office_reject", "职改办审核不通过", {S.OFFICE_REVIEW}, S.REJECTED, {R.OFFICE},
       {P.REVIEW}, needs_reason=True, clause="4.2"),
    _t("accept_for_committee", "受理并移交评委会", {S.OFFICE_REVIEW}, S.ACCEPTED_BY_COMMITTEE,
       {R.OFFICE}, {P.REVIEW}, clause="3.2.1"),
    _t("start_evaluation", "开始评审", {S.ACCEPTED_BY_COMMITTEE}, S.UNDER_EVALUATION,
       {R.SECRETARIAT}, {P.EVALUATION}, clause="5.3.2"),
    _t("record_pass", "评审通过", {S.UNDER_EVALUATION}, S.PASSED, {R.SECRETARIAT},
       {P.EVALUATION}, clause="5.3.2"),
    _t("record_fail", "评审未通过", {S.UNDER_EVALUATION}, S.FAILED, {R.SECRETARIAT},
       {P.EVALUATION}, clause="5.3.2"),
    _t("post_result_notice", "评审结果公示（二次公示）", {S.PASSED}, S.RESULT_NOTICE,
       {R.OFFICE}, {P.EVALUATION}, clause="5.4.1"),
    _t("report", "报自治区职改办", {S.RESULT_NOTICE}, S.REPORTED, {R.OFFICE},
       {P.EVALUATION, P.APPROVAL}, clause="5.4.1"),
    _t("approve", "审核确认并批复", {S.REPORTED}, S.APPROVED, {R.REGIONAL_OFFICE},
       {P.APPROVAL}, clause="5.4.1"),
    _t("certify", "发放证书", {S.APPROVED}, S.CERTIFIED, {R.REGIONAL_OFFICE, R.OFFICE},
       None, clause="7.2.1"),
    _t("revoke", "取消评审结果（材料造假）", RESULT_STATES, S.REVOKED,
       {R.OFFICE, R.REGIONAL_OFFICE}, None, needs_reason=True, clause="4.2.2"),
    _t("void", "作废（同一年度申报两个以上资格）",
       set(S) - TERMINAL_STATES - {S.DRAFT}, S.VOIDED,
       {R.OFFICE, R.REGIONAL_OFFICE}, None, needs_reason=True, clause="3.1.6"),
)

BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}


def allowed_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources]


def _cite(clause: str) -> str:
    return f"（桂职办〔2017〕26号 §{clause}）" if clause else ""


def _check_phase(t: Transition, decl: Declaration, day: datetime.date) -> None:
    if t.phases is None or open_phases(decl.plan, decl.committee, day) & t.phases:
        return
    windows = [p for p in phases_for(decl.plan, decl.committee) if p.phase in t.phases]
    when = "、".join(f"{p.get_phase_display()}（{p.starts_on:%Y年%-m月%-d日}—"
                    f"{p.ends_on:%Y年%-m月%-d日}）" for p in windows) or "（本年度未安排）"
    source = "§5.1.3 评委会自定日程" if windows and windows[0].committee_id else "附件1，§5.1.1"
    raise Refused(
        f"「{t.label}」只能在以下阶段办理：{when}；{day:%Y年%-m月%-d日}不在该阶段"
        f"（桂职办〔2017〕26号 {source}）。",
        code="wrong_phase",
    )


def ensure_phase(name: str, decl: Declaration, day: datetime.date | None = None) -> None:
    """Refuse early, with the phase message, before other checks that would be beside the
    point outside the phase."""
    _check_phase(BY_NAME[name], decl, day or clock.today())


def perform(
    name: str,
    declaration_id: int,
    *,
    actor: User,
    reason: str = "",
    expected_state: str | None = None,
    today: datetime.date | None = None,
) -> Declaration:
    """Take transition `name` on a declaration, as `actor`, in one transaction with its audit
    event. Raises NotFound when the declaration is outside every scope of the actor, Refused
    when the table does not allow it (role, state, phase, missing reason)."""
    t = BY_NAME.get(name)
    if t is None:
        raise Refused(f"没有「{name}」这一操作。", code="unknown_transition")
    day = today or clock.today()
    with transaction.atomic():
        try:
            decl = (Declaration.objects.select_for_update(of=("self",))
                    .select_related("plan", "committee", "unit").get(pk=declaration_id))
        except Declaration.DoesNotExist:
            raise NotFound() from None
        covering = covering_assignments(actor, decl)
        if not covering:
            raise NotFound()
        acting = next((a for a in covering if a.role in t.roles), None)
        if acting is None:
            held = "、".join(sorted({a.get_role_display() for a in covering}))
            raise Refused(f"您的角色（{held}）不能办理「{t.label}」。", code="wrong_role")
        if expected_state is not None and decl.state != expected_state:
            raise Refused(
                f"该申报的状态已变为「{decl.get_state_display()}」，可能已由他人处理，"
                "请刷新页面后再操作。", code="stale")
        if decl.state not in t.sources:
            raise Refused(
                f"申报当前状态为「{decl.get_state_display()}」，不能办理「{t.label}」"
                f"{_cite(t.clause)}。", code="wrong_state")
        if t.needs_reason and not reason.strip():
            raise Refused(f"办理「{t.label}」须填写理由。", code="reason_required")
        _check_phase(t, decl, day)
        guards.check(t.name, decl, actor, acting)

        before = snapshot(decl, ["state"])
        now = clock.now()
        decl.state = t.target
        decl.state_changed_at = now
        fields = ["state", "state_changed_at"]
        if t.name == "submit" or t.name == "resubmit":
            decl.submitted_at = now
            decl.unit_type_at_submission = decl.unit.unit_type  # §3.1.2 snapshot
            fields += ["submitted_at", "unit_type_at_submission"]
        decl.save(update_fields=fields)
        record(actor=actor, action=f"declaration.{t.name}", obj=decl, role=acting.role,
               scope=acting.scope_key, before=before, after=snapshot(decl, fields),
               note=reason.strip())
    return decl
