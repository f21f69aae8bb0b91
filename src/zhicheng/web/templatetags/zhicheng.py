from django import template

from zhicheng.core.domain.idnumbers import mask_id as _mask_id

register = template.Library()


@register.filter
def mask_id(number: str | None) -> str:
    return _mask_id(number or "")


# What is said before an irreversible step (the dialog in base.html, site.js).
CONFIRM = {
    "recommend": "确认「单位推荐」？推荐后申报即报送职改办审核，本单位不能再退回或更改审核结论"
                 "（§4.1.4）。",
    "accept_for_committee": "确认「受理并移交评委会」？移交后申报材料即锁定，不得补充或更换"
                            "（§3.2.1）。",
    "record_pass": "确认「评审通过」？结论记录后不能撤销，将进入评审结果公示（§5.3.2、§5.4.1）。",
    "record_fail": "确认「评审未通过」？结论记录后不能撤销（§5.3.2）。",
    "certify": "确认「发放证书」？证书发放后不能撤回（§7.2.1）。",
    "approve": "确认「审核确认并批复」？批复后不能撤回（§5.4.1）。",
}


@register.filter
def confirm_text(transition) -> str:
    """The confirmation question for a workflow transition; the table marks which are
    irreversible (every transition leaves its state, so each is asked about)."""
    if transition.name in CONFIRM:
        return CONFIRM[transition.name]
    if transition.irreversible:
        return f"确认办理「{transition.label}」？办理后不能撤销。"
    return f"确认办理「{transition.label}」？"
