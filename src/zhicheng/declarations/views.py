"""The applicant's pages: start, fill (with autosave and live eligibility), submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import has_role
from zhicheng.core.models import Role
from zhicheng.declarations.domain import drafting, eligibility, submission
from zhicheng.declarations.domain.sources import material_slots
from zhicheng.declarations.domain.timeline import return_reason
from zhicheng.declarations.forms import FORMSETS, SECTION_TITLES, FactsForm, StartForm, rows_from
from zhicheng.declarations.models import Declaration


def _applicant_only(request):
    if not has_role(request.user, Role.APPLICANT):
        raise Http404


@login_required
def start(request):
    _applicant_only(request)
    plan = drafting.current_plan()
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and plan is not None:
        d = form.cleaned_data
        try:
            decl = drafting.start_declaration(
                applicant=request.user, plan=plan, committee=d["committee"], level=d["level"],
                specialty=d["specialty"], kind=d["kind"], channel=d["channel"])
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已创建申报草稿，请逐项填写并上传材料。")
            return redirect("declarations:edit", pk=decl.pk)
    return render(request, "declarations/start.html", {"form": form, "plan": plan})


def _load(request, pk: int) -> Declaration:
    try:
        return drafting.editable_declaration(pk, request.user)
    except NotFound:
        raise Http404 from None


def _bind(decl: Declaration, data=None):
    """Forms bound to what was posted, else to the last raw draft, else to the record."""
    data = data if data is not None else (decl.draft_data or None)
    facts = FactsForm(data, instance=decl)
    sets = {name: cls(data, instance=decl, prefix=name) for name, cls in FORMSETS.items()}
    return facts, sets


def _raw(request) -> dict:
    return {k: v if len(v) > 1 else v[0] for k, v in request.POST.lists()
            if k != "csrfmiddlewaretoken"}


def _save(request, decl: Declaration):
    facts, sets = _bind(decl, request.POST)
    if facts.is_valid() and all(s.is_valid() for s in sets.values()):
        facts_data = {k: v for k, v in facts.cleaned_data.items() if k in drafting.FACT_FIELDS}
        drafting.save_facts(decl.pk, request.user, facts_data,
                            rows={name: rows_from(s) for name, s in sets.items()})
        return True, None, None
    drafting.save_raw_draft(decl.pk, request.user, _raw(request))
    return False, facts, sets


def _page(request, decl, facts, sets, status=200):
    return render(request, "declarations/edit.html", {
        "decl": decl, "facts": facts, "return_reason": return_reason(decl),
        "sections": [(name, SECTION_TITLES[name], s) for name, s in sets.items()],
        "slots": material_slots(decl), "declaration": decl,
    }, status=status)


@login_required
def edit(request, pk: int):
    decl = _load(request, pk)
    if request.method == "POST":
        try:
            ok, facts, sets = _save(request, decl)
        except Refused as exc:
            messages.error(request, exc.message)
            return redirect("declarations:edit", pk=pk)
        if ok:
            messages.success(request, "草稿已保存。")
            return redirect("declarations:edit", pk=pk)
        messages.error(request,
                       "有填写项需要修改（见标红处）；您填写的内容已保存为草稿，不会丢失。")
        return _page(request, decl, facts, sets, status=200)
    facts, sets = _bind(decl)
    if decl.draft_data:
        facts.is_valid()
        for s in sets.values():
            s.is_valid()
    return _page(request, decl, facts, sets)


@login_required
@require_POST
def autosave(request, pk: int):
    decl = _load(request, pk)
    try:
        ok, _facts, _sets = _save(request, decl)
    except Refused as exc:
        return HttpResponse(exc.message, status=409)
    text = "已自动保存" if ok else "已保存草稿（有填写项待修改）"
    response = render(request, "declarations/_saved.html", {"text": text, "ok": ok,
                                                             "at": clock.today()})
    response["HX-Trigger"] = "declaration-saved"
    return response


@login_required
def eligibility_panel(request, pk: int):
    decl = (Declaration.objects.select_related("plan", "series", "unit", "specialty",
                                               "committee")
            .filter(pk=pk, applicant=request.user).first())
    if decl is None:
        raise Http404
    slots = material_slots(decl)  # read once: for the engine and for missing slots
    check = eligibility.check(decl, clock.today(), slots)
    missing_slots = [s for s in slots if s.missing]
    return render(request, "declarations/_eligibility.html",
                  {"check": check, "decl": decl, "missing_slots": missing_slots})


@login_required
@require_POST
def submit(request, pk: int):
    try:
        submission.submit_declaration(pk, actor=request.user)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        if exc.code == "stale":
            messages.info(request, exc.message)
            return redirect("web:declaration", pk=pk)
        messages.error(request, exc.message)
        return redirect("declarations:edit", pk=pk)
    messages.success(request, "申报已提交，等待单位审核。")
    return redirect("web:declaration", pk=pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    try:
        submission.withdraw_declaration(pk, actor=request.user)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "申报已撤回。")
    return redirect(reverse("web:declaration", args=[pk]))
