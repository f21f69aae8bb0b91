"""Submitting a declaration into its channel (issue 4 §5)."""

import datetime

from django.db import transaction

from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import User
from zhicheng.declarations.domain import eligibility, workflow
from zhicheng.declarations.domain.drafting import binding_confirmed
from zhicheng.declarations.domain.materials import slots_for_declaration
from zhicheng.declarations.models import Declaration, State


def submit_declaration(decl_id: int, *, actor: User,
                       today: datetime.date | None = None) -> Declaration:
    """Checks, in the order a person would want to hear them: phase, binding, one per year
    (§3.1.6), eligibility; then freezes the decision record and takes the transition."""
    day = today or clock.today()
    with transaction.atomic():
        decl = (Declaration.objects.select_for_update(of=("self",))
                .select_related("plan", "committee", "series", "unit", "specialty")
                .filter(pk=decl_id, applicant=actor).first())
        if decl is None:
            raise NotFound()
        if decl.state == State.SUBMITTED:
            raise Refused("该申报已经提交，无需重复提交。", code="stale")
        name = "resubmit" if decl.state == State.RETURNED else "submit"
        if decl.state not in workflow.BY_NAME[name].sources:
            raise Refused(f"申报当前状态为「{decl.get_state_display()}」，不能提交。",
                          code="wrong_state")
        workflow.ensure_phase(name, decl, day)
        ok, why = binding_confirmed(decl)
        if not ok:
            raise Refused(why, code="binding")
        # Serialise per person: two declarations of one person cannot pass §3.1.6 together.
        User.objects.select_for_update().filter(id_number=decl.id_number).first()
        other = eligibility.others_same_year(decl).first()
        if other is not None:
            raise Refused(
                f"您在{decl.plan.year}年度已通过「{other.committee.name}」申报"
                f"{other.series.name}{other.get_level_display()}。专业技术人员不得在同一年度"
                "申报评审两个以上专业技术资格，否则该年度所有评审结果无效"
                "（桂职办〔2017〕26号 §3.1.6）。", code="one_per_year")
        slots = slots_for_declaration(decl)
        check = eligibility.check(decl, day, slots)
        if not check.complete:
            raise Refused("请先填写：" + "、".join(check.missing_fields) + "。",
                          code="incomplete")
        if not check.ready:
            problems = [f["message"] for f in check.findings
                        if f["severity"] in ("blocking", "missing")]
            raise Refused("暂不能提交：" + "；".join(problems), code="not_ready")
        missing = [s.material_type.name for s in slots if s.missing]
        if missing:
            raise Refused("请上传以下必备材料：" + "、".join(missing) +
                          "（按系统规定模块上传原件扫描件，§3.2.1）。", code="materials_missing")
        decl.decision = eligibility.freeze(check)
        decl.save(update_fields=["decision", "updated_at"])
        return workflow.perform(name, decl.pk, actor=actor, today=day)


def withdraw_declaration(decl_id: int, *, actor: User) -> Declaration:
    return workflow.perform("withdraw", decl_id, actor=actor, expected_state=State.SUBMITTED)
