"""评委库: the secretariat's list of its committee's experts, 入库 and status changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.session import active_assignment
from zhicheng.evaluation.domain import pool as domain
from zhicheng.evaluation.forms import ExpertForm, StatusForm
from zhicheng.evaluation.models import ExpertStatus, ExpertStatusChange, Seat


def secretariat_or_404(request):
    active = active_assignment(request)
    try:
        return domain.secretariat_of(
            request.user, active.committee_id if active and active.committee_id else None)
    except (NotFound, Refused):
        raise Http404 from None


def _page(request, acting, form, status=200):
    # Participation history and the 入库/出库 record, two queries whatever the pool's size.
    experts = list(domain.pool(acting).prefetch_related(
        Prefetch("seats", queryset=Seat.objects.select_related("session")
                 .order_by("session__held_on")),
        Prefetch("status_changes", queryset=ExpertStatusChange.objects.order_by("changed_at"))))
    for e in experts:
        e.steps = [(to, label) for (frm, to), label in domain.STEPS.items() if frm == e.status]
    counts = {s: sum(e.status == s for e in experts) for s in ExpertStatus}
    return render(request, "evaluation/pool.html", {
        "committee": acting.committee, "experts": experts, "form": form,
        "counts": [(s.label, counts[s]) for s in ExpertStatus],
    }, status=status)


@login_required
def pool_page(request):
    acting = secretariat_or_404(request)
    committee = acting.committee
    if request.method != "POST":
        return _page(request, acting, ExpertForm(committee=committee))
    form = ExpertForm(request.POST, committee=committee)
    if not form.is_valid():
        messages.error(request, "有填写项需要修改（见标红处）。")
        return _page(request, acting, form, status=422)
    try:
        expert = domain.add_expert(actor=request.user, committee_id=committee.pk,
                                   **form.cleaned_data)
    except Refused as exc:
        messages.error(request, exc.message)
        return _page(request, acting, form, status=422)
    messages.success(request, f"已将{expert.user.real_name}入库，评委库编号 {expert.code}，"
                              f"登录用户名 {expert.user.username}。")
    return redirect("evaluation:pool")


@login_required
@require_POST
def change_status(request, pk: int):
    secretariat_or_404(request)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择新的状态并写明原因。")
        return redirect("evaluation:pool")
    try:
        expert = domain.change_status(actor=request.user, expert_id=pk, **form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("evaluation:pool")
    messages.success(request, f"{expert.user.real_name}（{expert.code}）已改为"
                              f"「{expert.get_status_display()}」。")
    return redirect("evaluation:pool")
