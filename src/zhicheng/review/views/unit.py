"""The unit side's pages (§4.1): queue, pledge, per-declaration review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.session import active_assignment
from zhicheng.declarations.domain import workflow
from zhicheng.declarations.domain.drafting import current_plan
from zhicheng.declarations.domain.scope import scope_q
from zhicheng.declarations.models import Declaration, State
from zhicheng.review.domain import pledges, recommendation
from zhicheng.review.domain.acting import UNIT_ACTIONS, party_of, unit_side_assignment
from zhicheng.review.domain.dossier import dossier
from zhicheng.review.forms import DeliberationForm, InterviewForm, PledgeForm
from zhicheng.review.models import CheckResult
from zhicheng.review.views.common import (
    NOT_FOUND,
    check_inputs,
    declaration_or_404,
    safe_next,
    save_checks,
)

TODO = "todo"


def _unit_assignment_or_404(request):
    assignment = active_assignment(request)
    if not request.user.has_perm("review.unit_queue", assignment):
        raise Http404(NOT_FOUND)
    return assignment


def _acting_for(request, decl):
    """The unit-side assignment to act under: the active one if it covers decl."""
    active = active_assignment(request)
    try:
        return unit_side_assignment(request.user, decl, active.pk if active else None)
    except (NotFound, Refused):
        raise Http404(NOT_FOUND) from None


@login_required
def unit_queue(request):
    assignment = _unit_assignment_or_404(request)
    state = request.GET.get("state", TODO)
    qs = (Declaration.objects.filter(scope_q(assignment))
          .exclude(state=State.DRAFT)
          .select_related("applicant", "series", "committee", "unit")
          .order_by("-state_changed_at", "-id"))
    if state == TODO:
        qs = qs.filter(state__in=State.UNIT_STAGE)
    elif state in State.values:
        qs = qs.filter(state=state)
    else:
        state = ""
    plan = current_plan()
    pledge = pledges.pledge_for(assignment.unit_id, plan.pk) if plan else None
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "review/unit_queue.html", {
        "assignment": assignment, "page": page, "state": state,
        "states": [(TODO, "待办（待审核、审核中、公示中）")]
        + [(s.value, s.label) for s in State if s != State.DRAFT],
        "plan": plan, "pledge": pledge, "pledge_form": PledgeForm(),
        "pledge_preview": pledges.pledge_text(assignment.unit, plan, "") if plan else "",
    })


@login_required
@require_POST
def sign_pledge(request):
    assignment = _unit_assignment_or_404(request)
    plan = current_plan()
    back = safe_next(request, reverse("review:unit_queue"))
    form = PledgeForm(request.POST)
    if plan is None:
        messages.error(request, "尚无年度评审部署，暂不能签署承诺书。")
        return redirect(back)
    if not form.is_valid():
        messages.error(request, "请填写审查责任人姓名（§4.1.1）。")
        return redirect(back)
    try:
        p = pledges.sign_pledge(actor=request.user, plan=plan, assignment_id=assignment.pk,
                                **form.cleaned_data)
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request,
                         f"已签署{plan.year}年度审核承诺书，审查责任人：{p.reviewer_name}。")
    return redirect(back)


def _page(request, decl, *, interview_form=None, deliberation_form=None, status=200,
          posted=None):
    acting = _acting_for(request, decl)
    pledge = pledges.pledge_for(acting.unit_id, decl.plan_id)
    d = dossier(decl)
    record = vars(d)
    party = party_of(acting)
    actions = [t for t in workflow.allowed_from(decl.state)
               if t.name in UNIT_ACTIONS and acting.role in t.roles]
    return render(request, "review/unit_review.html", {
        "acting": acting, "pledge": pledge, "pledge_form": PledgeForm(),
        "pledge_preview": pledges.pledge_text(acting.unit, decl.plan, ""),
        "my_party": party, "check_inputs": check_inputs(record, party, posted),
        "results": CheckResult.choices, "can_check": decl.state == State.UNIT_REVIEW,
        "check_form": decl.state == State.UNIT_REVIEW and pledge is not None,
        "check_blocked": "" if pledge else "请先签署审核承诺书，再逐项审核（§4.1.1）。",
        "check_action": reverse("review:record_checks", args=[decl.pk]),
        "can_record": decl.state in recommendation.STAGES,
        "interview_form": interview_form or InterviewForm(prefix="iv"),
        "deliberation_form": deliberation_form or DeliberationForm(prefix="dl"),
        "actions": actions, "in_review": decl.state == State.UNIT_REVIEW,
        **record, "dossier": d,
    }, status=status)


@login_required
def unit_review(request, pk: int):
    decl = declaration_or_404(request, pk, "review.unit_review")
    return _page(request, decl)


@login_required
@require_POST
def record_checks(request, pk: int):
    decl = declaration_or_404(request, pk, "review.unit_review")
    acting = _acting_for(request, decl)
    return save_checks(request, decl, assignment_id=acting.pk, page=_page,
                       back="review:unit_review")


def _record(request, pk: int, form_cls, prefix: str, fn, done: str):
    decl = declaration_or_404(request, pk, "review.unit_review")
    acting = _acting_for(request, decl)
    form = form_cls(request.POST, prefix=prefix)
    kw = {"interview_form" if prefix == "iv" else "deliberation_form": form}
    if not form.is_valid():
        messages.error(request, "有填写项需要修改（见标红处）。")
        return _page(request, decl, status=422, **kw)
    try:
        fn(pk, actor=request.user, assignment_id=acting.pk, **form.cleaned_data)
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        messages.error(request, exc.message)
        return _page(request, decl, status=422, **kw)
    messages.success(request, done)
    return redirect("review:unit_review", pk=pk)


@login_required
@require_POST
def record_interview(request, pk: int):
    return _record(request, pk, InterviewForm, "iv", recommendation.record_interview,
                   "已记录面试答辩情况。")


@login_required
@require_POST
def record_deliberation(request, pk: int):
    return _record(request, pk, DeliberationForm, "dl", recommendation.record_deliberation,
                   "已记录单位审议情况及推荐意见。")


def transition(request, pk: int, name: str, allowed: tuple[str, ...], page: str):
    if name not in allowed:
        raise Http404(NOT_FOUND)
    try:
        workflow.perform(name, pk, actor=request.user, reason=request.POST.get("reason", ""),
                         expected_state=request.POST.get("expected_state") or None)
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        (messages.info if exc.code == "stale" else messages.error)(request, exc.message)
    else:
        messages.success(request, f"已办理「{workflow.BY_NAME[name].label}」。")
    return redirect(page, pk=pk)


@login_required
@require_POST
def unit_transition(request, pk: int, name: str):
    declaration_or_404(request, pk, "review.unit_review")
    return transition(request, pk, name, UNIT_ACTIONS, "review:unit_review")

