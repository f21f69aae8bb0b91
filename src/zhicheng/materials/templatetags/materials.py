from django import template

from zhicheng.materials.domain.locking import can_change_materials

register = template.Library()


@register.simple_tag(takes_context=True)
def material_lock(context, declaration) -> dict:
    """{ok, message, can_edit}: whether materials may change now, and by the viewer."""
    ok, message = can_change_materials(declaration)
    user = context.get("user")
    request = context.get("request")
    if user is None and request is not None:
        user = request.user
    is_applicant = user is not None and user.is_authenticated and \
        user.pk == declaration.applicant_id
    return {"ok": ok, "message": message, "can_edit": ok and is_applicant,
            "is_applicant": is_applicant}
