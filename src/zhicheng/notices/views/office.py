"""Office pages: how notices are shown (mask, order) and working-day overrides."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Office, Role, WorkdayOverride
from zhicheng.notices.domain import settings as notice_settings
from zhicheng.notices.domain.access import setting_for
from zhicheng.notices.models import MaskStyle, NameOrder


def _offices(user) -> list[Office]:
    mine = assignments_of(user)
    if any(a.role == Role.REGIONAL_OFFICE for a in mine):
        return list(Office.objects.exclude(kind="regional").order_by("kind", "name"))
    return [a.office for a in mine if a.role == Role.OFFICE]


@login_required
def display(request):
    offices = _offices(request.user)
    if not offices:
        raise Http404
    if request.method == "POST":
        try:
            notice_settings.set_notice_setting(
                actor=request.user, office_id=int(request.POST.get("office", 0) or 0),
                mask_style=request.POST.get("mask_style", ""),
                order=request.POST.get("order", ""))
        except NotFound:
            raise Http404 from None
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "公示显示设置已保存。")
            return redirect("notices:display")
    rows = [(o, setting_for(o)) for o in offices]
    return render(request, "notices/display.html", {
        "rows": rows, "masks": MaskStyle.choices, "orders": NameOrder.choices})


@login_required
def workdays(request):
    if not request.user.has_perm("notices.set_workdays"):
        raise Http404
    if request.method == "POST":
        try:
            day = datetime.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            messages.error(request, "日期格式不正确。")
        else:
            try:
                notice_settings.set_workday_override(
                    actor=request.user, date=day,
                    is_workday=request.POST.get("is_workday") == "1",
                    note=request.POST.get("note", ""))
            except Refused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已保存{day:%Y年%-m月%-d日}的工作日设置。")
                return redirect("notices:workdays")
    return render(request, "notices/workdays.html", {
        "overrides": WorkdayOverride.objects.select_related("set_by").order_by("-date")[:400]})
