"""Navigation shows each role only the pages it may use."""

from django.urls import get_script_prefix, reverse

from zhicheng.core import clock
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.session import active_assignment

# (label, url name, permission) in the order shown. Each item shows when the session's
# active assignment carries the permission: the same rules predicate the page itself checks
# (tests/web/test_navigation.py follows every link of every demo role).
NAV = [
    ("工作台", "web:home", "core.use_workbench"),
    ("我的申报", "web:declarations", "declarations.apply"),
    ("新建申报", "declarations:start", "declarations.apply"),
    ("我的单位", "web:binding", "declarations.apply"),
    ("核查通知", "integrity:my_cases", "declarations.apply"),
    ("单位审核", "review:unit_queue", "review.unit_queue"),
    ("人员绑定", "web:unit_bindings", "core.confirm_bindings"),
    ("单位公示", "notices:manage", "notices.post_notice"),
    ("职改办审核", "review:office_queue", "review.office_queue"),
    ("待审批事项", "approvals:inbox", "approvals.view_inbox"),
    ("材料核查", "integrity:cases", "integrity.list_cases"),
    ("失信档案", "integrity:records", "integrity.view_records"),
    ("造假案件备案", "integrity:reported", "integrity.view_reported"),
    ("申报查询", "web:declarations", "declarations.search_officially"),
    ("诚信情况", "integrity:committee", "integrity.committee_records"),
    ("评委库", "evaluation:pool", "evaluation.manage_pool"),
    ("评审会议", "evaluation:sessions", "evaluation.manage_pool"),
    ("我的评审会议", "evaluation:my_sessions", "evaluation.sit_in_session"),
    ("会议投票", "evaluation:ballot_sessions", "evaluation.vote"),
    ("公示设置", "notices:display", "notices.set_display"),
    ("节假日补录", "notices:workdays", "notices.set_workdays"),
    ("配置修改", "approvals:config", "approvals.view_config_changes"),
    ("账号管理", "web:accounts", "core.open_accounts"),
    ("评审安排", "web:plans", "core.use_workbench"),
]


_URLS: dict[tuple[str, str], str] = {}


def _url(name: str) -> str:
    # The menu's URLs take no arguments: reversed once per script prefix, not per request.
    key = (get_script_prefix(), name)
    url = _URLS.get(key)
    if url is None:
        url = _URLS[key] = reverse(name)
    return url


def _items(user, assignment) -> list[tuple[str, str]]:
    return [(label, _url(name)) for label, name, perm in NAV
            if user.has_perm(perm, assignment)]


def navigation(request):
    user = getattr(request, "user", None)
    demo_today = clock.today() if clock.is_pinned() else None
    demo = {"demo_today": demo_today}  # the banner's phases: zhicheng.demo.context
    if user is None or not user.is_authenticated:
        return demo
    current = active_assignment(request)
    return {
        "nav_items": _items(user, current) if current else [],
        "current_assignment": current,
        "my_assignments": assignments_of(user),
        **demo,
    }
