"""The one NinjaAPI instance; each app contributes a Router."""

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI, Swagger
from ninja.security import SessionAuth

from zhicheng.api_edge.errors import document_errors, install_error_handlers
from zhicheng.api_edge.parser import EdgeParser

api = NinjaAPI(
    title="Zhicheng 职称信息化评审管理系统 API",
    version="1",
    description=(
        "申报、材料与提交等接口；权限与页面一致，越权对象一律返回 404。\n\n"
        "错误一律为 JSON `{code, message, field}`：message 为中文说明，field 为出错的字段名"
        "（无具体字段时为 null），不回显输入的值。状态码：400 输入有误（含格式、取值范围、"
        "空字符），401 未登录，403 CSRF 令牌缺失或角色不允许，404 不存在或无权查看，"
        "409 与当前状态冲突（如状态已变化、不在该阶段），413 请求体过大。"
        "列表接口分页：`limit`（1–100，默认 50）与 `offset`，返回 `{items, count}`。"),
    auth=SessionAuth(),
    urls_namespace="api",
    parser=EdgeParser(),
    # The interactive docs are for logged-in users only; assets come from ninja's static/.
    docs_decorator=login_required,
    docs=Swagger(settings={"validatorUrl": None}),  # no call to validator.swagger.io
)
install_error_handlers(api)


def _mount() -> None:
    from zhicheng.approvals.api import router as approvals
    from zhicheng.declarations.api import router as declarations
    from zhicheng.integrity.api import router as integrity
    from zhicheng.materials.api import router as materials
    from zhicheng.notices.api import router as notices
    from zhicheng.review.api import router as review

    for prefix, router in [("/declarations", declarations), ("/materials", materials),
                           ("/review", review), ("/notices", notices),
                           ("/approvals", approvals), ("/integrity", integrity)]:
        document_errors(router)
        api.add_router(prefix, router)


_mount()
