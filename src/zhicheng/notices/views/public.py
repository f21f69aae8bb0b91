"""Public pages (no login): current notices, a notice, lodging an objection (§4.1.3)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.notices.domain import objections, public


def notice_list(request):
    today = clock.today()
    return render(request, "notices/public_list.html",
                  {"notices": public.current_notices(today), "today": today})


def _notice(pk: int, today):
    try:
        return public.public_notice(pk, today)
    except NotFound:
        raise Http404("未找到该公示。") from None


def notice_detail(request, pk: int):
    today = clock.today()
    notice = _notice(pk, today)
    setting = public.notice_setting(notice)
    rows = public.public_rows(notice, setting)
    return render(request, "notices/public_detail.html", {
        "notice": notice, "rows": rows, "setting": setting, "today": today,
        "open": notice.starts_on <= today <= notice.ends_on,
        "objection_total": sum(r.objections for r in rows),
    })


@require_http_methods(["GET", "POST"])
def lodge(request, pk: int, entry_id: int):
    today = clock.today()
    notice = _notice(pk, today)
    try:
        entry = objections.public_entry(entry_id, today)
    except NotFound:
        raise Http404("未找到该公示对象。") from None
    if entry.notice_id != notice.pk:
        raise Http404("未找到该公示对象。")
    error = ""
    if request.method == "POST":
        try:
            objections.lodge_objection(
                entry_id=entry.pk, name=request.POST.get("name", ""),
                phone=request.POST.get("phone", ""), email=request.POST.get("email", ""),
                text=request.POST.get("text", ""), today=today)
        except Refused as exc:
            error = exc.message
        else:
            messages.success(request, f"您对「{entry.name}」的异议已提交，{notice.unit.name}"
                                      "将核实并答复。您的联系方式不会公开。")
            return redirect("notices:detail", pk=notice.pk)
    return render(request, "notices/lodge.html", {
        "notice": notice, "entry": entry, "error": error, "data": request.POST,
        "open": notice.starts_on <= today <= notice.ends_on,
    }, status=200)
