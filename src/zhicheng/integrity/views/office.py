"""The office's pages: case list, opening a case, the case page with its decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.declarations.domain.scope import visible_declarations
from zhicheng.integrity.domain import cases
from zhicheng.integrity.domain.access import cases_for_office
from zhicheng.integrity.domain.records import mask_id
from zhicheng.integrity.domain.timeline import case_timeline
from zhicheng.integrity.forms import DecideForm, OpenCaseForm
from zhicheng.integrity.models import CaseState
from zhicheng.integrity.views.common import NOT_FOUND, acting_with, answers_of, load_case

STATE_FILTERS = [("", "全部"), *CaseState.choices]


@login_required
def case_list(request):
    assignment = acting_with(request, "integrity.list_cases")
    state = request.GET.get("state", "")
    qs = (cases_for_office(request.user, assignment)
          .select_related("declaration__applicant", "declaration__unit", "office")
          .annotate(n_answers=Count("answers")).order_by("-opened_at", "-id"))
    if state in CaseState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    today = clock.today()
    for case in page:
        case.status = cases.status_label(case, today, case.n_answers > 0)
    return render(request, "integrity/case_list.html", {
        "page": page, "state": state, "states": STATE_FILTERS, "assignment": assignment})


@login_required
def open_for(request):
    """The case list's "declaration number" box: on to that declaration's form."""
    acting_with(request, "integrity.list_cases")
    raw = request.GET.get("declaration", "").strip().lstrip("#")
    if not raw.isdigit():
        messages.error(request, "请输入申报编号（数字）。")
        return redirect("integrity:cases")
    return redirect("integrity:open", pk=int(raw))


def _declaration_or_404(request, pk: int):
    decl = (visible_declarations(request.user)
            .select_related("applicant", "unit", "series", "committee").filter(pk=pk).first())
    if decl is None or not request.user.has_perm("integrity.open_case", decl):
        raise Http404(NOT_FOUND)
    return decl


@login_required
def open_case(request, pk: int):
    decl = _declaration_or_404(request, pk)
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = cases.open_case(
                declaration_id=decl.pk, actor=request.user, item=d["item"],
                allegation=d["allegation"], material_type=d["material_type"],
                deadline=d["deadline"], working_days=d["working_days"])
        except NotFound:
            raise Http404(NOT_FOUND) from None
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已立案（案件 #{case.pk}），已要求申报人于"
                                      f"{case.proof_deadline:%Y年%-m月%-d日}前提供证明材料。")
            return redirect("integrity:case", pk=case.pk)
    open_cases = decl.fraud_cases.filter(state=CaseState.OPEN).first()
    return render(request, "integrity/open_case.html", {
        "decl": decl, "form": form, "masked_id": mask_id(decl.id_number),
        "open_case": open_cases})


@login_required
def case_page(request, pk: int):
    case = load_case(request, pk)
    if not request.user.has_perm("integrity.decide_case", case):
        if request.user.has_perm("integrity.answer_case", case):
            return redirect("integrity:my_case", pk=case.pk)
        raise Http404(NOT_FOUND)
    return _render_case(request, case, DecideForm(initial={"period_to": _default_period()}))


def _default_period():
    today = clock.today()
    try:
        return today.replace(year=today.year + 3)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 3, day=28)


def _render_case(request, case, form, status=200):
    answers = answers_of(case)
    today = clock.today()
    record = getattr(case, "integrity_record", None) if case.state == CaseState.FALSE else None
    return render(request, "integrity/case.html", {
        "case": case, "decl": case.declaration, "answers": answers, "form": form,
        "timeline": case_timeline(case), "status": cases.status_label(case, today,
                                                                       bool(answers)),
        "deadline_passed": today > case.proof_deadline, "record": record,
        "masked_id": mask_id(case.declaration.id_number)}, status=status)


@login_required
@require_POST
def decide(request, pk: int):
    case = load_case(request, pk)
    if not request.user.has_perm("integrity.decide_case", case):
        raise Http404(NOT_FOUND)
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, form, status=200)
    d = form.cleaned_data
    try:
        if d["decision"] == DecideForm.GENUINE:
            cases.decide_genuine(case_id=case.pk, actor=request.user, grounds=d["grounds"])
            messages.success(request, "已认定材料真实，案件结案。")
        else:
            decided = cases.decide_false(
                case_id=case.pk, actor=request.user, grounds=d["grounds"],
                penalty=d["penalty"], period_to=d["period_to"],
                unit_responsible=d["unit_responsible"])
            text = "已认定提供虚假材料：处罚已记录，已列入失信档案并报自治区职改办备案"
            if decided.result_revoked:
                text += "，评审结果已取消"
            messages.success(request, text + "（§4.2.2）。")
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        messages.error(request, exc.message)
    return redirect("integrity:case", pk=case.pk)


