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
    from zhicheng.declarations.api import router as declarations
    from zhicheng.materials.api import router as materials

    api.add_router("/declarations", declarations)
    api.add_router("/materials", materials)


_mount()
