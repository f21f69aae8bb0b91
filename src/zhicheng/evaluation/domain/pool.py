"""The secretariat keeps its committee's expert pool (评委库): 入库 with an account bound to the
committee only, 暂停 / 恢复 / 出库 / 重新入库 each with its reason, all audited."""

import datetime

from django.db import transaction
from stdnum.cn import uscc

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.accounts import create_official_account
from zhicheng.core.domain.acting import acting_assignment
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import City, Committee, Level, Role, RoleAssignment, Specialty, User
from zhicheng.evaluation.models import Expert, ExpertStatus, ExpertStatusChange
from zhicheng.policy import committee as committee_rules

ST = ExpertStatus
# 人社部令第40号《职称评审管理暂行规定》: experts hold a senior title of the field, and serve
# terms of at most three years — dated parameters of the policy set `mohrss-40`
# (zhicheng.policy.committee; its article numbers are marked there as not verified).
MAX_TERM_YEARS = committee_rules.max_term_years()
MIN_LEVEL = Level.DEPUTY_SENIOR
SOURCE = "（人社部令第40号）"

# What the secretariat may do from each status, with the wording of the step.
STEPS: dict[tuple[str, str], str] = {
    (ST.IN_POOL, ST.SUSPENDED): "暂停",
    (ST.SUSPENDED, ST.IN_POOL): "恢复",
    (ST.IN_POOL, ST.OUT): "出库",
    (ST.SUSPENDED, ST.OUT): "出库",
    (ST.OUT, ST.IN_POOL): "重新入库",
}
FIELDS = ["committee", "user", "code", "title_name", "level", "specialty", "employer_name",
          "employer_code", "city", "external", "term_starts", "term_ends", "status"]


def secretariat_of(actor: User, committee_id: int | None = None) -> RoleAssignment:
    """The actor's secretariat assignment (of that committee, when named)."""
    return acting_assignment(
        actor, roles={Role.SECRETARIAT},
        where=(lambda a: a.committee_id == committee_id) if committee_id else None,
        refusal="评委库由评审委员会办事机构管理（§5.2）。")


def pool(assignment: RoleAssignment):
    return (Expert.objects.filter(committee_id=assignment.committee_id)
            .select_related("user", "specialty", "city").order_by("code"))


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _check_facts(committee: Committee, level: str, specialty: Specialty | None,
                 employer_code: str, term_starts, term_ends) -> str:
    if level not in Level.values or Level.rank(level) < Level.rank(MIN_LEVEL):
        raise Refused(f"评审专家须具有本专业或相近专业的高级职称（副高级或正高级）{SOURCE}。",
                      code="level_too_low")
    if specialty is None or specialty.series_id != committee.series_id:
        raise Refused(f"请选择「{committee.name}」所属系列的专业（专业组）。", code="specialty")
    code = (employer_code or "").strip().upper()
    if not uscc.is_valid(code):
        raise Refused("工作单位统一社会信用代码不正确（18位，校验位须正确），"
                      "回避检查按此代码比对同单位（§5.3）。", code="employer_code")
    if term_starts is None or term_ends is None:
        raise Refused("请填写聘期开始和结束日期。", code="term_required")
    if term_ends < term_starts:
        raise Refused("聘期结束日期不能早于开始日期。", code="term_order")
    # The term is judged by the rule in force when it starts (a dated parameter).
    years = committee_rules.max_term_years(term_starts)
    if term_ends > _years_later(term_starts, years):
        raise Refused(f"评审专家每届聘期不超过{years}年{SOURCE}："
                      f"自{term_starts:%Y年%-m月%-d日}起，最晚至"
                      f"{_years_later(term_starts, years):%Y年%-m月%-d日}。",
                      code="term_too_long")
    return code


def _next_code(committee: Committee) -> str:
    last = (Expert.objects.filter(committee=committee).order_by("-code")
            .values_list("code", flat=True).first())
    number = int(last[1:]) + 1 if last else 1
    return f"E{number:06d}"


@transaction.atomic
def add_expert(
    *,
    actor: User,
    committee_id: int,
    username: str,
    real_name: str,
    password: str,
    title_name: str,
    level: str,
    specialty: Specialty | None,
    employer_name: str,
    employer_code: str,
    term_starts: datetime.date | None,
    term_ends: datetime.date | None,
    city: City | None = None,
    external: bool = False,
    mobile: str = "",
    reason: str = "经评委会组建单位遴选入库",
) -> Expert:
    """入库: the expert's account (bound to this committee only) and pool entry, one
    transaction, audited."""
    acting = secretariat_of(actor, committee_id)
    committee = Committee.objects.select_for_update().get(pk=committee_id)  # one code at a time
    code = _check_facts(committee, level, specialty, employer_code, term_starts, term_ends)
    if not title_name.strip() or not employer_name.strip():
        raise Refused("请填写职称名称和工作单位。", code="required")
    user = create_official_account(
        creator=actor, creator_assignment=acting, username=username, real_name=real_name,
        password=password, role=Role.EXPERT, mobile=mobile, committee=committee,
        pool_entry=True)
    now = clock.now()
    expert = Expert.objects.create(
        committee=committee, user=user, code=_next_code(committee),
        title_name=title_name.strip(), level=level, specialty=specialty,
        employer_name=employer_name.strip(), employer_code=code, city=city,
        external=external, term_starts=term_starts, term_ends=term_ends, joined_at=now)
    record(actor=actor, action="evaluation.expert.add", obj=expert, role=acting.role,
           scope=acting.scope_key, after=snapshot(expert, FIELDS), note=reason)
    _log_change(expert, "", ST.IN_POOL, reason, actor, acting, now)
    return expert


def _log_change(expert, before, after, reason, actor, acting, now) -> None:
    change = ExpertStatusChange.objects.create(
        expert=expert, from_status=before, to_status=after, reason=reason, changed_by=actor,
        changed_at=now)
    record(actor=actor, action="evaluation.expert.status", obj=change, role=acting.role,
           scope=acting.scope_key,
           after={"expert": expert.code, "from": before, "to": after}, note=reason)


@transaction.atomic
def change_status(*, actor: User, expert_id: int, to_status: str, reason: str) -> Expert:
    """暂停 / 恢复 / 出库 / 重新入库, with a reason. An expert out of the pool cannot sign in."""
    expert = (Expert.objects.select_for_update().select_related("user", "committee")
              .filter(pk=expert_id).first())
    if expert is None:
        raise NotFound()
    try:
        acting = secretariat_of(actor, expert.committee_id)
    except (NotFound, Refused):
        raise NotFound() from None  # another committee's pool is not shown at all
    step = STEPS.get((expert.status, to_status))
    if step is None:
        target = ST(to_status).label if to_status in ST.values else to_status
        raise Refused(f"「{expert.user.real_name}」当前状态为「{expert.get_status_display()}」，"
                      f"不能改为「{target}」。", code="wrong_status")
    reason = (reason or "").strip()
    if not reason:
        raise Refused(f"{step}须写明原因（入库、出库情况均留档备查）。", code="reason_required")
    if len(reason) > 200:
        raise Refused("原因不超过200字。", code="too_long")
    if to_status == ST.IN_POOL and expert.term_ends < clock.today():
        raise Refused(f"该专家聘期已于{expert.term_ends:%Y年%-m月%-d日}届满，"
                      "请重新聘任后再入库。", code="term_expired")
    now = clock.now()
    before = expert.status
    expert.status = to_status
    expert.save(update_fields=["status"])
    active = to_status != ST.OUT
    if expert.user.is_active != active:
        expert.user.is_active = active
        expert.user.save(update_fields=["is_active"])
    record(actor=actor, action="evaluation.expert.update", obj=expert, role=acting.role,
           scope=acting.scope_key, before={"status": before}, after={"status": to_status},
           note=reason)
    _log_change(expert, before, to_status, reason, actor, acting, now)
    return expert
