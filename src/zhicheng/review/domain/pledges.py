"""Signing the pledge (承诺书, §4.1.1): once per unit and plan, with the responsible reviewer."""

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Plan, Role, RoleAssignment, Unit, User
from zhicheng.review.domain.acting import cite
from zhicheng.review.models import Pledge

TEMPLATE = (
    "{unit}申报审核承诺书\n"
    "根据《关于开展{year}年度广西专业技术资格评审工作有关问题的通知》（{doc}）第四部分的规定，"
    "本单位（部门）明确{post}{name}为{year}年度职称申报审查责任人，并郑重承诺：\n"
    "一、严格按照相关文件规定开展本单位（部门）申报审核工作；\n"
    "二、对申报人的学历、资历、专业技术经历、业绩成果、论文著作、免试证明等材料的真实性"
    "进行审核把关；\n"
    "三、对所有申报人员的申报情况、申报材料进行公示，申报情况或材料变更的进行补充公示；\n"
    "四、按照评审程序审查、组织审议推荐并出具单位推荐意见，对申报高级专业技术资格的人员在审议前"
    "组织面试答辩。\n"
    "如有审核把关不严、弄虚作假等情形，本单位（部门）及审查责任人愿承担相应责任。"
)


def pledge_text(unit: Unit, plan: Plan, reviewer_name: str, reviewer_post: str = "") -> str:
    return TEMPLATE.format(unit=unit.name, year=plan.year, doc=plan.document_number,
                           name=reviewer_name.strip() or "（审查责任人）",
                           post=reviewer_post.strip())


def pledge_for(unit_id: int, plan_id: int) -> Pledge | None:
    return (Pledge.objects.select_related("signed_by")
            .filter(unit_id=unit_id, plan_id=plan_id).first())


def require_pledge(assignment: RoleAssignment, plan: Plan) -> Pledge:
    pledge = pledge_for(assignment.unit_id, plan.pk)
    if pledge is None:
        raise Refused(
            f"{assignment.unit.name}尚未签署{plan.year}年度审核承诺书：请先明确审查责任人、"
            f"签署承诺书，再办理单位审核事项{cite('4.1.1')}。", code="pledge_required")
    return pledge


def unit_assignment_of(actor: User, assignment_id: int | None) -> RoleAssignment:
    mine = [a for a in assignments_of(actor) if a.role in Role.UNIT_SIDE]
    chosen = next((a for a in mine if a.pk == assignment_id), None) if assignment_id else (
        mine[0] if len(mine) == 1 else None)
    if chosen is None:
        raise NotFound()
    return chosen


def sign_pledge(*, actor: User, plan: Plan, reviewer_name: str, reviewer_post: str = "",
                accepted: bool, assignment_id: int | None = None) -> Pledge:
    """Sign for the unit of the actor's unit-side assignment. Refused when already signed."""
    assignment = unit_assignment_of(actor, assignment_id)
    name, post = reviewer_name.strip(), reviewer_post.strip()
    if not name:
        raise Refused(f"请填写审查责任人姓名{cite('4.1.1')}。", code="reviewer_required")
    if len(name) > 40 or len(post) > 40:
        raise Refused("审查责任人姓名、职务均不超过40个字。", code="too_long")
    if not accepted:
        raise Refused(f"请阅读承诺书全文并勾选“本单位承诺”后再签署{cite('4.1.1')}。",
                      code="not_accepted")
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=assignment.unit_id)  # one signer wins
        existing = pledge_for(unit.pk, plan.pk)
        if existing is not None:
            raise Refused(
                f"{unit.name}已于{timezone.localtime(existing.signed_at):%Y年%-m月%-d日 %H:%M}"
                f"签署{plan.year}年度审核承诺书（审查责任人：{existing.reviewer_name}），"
                "承诺书签署后不得更改。", code="already_signed")
        pledge = Pledge.objects.create(
            unit=unit, plan=plan, reviewer_name=name, reviewer_post=post,
            text=pledge_text(unit, plan, name, post), signed_by=actor,
            signed_role=assignment.role, signed_at=clock.now())
        record(actor=actor, action="review.pledge.sign", obj=pledge, role=assignment.role,
               scope=assignment.scope_key, after=snapshot(pledge),
               note=f"审查责任人：{name}")
    return pledge
