"""The one NinjaAPI instance; each app contributes a Router."""

from ninja import NinjaAPI
from ninja.security import SessionAuth

from zhicheng.api.errors import install_error_handlers

api = NinjaAPI(
    title="Zhicheng 职称信息化评审管理系统 API",
    version="1",
    description="申报、材料与提交等接口；权限与页面一致，越权对象一律返回 404。",
    auth=SessionAuth(),
    urls_namespace="api",
)
install_error_handlers(api)


def _mount() -> None:
    from zhicheng.approvals.api import router as approvals
    from zhicheng.declarations.api import router as declarations
    from zhicheng.integrity.api import router as integrity
    from zhicheng.materials.api import router as materials
    from zhicheng.notices.api import router as notices
    from zhicheng.review.api import router as review

    api.add_router("/declarations", declarations)
    api.add_router("/materials", materials)
    api.add_router("/review", review)
    api.add_router("/notices", notices)
    api.add_router("/approvals", approvals)
    api.add_router("/integrity", integrity)


_mount()
