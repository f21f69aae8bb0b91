"""The demo banner's one view: move the demo date (404 outside demo mode)."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhicheng.core import clock
from zhicheng.demo.clock import move_demo_date


@require_POST
def move_date(request):
    if not clock.is_pinned():
        raise Http404
    try:
        day = datetime.date.fromisoformat(request.POST.get("date", ""))
        move_demo_date(actor=request.user, day=day)
        messages.success(request, f"演示日期已调整为 {day:%Y年%-m月%-d日}，所有页面即时生效。")
    except ValueError as exc:
        text = str(exc) if "附件1" in str(exc) else "日期格式不正确。"
        messages.error(request, f"未能调整演示日期：{text}")
    back = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "/"
    return HttpResponseRedirect(back)
