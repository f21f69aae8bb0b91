"""Submitting a declaration into its channel (issue 4 §5).

The checks are conditions of the `submit` and `resubmit` transitions in the workflow table,
implemented here and run by workflow.perform under the row lock — whatever door calls it.
submit_declaration only picks which of the two transitions applies."""

import datetime

from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import User
from zhicheng.declarations.domain import eligibility, workflow
from zhicheng.declarations.domain.conditions import Context, effect, implements
from zhicheng.declarations.domain.drafting import binding_confirmed
from zhicheng.declarations.domain.sources import material_slots
from zhicheng.declarations.models import Declaration, State


@implements("unit_binding_confirmed")
def unit_binding_confirmed(ctx: Context) -> None:
    ok, why = binding_confirmed(ctx.declaration)
    if not ok:
        raise Refused(why, code="binding")


@implements("one_title_per_year")
def one_title_per_year(ctx: Context) -> None:
    decl = ctx.declaration
    # Serialise per person: two declarations of one person cannot pass §3.1.6 together.
    User.objects.select_for_update().filter(id_number=decl.id_number).first()
    other = eligibility.others_same_year(decl).first()
    if other is not None:
        raise Refused(
            f"您在{decl.plan.year}年度已通过「{other.committee.name}」申报"
            f"{other.series.name}{other.get_level_display()}。专业技术人员不得在同一年度"
            "申报评审两个以上专业技术资格，否则该年度所有评审结果无效"
            "（桂职办〔2017〕26号 §3.1.6）。", code="one_per_year")


def _check(ctx: Context) -> eligibility.Check:
    """One eligibility check (and one read of the material files) per transition."""
    if "eligibility" not in ctx.scratch:
        slots = material_slots(ctx.declaration)
        ctx.scratch["slots"] = slots
        ctx.scratch["eligibility"] = eligibility.check(ctx.declaration, ctx.today, slots)
    return ctx.scratch["eligibility"]


@implements("facts_complete")
def facts_complete(ctx: Context) -> None:
    check = _check(ctx)
    if not check.complete:
        raise Refused("请先填写：" + "、".join(check.missing_fields) + "。", code="incomplete")


@implements("eligible")
def eligible(ctx: Context) -> None:
    check = _check(ctx)
    if not check.ready:
        problems = [f["message"] for f in check.findings
                    if f["severity"] in ("blocking", "missing")]
        raise Refused("暂不能提交：" + "；".join(problems), code="not_ready")


@implements("required_materials")
def required_materials(ctx: Context) -> None:
    _check(ctx)
    missing = [s.material_type.name for s in ctx.scratch["slots"] if s.missing]
    if missing:
        raise Refused("请上传以下必备材料：" + "、".join(missing) +
                      "（按系统规定模块上传原件扫描件，§3.2.1）。", code="materials_missing")


@effect("stamp_submission")
def stamp_submission(ctx: Context) -> list[str]:
    decl = ctx.declaration
    decl.submitted_at = clock.now()
    decl.unit_type_at_submission = decl.unit.unit_type  # §3.1.2 snapshot
    return ["submitted_at", "unit_type_at_submission"]


@effect("freeze_decision")
def freeze_decision(ctx: Context) -> list[str]:
    """Freeze exactly the eligibility check the conditions passed (no second evaluation)."""
    check = _check(ctx)
    if not check.complete:  # facts_complete refuses first; never freeze half a record
        raise Refused("资格审查所需信息不完整，不能提交。", code="incomplete")
    ctx.declaration.decision = eligibility.freeze(check)
    return ["decision", "updated_at"]


def submit_declaration(decl_id: int, *, actor: User,
                       today: datetime.date | None = None) -> Declaration:
    """Submit a draft, or resubmit a returned declaration: the transition's own conditions
    decide (phase, binding, one per year §3.1.6, eligibility, materials)."""
    decl = Declaration.objects.filter(pk=decl_id, applicant=actor).only("state").first()
    if decl is None:
        raise NotFound()
    name = "resubmit" if decl.state == State.RETURNED else "submit"
    return workflow.perform(name, decl_id, actor=actor, today=today)


def withdraw_declaration(decl_id: int, *, actor: User) -> Declaration:
    return workflow.perform("withdraw", decl_id, actor=actor, expected_state=State.SUBMITTED)
