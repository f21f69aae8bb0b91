"""Navigation shows each role only the pages it may use."""

from django.urls import reverse

from zhicheng.core import clock
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import OfficeKind, Role
from zhicheng.web.session import active_assignment

R = Role
UNIT_SIDE = {R.UNIT_HR, R.TALENT_CENTRE}
OFFICES = {R.OFFICE, R.REGIONAL_OFFICE}


def _series_or_region(a) -> bool:
    return a.role == R.REGIONAL_OFFICE or (a.office and a.office.kind == OfficeKind.SERIES)


# (label, url name, roles, extra condition on the assignment) in the order shown.
NAV = [
    ("工作台", "web:home", set(R), None),
    ("我的申报", "web:declarations", {R.APPLICANT}, None),
    ("新建申报", "declarations:start", {R.APPLICANT}, None),
    ("我的单位", "web:binding", {R.APPLICANT}, None),
    ("核查通知", "integrity:my_cases", {R.APPLICANT}, None),
    ("单位审核", "review:unit_queue", UNIT_SIDE, None),
    ("人员绑定", "web:unit_bindings", UNIT_SIDE, None),
    ("单位公示", "notices:manage", UNIT_SIDE, None),
    ("职改办审核", "review:office_queue", OFFICES, None),
    ("待审批事项", "approvals:inbox", {R.UNIT_HR, *OFFICES}, None),
    ("材料核查", "integrity:cases", OFFICES, None),
    ("失信档案", "integrity:records", OFFICES, None),
    ("造假案件备案", "integrity:reported", {R.REGIONAL_OFFICE}, None),
    ("申报查询", "web:declarations", {R.SECRETARIAT, *OFFICES}, None),
    ("诚信情况", "integrity:committee", {R.SECRETARIAT}, None),
    ("公示设置", "notices:display", OFFICES, None),
    ("节假日补录", "notices:workdays", {R.REGIONAL_OFFICE}, None),
    ("配置修改", "approvals:config", OFFICES, _series_or_region),
    ("账号管理", "web:accounts", set(R), "core.open_accounts"),
    ("评审安排", "web:plans", set(R), None),
]


def _items(user, assignment) -> list[tuple[str, str]]:
    items = []
    for label, name, roles, condition in NAV:
        if assignment.role not in roles:
            continue
        if isinstance(condition, str) and not user.has_perm(condition, assignment):
            continue
        if callable(condition) and not condition(assignment):
            continue
        items.append((label, reverse(name)))
    return items


def _demo_phases():
    # Demo mode only: the banner's choice of phase starts (the demo app sits above web).
    from zhicheng.demo.clock import phase_starts

    return phase_starts()


def navigation(request):
    user = getattr(request, "user", None)
    demo_today = clock.today() if clock.is_pinned() else None
    demo = {"demo_today": demo_today, "demo_phases": _demo_phases() if demo_today else []}
    if user is None or not user.is_authenticated:
        return demo
    current = active_assignment(request)
    return {
        "nav_items": _items(user, current) if current else [],
        "current_assignment": current,
        "my_assignments": assignments_of(user),
        **demo,
    }
