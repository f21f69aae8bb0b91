"""The applicant's pages: start, fill (with autosave and live eligibility), submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import has_role
from zhicheng.core.models import Role
from zhicheng.declarations.domain import drafting, eligibility, submission
from zhicheng.declarations.domain.sources import current_material_files, material_slots
from zhicheng.declarations.domain.timeline import return_reason
from zhicheng.declarations.forms import (
    SECTION_TITLES,
    StartForm,
    bind_forms,
    facts_shown,
    problems,
    rows_from,
    rows_shown,
    sent_rows,
)
from zhicheng.declarations.models import Declaration, State


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


def _raw(request) -> dict:
    return {k: v if len(v) > 1 else v[0] for k, v in request.POST.lists()
            if k != "csrfmiddlewaretoken"}


def _save(request, pk: int):
    """(decl, ids, facts, sets, problems): ids of the saved rows when everything
    validated, else None, with the bound forms and every error at once (the raw draft is
    kept). One domain call: the declaration is read and locked once, the forms are bound
    to it inside the same transaction."""
    bound = {}

    def read(decl: Declaration) -> drafting.PageInput:
        facts, sets = bound["facts"], bound["sets"] = bind_forms(decl, request.POST)
        valid = facts.is_valid()
        valid = all([s.is_valid() for s in sets.values()]) and valid  # validate all: all errors
        if valid:
            return drafting.PageInput(
                facts={k: v for k, v in facts.cleaned_data.items() if k in drafting.FACT_FIELDS},
                rows={name: rows_from(s) for name, s in sets.items()})
        return drafting.PageInput(raw=_raw(request), problems=problems(facts, sets))

    try:
        decl, sent, ids = drafting.save_page(pk, request.user, read)
    except NotFound:
        raise Http404 from None
    return decl, ids, bound["facts"], bound["sets"], sent.problems


def _page(request, decl, facts, sets, status=200):
    return render(request, "declarations/edit.html", {
        "decl": decl, "facts": facts, "return_reason": return_reason(decl),
        "sections": [(name, SECTION_TITLES[name], s) for name, s in sets.items()],
        "problems": problems(facts, sets) if facts.is_bound else [],
        "slots": material_slots(decl), "declaration": decl,
    }, status=status)


def _not_editable(request, pk: int, exc: Refused):
    """The Back button after submitting, or a stale tab: show what was submitted."""
    if exc.code != "not_editable":
        raise exc
    messages.info(request, f"{exc.message}以下是您提交的申报表和材料（只读）。")
    return redirect("declarations:view", pk=pk)


@never_cache  # Back after submitting asks the server again, which redirects to the view
@login_required
def edit(request, pk: int):
    try:
        if request.method == "POST":
            decl, ids, facts, sets, _found = _save(request, pk)
            if ids is not None:
                messages.success(request, "草稿已保存。")
                return redirect("declarations:edit", pk=pk)
            messages.error(request,
                           "有填写项需要修改（见标红处）；您填写的内容已保存为草稿，不会丢失。")
            return _page(request, decl, facts, sets, status=200)
        decl = _load(request, pk)
    except Refused as exc:
        return _not_editable(request, pk, exc)
    facts, sets = bind_forms(decl, decl.draft_data or None)
    if decl.draft_data:
        facts.is_valid()
        for s in sets.values():
            s.is_valid()
    return _page(request, decl, facts, sets)


@login_required
@require_POST
def autosave(request, pk: int):
    try:
        _decl, ids, _facts, sets, found = _save(request, pk)
    except Refused as exc:
        return HttpResponse(exc.message, status=409)
    ok = ids is not None
    text = "已自动保存" if ok else f"已保存草稿，有 {len(found)} 处填写项待修改"
    # On success the page learns the id of every row it sent (new rows included), so the
    # next autosave from the same page updates those rows instead of adding them again.
    row_ids = []
    if ok:
        for name, formset in sets.items():
            row_ids.extend((form.add_prefix("id"), row_pk) for (form, _row), row_pk
                           in zip(sent_rows(formset), ids.get(name, []), strict=True))
    # A fragment: rendered without the page's context processors (one query fewer).
    response = HttpResponse(render_to_string("declarations/_saved.html", {
        "text": text, "ok": ok, "problems": found, "row_ids": row_ids}))
    response["HX-Trigger"] = "declaration-saved"
    return response


@login_required
def view(request, pk: int):
    """The applicant's declaration as submitted, read-only, with its material files (links
    go through the permission-checked download). Any state."""
    _applicant_only(request)
    decl = (Declaration.objects.select_related("plan", "committee", "series", "unit",
                                               "specialty", "host_centre")
            .prefetch_related("education", "work_history", "achievements", "approvals")
            .filter(pk=pk, applicant=request.user).first())
    if decl is None:
        raise Http404
    files = current_material_files(decl)
    return render(request, "declarations/view.html", {
        "decl": decl, "files": files, "facts": facts_shown(decl), "rows": rows_shown(decl),
        "editable": decl.state in State.EDITABLE,
        "return_reason": return_reason(decl)})


@login_required
def eligibility_panel(request, pk: int):
    decl = drafting.own_declaration(pk, request.user)
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
