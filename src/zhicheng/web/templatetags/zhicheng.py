from django import template

from zhicheng.core.domain.idnumbers import mask_id as _mask_id

register = template.Library()


@register.filter
def mask_id(number: str | None) -> str:
    return _mask_id(number or "")
