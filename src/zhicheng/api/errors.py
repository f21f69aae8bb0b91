"""Domain refusals become JSON with a Chinese message; out-of-scope objects are 404."""

from ninja import NinjaAPI

from zhicheng.core.domain.errors import NotFound, Refused


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NotFound)
    def not_found(request, exc: NotFound):
        return api.create_response(request, {"code": exc.code, "message": exc.message},
                                   status=404)

    @api.exception_handler(Refused)
    def refused(request, exc: Refused):
        return api.create_response(request, {"code": exc.code, "message": exc.message},
                                   status=409)
