from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import resolve_url
from django.views.defaults import page_not_found

from zhicheng.core.domain.errors import NotFound


class HtmxLoginTimeoutMiddleware:
    """An htmx request whose session has ended gets 401, not the login page swapped into a
    fragment; the page script tells the user and keeps what they typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (getattr(request, "htmx", False) and response.status_code == 302
                and response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL))):
            return HttpResponse("登录已超时，请重新登录。", status=401,
                                content_type="text/plain; charset=utf-8")
        return response


class NotFoundMiddleware:
    """The one way a page turns "not in your scope" into the Chinese 404: domain functions,
    the one resolver and core.session.requires raise NotFound; this renders 404.html, exactly
    as for an object that does not exist (the API does the same in api.errors)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return page_not_found(request, Http404(exception.message))
        return None
