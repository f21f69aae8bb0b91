"""The office's pages (§4.2): queue with filters and bulk actions, per-declaration check."""

import html

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import Series, Unit
from zhicheng.core.session import active_assignment
from zhicheng.declarations.domain import workflow
from zhicheng.declarations.models import Declaration, State
from zhicheng.review.domain.dossier import dossier
from zhicheng.review.domain.office import (
    BULK_ACTIONS,
    COUNT_CAP,
    OFFICE_ACTIONS,
    QueueFilter,
    bulk_perform,
    office_queue,
    queue_page,
)
from zhicheng.review.forms import BulkForm, QueueFilterForm
from zhicheng.review.models import CheckParty, CheckResult
from zhicheng.review.views.common import (
    NOT_FOUND,
    check_inputs,
    declaration_or_404,
    safe_next,
    save_checks,
)
from zhicheng.review.views.unit import transition

PAGE_SIZE = 20


def _office_assignment_or_404(request):
    assignment = active_assignment(request)
    if not request.user.has_perm("review.office_queue", assignment):
        raise Http404(NOT_FOUND)
    return assignment


def _filter_choices(assignment) -> tuple[list, list]:
    """(id, name) pairs, not model instances: a city lists hundreds of units."""
    office = assignment.office
    series = Series.objects.all()
    if office.series_id:
        series = series.filter(pk=office.series_id)
    units = (Unit.objects.filter(pk__in=office_queue(assignment).order_by().values("unit_id"))
             .order_by("name").values_list("id", "name"))
    return list(units), list(series.values_list("id", "name"))


def _escaped(value) -> str:
    # conditional_escape's output, without its per-call wrappers (hundreds of calls a page).
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _options(choices, current: str) -> str:
    """<option>s built in one pass: a city lists hundreds of units, and a template (or widget)
    render per option was half of the page's time (bench/office_queue_bench.py); then
    format_html per option was a third of it (bench/README.md, http-bench)."""
    return mark_safe("".join(
        f'<option value="{_escaped(v)}"{" selected" if str(v) == current else ""}>'
        f"{_escaped(label)}</option>" for v, label in choices))


@login_required
def office_queue_page(request):
    assignment = _office_assignment_or_404(request)
    units, series = _filter_choices(assignment)
    form = QueueFilterForm(request.GET or None, units=units, series=series)
    f = QueueFilter()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        f = QueueFilter(unit=d["unit"], series=d["series"], level=d["level"], state=d["state"])
    page = queue_page(office_queue(assignment, f), request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    chosen = {k: str(v) for k, v in vars(f).items() if v}
    selects = [(name, form.fields[name].label,
                 _options(form.fields[name].choices, chosen.get(name, "")))
               for name in ("unit", "series", "level", "state")]
    return render(request, "review/office_queue.html", {
        "assignment": assignment, "selects": selects, "page": page, "query": query.urlencode(),
        "cap": COUNT_CAP,
        "bulk_actions": [(a, workflow.BY_NAME[a].label) for a in BULK_ACTIONS],
        "here": request.get_full_path(),
    })


@login_required
@require_POST
def office_bulk(request):
    _office_assignment_or_404(request)
    back = safe_next(request, reverse("review:office_queue"))
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择批量操作。")
        return redirect(back)
    items = []
    for raw in request.POST.getlist("pick"):
        pk, _, state = raw.partition(":")
        if pk.isdigit():
            items.append((int(pk), state))
    try:
        outcome = bulk_perform(actor=request.user, action=form.cleaned_data["action"],
                               items=items, reason=form.cleaned_data["reason"])
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect(back)
    names = dict(Declaration.objects.filter(pk__in=[pk for pk, _ in outcome.refused])
                 .values_list("pk", "applicant__real_name"))
    if outcome.done:
        messages.success(request, f"批量办理「{outcome.label}」：{len(outcome.done)}件已办理。")
    for pk, why in outcome.refused:
        messages.error(request, f"第{pk}号申报（{names.get(pk) or '—'}）未办理：{why}")
    return redirect(back)


def _page(request, decl, *, status=200, posted=None):
    actions = [t for t in workflow.allowed_from(decl.state) if t.name in OFFICE_ACTIONS]
    d = dossier(decl)
    record = vars(d)
    in_review = decl.state == State.OFFICE_REVIEW
    return render(request, "review/office_review.html", {
        "actions": actions, **record, "dossier": d,
        "my_party": CheckParty.OFFICE, "results": CheckResult.choices,
        "can_check": in_review, "check_form": in_review, "check_blocked": "",
        "check_inputs": check_inputs(record, CheckParty.OFFICE, posted) if in_review else {},
        "check_action": reverse("review:office_checks", args=[decl.pk]),
    }, status=status)


@login_required
def office_review(request, pk: int):
    return _page(request, declaration_or_404(request, pk, "review.office_review"))


@login_required
@require_POST
def office_checks(request, pk: int):
    """§4.2: the office's own per-item conclusions, beside the unit's."""
    decl = declaration_or_404(request, pk, "review.office_review")
    active = active_assignment(request)
    return save_checks(request, decl, assignment_id=active.pk if active else None,
                       page=_page, back="review:office_review")


@login_required
@require_POST
def office_transition(request, pk: int, name: str):
    declaration_or_404(request, pk, "review.office_review")
    return transition(request, pk, name, OFFICE_ACTIONS, "review:office_review")
