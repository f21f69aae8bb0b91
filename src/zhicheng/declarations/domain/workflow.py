"""The life of a declaration as one table (DESIGN.md), and the one function that moves it.

The table names, for every state, its applicant-facing name and next step and which roles
may view and edit the declaration in it; for every transition, the states it leaves, the state
it reaches, the roles that may take it, the phases (Annex 1) in which it may happen, the named
conditions that must hold (each citing its clause) and the effects taken with it. perform()
is the only way a declaration changes state, and it checks all of that, under the row lock,
whoever calls it: a page, the API, a bulk action, a command. Anything not in the table is
refused.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.phases import open_phases, phases_for
from zhicheng.core.models import Phase, Role, User
from zhicheng.declarations.domain import conditions
from zhicheng.declarations.domain.conditions import Condition, Context
from zhicheng.declarations.domain.scope import covering_assignments
from zhicheng.declarations.domain.states import STATES, StateInfo, may_edit, may_view
from zhicheng.declarations.models import Declaration, State

S = State
P = Phase
R = Role

UNIT_SIDE = Role.UNIT_SIDE


def _c(name, label, clause):
    return Condition(name, label, clause)


# Every condition a transition may name, with its clause. Implementations live with the app
# that owns the facts (see conditions.implements); perform() refuses while one is missing.
C = {c.name: c for c in (
    _c("unit_binding_confirmed", "申报单位（及档案托管机构）已确认绑定", "3.1.1"),
    _c("one_title_per_year", "本年度未通过其他评委会申报", "3.1.6"),
    _c("facts_complete", "资格审查所需信息已填写完整", "3.2"),
    _c("eligible", "资格审查无阻止提交的问题", "2.1"),
    _c("required_materials", "必备材料已按模块上传", "3.2.1"),
    _c("pledge_signed", "审核人已签署承诺书", "4.1.1"),
    _c("items_checked", "各审核方已逐项审核且无虚假材料", "4.1.2"),
    _c("unit_notice_complete", "单位公示期满且异议已处理", "4.1.3"),
    _c("deliberated_after_interview", "已审议推荐（高级须先面试答辩）", "4.1.4"),
    _c("office_checks_clear", "职改办逐项审核无存疑、虚假结论", "4.2"),
    _c("approvals_on_record", "所需审批已由审批机关录入同意", "2.2.3"),
    _c("education_verified", "学历已经档案部门确认，国（境）外学历已认证", "4.3.1"),
    _c("education_verified_for_evaluation", "学历已经第三方认证（非公有制），且无未核验学历",
       "4.3.2"),
    _c("no_open_fraud_case", "无未结的材料造假核查案件", "4.2.2"),
    _c("no_confirmed_false_material", "未被认定提供虚假材料", "4.2.2"),
    _c("in_drawn_session", "已列入评委已抽定的评审会议", "5.3.2"),
    _c("sealed_ballot_passed", "封存的无记名投票结果：同意票达到到会有表决权委员的2/3",
       "5.3.2"),
    _c("sealed_ballot_failed", "封存的无记名投票结果：同意票未达到到会有表决权委员的2/3",
       "5.3.2"),
)}
conditions.declare(*C.values())

EFFECTS = {
    "stamp_submission": "记录提交时间及申报时单位性质（§3.1.2）",
    "freeze_decision": "冻结提交时的资格审查记录",
}


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
    conditions: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    irreversible: bool = False  # pages ask for confirmation first
    automatic: bool = False  # taken only by another domain function, never offered as a button


def _t(name, label, sources, target, roles, phases, *, needs_reason=False, clause="",
       conditions=(), effects=(), irreversible=False, automatic=False):
    unknown = [c for c in conditions if c not in C] + [e for e in effects if e not in EFFECTS]
    if unknown:
        raise ValueError(f"transition {name}: unknown {unknown}")
    return Transition(name, label, frozenset(sources), target, frozenset(roles),
                      frozenset(phases) if phases is not None else None, needs_reason, clause,
                      tuple(conditions), tuple(effects), irreversible, automatic)


SUBMISSION = ("unit_binding_confirmed", "one_title_per_year", "facts_complete", "eligible",
              "required_materials")
FALSE_MATERIAL = ("no_open_fraud_case", "no_confirmed_false_material")
RESULT_STATES = State.RESULT
TERMINAL_STATES = State.TERMINAL

TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", "提交申报", {S.DRAFT}, S.SUBMITTED, {R.APPLICANT}, {P.APPLICATION},
       clause="5.1.1", conditions=SUBMISSION, effects=("freeze_decision", "stamp_submission")),
    _t("resubmit", "修改后重新提交", {S.RETURNED}, S.SUBMITTED, {R.APPLICANT},
       {P.APPLICATION, P.REVIEW}, clause="5.1.1", conditions=SUBMISSION,
       effects=("freeze_decision", "stamp_submission")),
    _t("withdraw", "撤回申报", {S.SUBMITTED}, S.WITHDRAWN, {R.APPLICANT},
       {P.APPLICATION, P.REVIEW}, irreversible=True),
    _t("start_unit_review", "开始单位审核", {S.SUBMITTED}, S.UNIT_REVIEW, UNIT_SIDE,
       {P.REVIEW}, clause="4.1.1", conditions=("pledge_signed",)),
    _t("post_unit_notice", "进行单位公示", {S.UNIT_REVIEW}, S.UNIT_NOTICE, UNIT_SIDE,
       {P.REVIEW}, clause="4.1.3", conditions=("pledge_signed", "items_checked")),
    _t("recommend", "单位推荐", {S.UNIT_NOTICE}, S.RECOMMENDED, UNIT_SIDE, {P.REVIEW},
       clause="4.1.4", irreversible=True,
       conditions=("pledge_signed", "unit_notice_complete", "deliberated_after_interview")),
    _t("unit_return", "退回申报人修改", State.UNIT_STAGE, S.RETURNED, UNIT_SIDE, {P.REVIEW},
       needs_reason=True, clause="4.1.2", conditions=("pledge_signed",)),
    _t("unit_reject", "单位审核不通过", {S.UNIT_REVIEW, S.UNIT_NOTICE}, S.REJECTED, UNIT_SIDE,
       {P.REVIEW}, needs_reason=True, clause="4.1.2", conditions=("pledge_signed",),
       irreversible=True),
    _t("start_office_review", "职改办开始审核", {S.RECOMMENDED}, S.OFFICE_REVIEW,
       {R.OFFICE}, {P.REVIEW}, clause="4.2"),
    _t("office_return", "职改办退回修改", {S.OFFICE_REVIEW}, S.RETURNED, {R.OFFICE},
       {P.REVIEW}, needs_reason=True, clause="4.2"),
    _t("office_reject", "职改办审核不通过", {S.OFFICE_REVIEW}, S.REJECTED, {R.OFFICE},
       {P.REVIEW}, needs_reason=True, clause="4.2", irreversible=True),
    _t("accept_for_committee", "受理并移交评委会", {S.OFFICE_REVIEW}, S.ACCEPTED_BY_COMMITTEE,
       {R.OFFICE}, {P.REVIEW}, clause="3.2.1", irreversible=True,
       conditions=(*FALSE_MATERIAL, "office_checks_clear", "approvals_on_record",
                   "education_verified")),
    _t("start_evaluation", "开始评审", {S.ACCEPTED_BY_COMMITTEE}, S.UNDER_EVALUATION,
       {R.SECRETARIAT}, {P.EVALUATION}, clause="5.3.2",
       conditions=(*FALSE_MATERIAL, "education_verified_for_evaluation", "in_drawn_session")),
    # Never by a click: only the chair's seal of a decrypted tally takes these (evaluation).
    _t("record_pass", "评审通过", {S.UNDER_EVALUATION}, S.PASSED, {R.EXPERT},
       {P.EVALUATION}, clause="5.3.2", irreversible=True, automatic=True,
       conditions=("no_confirmed_false_material", "sealed_ballot_passed")),
    _t("record_fail", "评审未通过", {S.UNDER_EVALUATION}, S.FAILED, {R.EXPERT},
       {P.EVALUATION}, clause="5.3.2", irreversible=True, automatic=True,
       conditions=("sealed_ballot_failed",)),
    _t("post_result_notice", "评审结果公示（二次公示）", {S.PASSED}, S.RESULT_NOTICE,
       {R.OFFICE}, {P.EVALUATION}, clause="5.4.1",
       conditions=("no_confirmed_false_material",)),
    _t("report", "报自治区职改办", {S.RESULT_NOTICE}, S.REPORTED, {R.OFFICE},
       {P.EVALUATION, P.APPROVAL}, clause="5.4.1",
       conditions=("no_confirmed_false_material",)),
    _t("approve", "审核确认并批复", {S.REPORTED}, S.APPROVED, {R.REGIONAL_OFFICE},
       {P.APPROVAL}, clause="5.4.1", irreversible=True,
       conditions=("no_confirmed_false_material",)),
    _t("certify", "发放证书", {S.APPROVED}, S.CERTIFIED, {R.REGIONAL_OFFICE, R.OFFICE},
       None, clause="7.2.1", irreversible=True, conditions=("no_confirmed_false_material",)),
    _t("revoke", "取消评审结果（材料造假）", State.RESULT, S.REVOKED,
       {R.OFFICE, R.REGIONAL_OFFICE}, None, needs_reason=True, clause="4.2.2",
       irreversible=True),
    _t("void", "作废（同一年度申报两个以上资格）",
       set(S) - State.TERMINAL - State.NEVER_SUBMITTED, S.VOIDED,
       {R.OFFICE, R.REGIONAL_OFFICE}, None, needs_reason=True, clause="3.1.6",
       irreversible=True),
)

BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}


def state_info(state: str) -> StateInfo:
    return STATES[state]


__all__ = ["BY_NAME", "STATES", "TRANSITIONS", "may_edit", "may_view", "perform"]


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
    when the table does not allow it (role, state, phase, missing reason, or one of the
    transition's named conditions)."""
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
        if decl.state == t.target and decl.state not in t.sources:
            # A double click: the first request already did it.
            if t.target == S.SUBMITTED:
                raise Refused("该申报已经提交，无需重复提交。", code="stale")
            raise Refused(f"该申报已是「{decl.get_state_display()}」，无需重复办理"
                          f"「{t.label}」。", code="stale")
        if decl.state not in t.sources:
            raise Refused(
                f"申报当前状态为「{decl.get_state_display()}」，不能办理「{t.label}」"
                f"{_cite(t.clause)}。", code="wrong_state")
        if t.needs_reason and not reason.strip():
            raise Refused(f"办理「{t.label}」须填写理由。", code="reason_required")
        _check_phase(t, decl, day)
        ctx = Context(t.name, decl, actor, acting, day, reason.strip())
        for condition in t.conditions:
            conditions.run(condition, ctx)

        before = snapshot(decl, ["state"])
        fields = ["state", "state_changed_at"]
        for effect in t.effects:
            fields += conditions.apply(effect, ctx)
        decl.state = t.target
        decl.state_changed_at = clock.now()
        decl.save(update_fields=fields)
        record(actor=actor, action=f"declaration.{t.name}", obj=decl, role=acting.role,
               scope=acting.scope_key, before=before,
               after=snapshot(decl, [f for f in fields if f != "decision"]),
               note=reason.strip())
    return decl
