from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import resolve_url


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
