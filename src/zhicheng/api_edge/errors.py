"""One error shape for every 4xx: {"code", "message", "field"} with a Chinese message that
names the field in Chinese and never echoes the input.

Status codes: 400 bad input (never 422), 401 not logged in, 403 CSRF or role refused,
404 missing or outside one's scope, 409 conflict with the current state (stale, wrong
state or phase …), 413 body too large."""

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from zhicheng.api_edge.labels import describe
from zhicheng.core.domain.errors import NotFound, Refused


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


class InputError(Exception):
    """Bad input found at the edge (before any domain function runs): 400."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message, self.field, self.code = message, field, code


# Domain refusals that are about the input, not about the current state: 400.
INPUT_CODES = frozenset({
    "too_long", "invalid_value", "invalid_field", "reason_required", "bad_period",
    "unknown_transition", "nothing_selected", "grounds_required", "future_date", "bad_result",
    "bad_deadline", "text_required", "strict_justification_required", "seal_required",
    "reviewer_required", "result_required", "required", "remark_required", "penalty_required",
    "no_text", "no_name", "no_contact", "not_accepted", "bad_decision", "wrong_type",
    "wrong_path", "not_bulk", "too_many", "mobile", "no_change", "specialty_series",
    "type_not_applicable", "invalid", "allegation_required", "certificate_number_required",
    "confirmed_by_required", "date_required", "deadline_required", "decision_required",
    "document_number_required", "field_required", "item_required", "reasons_required",
    "report_number_required",
})
# Refusals because of who is asking (the object itself is visible): 403.
FORBIDDEN_CODES = frozenset({
    "wrong_role", "out_of_scope", "not_applicant", "not_centre", "office_kind",
    "wrong_assignment",
})

# Pydantic error types → what the value should have been.
_EXPECTED = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "date_parsing": "应为有效日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为有效日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "应为日期，不含时间",
    "date_type": "应为有效日期（YYYY-MM-DD）",
    "list_type": "应为列表",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
    "extra_forbidden": "不是可用的字段",
    "string_too_long": "过长",
    "too_long": "项数过多",
    "too_short": "项数不足",
}


def _expected(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in ("enum", "literal_error") and "expected" in ctx:
        choices = str(ctx["expected"]).replace("'", "").replace(" or ", ", ")
        return f"应为以下之一：{choices.replace(', ', '、')}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}"
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符"
    if kind == "too_long":
        return f"不能超过 {ctx.get('max_length')} 项"
    return _EXPECTED.get(kind, "格式不正确")


def validation_message(errors: list[dict]) -> tuple[str | None, str]:
    """The first error, in Chinese, without the input value (it may be huge or private)."""
    first = errors[0] if errors else {}
    loc = first.get("loc") or ()
    if first.get("type") == "missing" and len(loc) <= 2 and loc[:1] == ("body",):
        return None, "缺少请求体（JSON）。"
    field, where = describe(loc)
    more = f"（另有{len(errors) - 1}处错误）" if len(errors) > 1 else ""
    return field, f"{where}{_expected(first)}。{more}"


_HTTP_MESSAGES = {
    401: ("not_authenticated", "请先登录（会话已过期或未登录）。"),
    403: ("forbidden", "请求被拒绝：缺少或无效的 CSRF 令牌（请在 X-CSRFToken 头中提供）。"),
    404: ("not_found", "未找到该记录，或您无权查看。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
    413: ("too_large", "请求体过大。"),
    429: ("throttled", "请求过于频繁，请稍后再试。"),
}


def install_error_handlers(api: NinjaAPI) -> None:
    def reply(request, status: int, code: str, message: str, field: str | None = None):
        return api.create_response(request, {"code": code, "message": message,
                                             "field": field}, status=status)

    @api.exception_handler(NotFound)
    def not_found(request, exc: NotFound):
        return reply(request, 404, exc.code, exc.message)

    @api.exception_handler(Http404)
    def http404(request, exc):
        return reply(request, 404, *_HTTP_MESSAGES[404])

    @api.exception_handler(Refused)
    def refused(request, exc: Refused):
        status = (400 if exc.code in INPUT_CODES
                  else 403 if exc.code in FORBIDDEN_CODES else 409)
        return reply(request, status, exc.code, exc.message, getattr(exc, "field", None))

    @api.exception_handler(InputError)
    def bad_input(request, exc: InputError):
        return reply(request, 400, exc.code, exc.message, exc.field)

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        field, message = validation_message(exc.errors)
        return reply(request, 400, "invalid", message, field)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return reply(request, 413, "too_large",
                     "请求体过大（JSON 请求体不能超过 2.5 MB；上传文件请用材料上传接口）。")

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # The parser's own refusal arrives wrapped by ninja ("Cannot parse request body").
        cause = exc.__cause__
        if isinstance(cause, InputError):
            return bad_input(request, cause)
        if isinstance(cause, RequestDataTooBig):
            return too_big(request, cause)
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            return reply(request, 401, *_HTTP_MESSAGES[401])
        if exc.status_code in _HTTP_MESSAGES:
            return reply(request, exc.status_code, *_HTTP_MESSAGES[exc.status_code])
        return reply(request, 400, "invalid", "请求格式不正确。")


def document_errors(router: Router) -> None:
    """Declare the error responses on every operation of a router, so the OpenAPI lists
    exactly the statuses (and the one shape) that the handlers above can answer."""
    for view in router.path_operations.values():
        for op in view.operations:
            codes = [400, 404, 409]
            if op.auth_param is not None:  # None: public (auth=None); else SessionAuth
                codes += [401, 403]
            if set(op.methods) - {"GET", "HEAD", "OPTIONS"}:
                codes += [413]
            for status in codes:
                op.response_models.setdefault(status, op._create_response_model(ErrorOut))
