"""Refuses a NUL byte in an API path (e.g. /slots/%00/files) before any view runs:
PostgreSQL refuses NUL in text, so it would otherwise fail deep in a query."""

from django.http import JsonResponse


class RefuseNulInApiPath:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/") and "\x00" in request.path_info:
            return JsonResponse({"code": "nul", "field": None,
                                 "message": "请求路径含有空字符（NUL），请删除后重试。"},
                                status=400, json_dumps_params={"ensure_ascii": False})
        return self.get_response(request)
