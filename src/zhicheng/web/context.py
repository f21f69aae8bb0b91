"""Navigation shows each role only the pages it may use."""

from django.urls import reverse

from zhicheng.core import clock
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Role
from zhicheng.web.session import active_assignment


def _items(user, assignment) -> list[tuple[str, str]]:
    items = [("工作台", reverse("web:home"))]
    if assignment.role == Role.APPLICANT:
        items.append(("我的申报", reverse("web:declarations")))
        items.append(("新建申报", reverse("declarations:start")))
        items.append(("我的单位", reverse("web:binding")))
    elif assignment.role != Role.EXPERT:
        items.append(("申报审核", reverse("web:declarations")))
    if assignment.role in (Role.UNIT_HR, Role.TALENT_CENTRE):
        items.append(("人员绑定", reverse("web:unit_bindings")))
    if user.has_perm("core.open_accounts", assignment):
        items.append(("账号管理", reverse("web:accounts")))
    items.append(("评审安排", reverse("web:plans")))
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo_today": clock.today() if clock.is_pinned() else None}
    current = active_assignment(request)
    return {
        "nav_items": _items(user, current) if current else [],
        "current_assignment": current,
        "my_assignments": assignments_of(user),
        "demo_today": clock.today() if clock.is_pinned() else None,
    }
