"""The unit's pages: post notices, see their periods, answer objections (§4.1.3)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.workdays import DEFAULT_WORKING_DAYS, notice_period
from zhicheng.core.models import Role
from zhicheng.core.session import active_assignment
from zhicheng.declarations.domain.scope import scope_q
from zhicheng.declarations.models import Declaration, State
from zhicheng.notices.domain import objections, posting, public
from zhicheng.notices.domain.access import unit_assignments
from zhicheng.notices.domain.errors import NoticeRefused
from zhicheng.notices.models import Notice, Objection


def _acting(request):
    """The unit-side assignment the session acts under (the active one if unit-side)."""
    active = active_assignment(request)
    if active is not None and active.role in Role.UNIT_SIDE:
        return active
    mine = unit_assignments(request.user)
    if not mine:
        raise Http404
    return mine[0]


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _date(value, default: datetime.date) -> datetime.date | None:
    if not value:
        return default
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@login_required
def manage(request):
    a = _acting(request)
    today = clock.today()
    errors: dict[int, str] = {}
    form = {"starts_on": today, "working_days": DEFAULT_WORKING_DAYS, "notes": "",
            "chosen": set()}
    if request.method == "POST":
        chosen = [_int(v, 0) for v in request.POST.getlist("declaration")]
        starts_on = _date(request.POST.get("starts_on"), today)
        form = {"starts_on": starts_on or today,
                "working_days": _int(request.POST.get("working_days"), 0),
                "notes": request.POST.get("notes", ""), "chosen": set(chosen)}
        try:
            if starts_on is None:
                raise Refused("公示开始日期格式不正确。", code="bad_date")
            notices = posting.post_notice(
                actor=request.user, assignment=a, declaration_ids=chosen, starts_on=starts_on,
                working_days=form["working_days"], notes=form["notes"], today=today)
        except NotFound:
            raise Http404 from None
        except NoticeRefused as exc:
            errors = exc.problems
            messages.error(request, "部分申报暂不能公示（见下方各行说明），本次公示未发布。")
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            for n in notices:
                messages.success(request, f"已发布{n.get_kind_display()}（{n.entries.count()}人），"
                                          f"公示期至{n.ends_on:%Y年%-m月%-d日}。")
            return redirect("notices:manage")
    candidates = list(Declaration.objects.filter(scope_q(a), state=State.UNIT_REVIEW)
                      .select_related("applicant", "series").order_by("id"))
    changed = posting.needing_supplement(a)
    period = notice_period(form["starts_on"], form["working_days"]) \
        if 1 <= form["working_days"] <= 60 else None
    notices = (Notice.objects.filter(unit_id=a.unit_id).select_related("plan")
               .annotate(entry_count=Count("entries", distinct=True),
                         open_objections=Count("entries__objections", distinct=True,
                                               filter=Q(entries__objections__answered_at=None)))
               .order_by("-posted_at"))
    return render(request, "notices/manage.html", {
        "assignment": a, "candidates": candidates, "changed": changed, "errors": errors,
        "form": form, "period": period, "notices": notices, "today": today,
    })


@login_required
def period_preview(request):
    """htmx: the end date of a period as the unit types it."""
    _acting(request)
    starts_on = _date(request.GET.get("starts_on"), clock.today())
    days = _int(request.GET.get("working_days"), 0)
    period = notice_period(starts_on, days) if starts_on and 1 <= days <= 60 else None
    return render(request, "notices/_period.html", {"period": period})


def _own_notice(request, pk: int) -> Notice:
    notice = Notice.objects.select_related("unit", "plan").filter(pk=pk).first()
    if notice is None or not request.user.has_perm("notices.manage_notice", notice):
        raise Http404("未找到该公示，或您无权管理。")
    return notice


@login_required
def unit_notice(request, pk: int):
    notice = _own_notice(request, pk)
    setting = public.notice_setting(notice)
    rows = public.public_rows(notice, setting)
    found = (Objection.objects.filter(entry__notice=notice)
             .select_related("entry", "answered_by").order_by("lodged_at", "id"))
    return render(request, "notices/unit_notice.html", {
        "notice": notice, "rows": rows, "objections": found, "today": clock.today(),
    })


@login_required
@require_POST
def answer(request, pk: int):
    try:
        obj = objections.answer_objection(objection_id=pk, actor=request.user,
                                          answer=request.POST.get("answer", ""))
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
        notice_id = (Objection.objects.filter(pk=pk).values_list("entry__notice_id", flat=True)
                     .first())
        return redirect("notices:unit_notice", pk=notice_id)
    messages.success(request, f"已答复对「{obj.entry.name}」的异议。")
    return redirect("notices:unit_notice", pk=obj.entry.notice_id)
