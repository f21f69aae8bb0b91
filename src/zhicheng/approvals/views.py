"""Pages: the office inbox, an approval form, education verification, configuration change
requests. Thin: permission through rules/domain, the domain decides, NotFound → 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.approvals.domain import config_changes, education
from zhicheng.approvals.domain.authority import REQUIREMENTS, deciding_assignment, strict_review
from zhicheng.approvals.domain.decisions import approvals_of, record_approval
from zhicheng.approvals.domain.inbox import pending_queryset, pending_rows
from zhicheng.approvals.forms import ApprovalForm, ConfigRequestForm, VerificationForm
from zhicheng.approvals.models import EducationVerification, RequestState, Target
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import OfficeKind, Role
from zhicheng.core.session import active_assignment
from zhicheng.declarations.domain.scope import DRAFT_REQUESTS, access_for, request_facts
from zhicheng.declarations.models import ApprovalCode, Declaration
from zhicheng.materials.domain.viewing import request_proofs

NOT_FOUND = "未找到该记录，或您无权查看。"


def _declaration(pk: int) -> Declaration:
    decl = (Declaration.objects.select_related("applicant", "plan", "committee", "series",
                                               "unit", "host_centre")
            .filter(pk=pk).first())
    if decl is None:
        raise Http404(NOT_FOUND)
    return decl


@login_required
def inbox(request):
    if not request.user.has_perm("approvals.view_inbox"):
        raise Http404(NOT_FOUND)
    assignment = active_assignment(request)
    page = Paginator(pending_queryset(assignment), 50).get_page(request.GET.get("page"))
    return render(request, "approvals/inbox.html", {
        "assignment": assignment, "page": page,
        "rows": pending_rows(assignment, page.object_list)})


@login_required
def decide(request, pk: int, code: str):
    decl = _declaration(pk)
    if code not in REQUIREMENTS or not request.user.has_perm("approvals.decide_approval",
                                                             (decl, code)):
        raise Http404(NOT_FOUND)
    strict = code == ApprovalCode.SERIES_OFFICE_PRIOR_APPROVAL and strict_review(decl)
    form = ApprovalForm(request.POST or None, strict=strict,
                        initial={"decided_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            record_approval(
                declaration_id=decl.pk, code=code, actor=request.user, decision=d["decision"],
                document_number=d["document_number"], decided_on=d["decided_on"],
                reasons=d["reasons"], strict_justification=d.get("strict_justification", ""),
                assignment=active_assignment(request))
        except NotFound:
            raise Http404(NOT_FOUND) from None
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已录入「{ApprovalCode(code).label}」的审批结果。")
            return redirect("approvals:inbox")
    acting = deciding_assignment(request.user, decl, code, active_assignment(request))
    access = access_for(request.user, decl)
    return render(request, "approvals/decide.html", {
        "decl": decl, "code": code, "label": ApprovalCode(code).label,
        # Only what this request needs (declarations.domain.scope): never the ID card.
        "facts": request_facts(decl, code),
        "proofs": [f for f in (request_proofs(access) if access else [])
                   if f.material_type.code in DRAFT_REQUESTS[code].materials],
        "needs_materials": bool(DRAFT_REQUESTS[code].materials),
        "requirement": REQUIREMENTS[code], "form": form, "strict": strict,
        "acting": acting, "history": approvals_of(decl),
        "granted": approvals_of(decl).filter(code=code, decision="granted").first()})


@login_required
def education_page(request, pk: int):
    decl = _declaration(pk)
    if not request.user.has_perm("approvals.view_education", decl):
        raise Http404(NOT_FOUND)
    rows = education.status_rows(decl, request.user)
    for row in rows:
        row["form"] = VerificationForm(prefix=f"e{row['education'].pk}",
                                       initial={"verified_on": clock.today()})
    return render(request, "approvals/education.html", {
        "decl": decl, "rows": rows, "non_public": education.is_non_public(decl)})


@login_required
@require_POST
def education_record(request, pk: int, education_id: int):
    decl = _declaration(pk)
    if not decl.education.filter(pk=education_id).exists():
        raise Http404(NOT_FOUND)
    form = VerificationForm(request.POST, prefix=f"e{education_id}")
    if not form.is_valid():
        errors = "；".join(f"{form.fields[f].label if f in form.fields else ''}{' '.join(e)}"
                          for f, e in form.errors.items())
        messages.error(request, f"请检查填写内容：{errors}")
        return redirect("approvals:education", pk=pk)
    try:
        education.record_verification(education_id=education_id, actor=request.user,
                                      assignment=active_assignment(request),
                                      **form.cleaned_data)
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已录入学历核验结果。")
    return redirect("approvals:education", pk=pk)


@login_required
@require_POST
def education_service(request, pk: int, education_id: int):
    decl = _declaration(pk)
    if not decl.education.filter(pk=education_id).exists():
        raise Http404(NOT_FOUND)
    try:
        v: EducationVerification = education.verify_with_service(
            education_id=education_id, actor=request.user, assignment=active_assignment(request))
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已通过{v.verifier}核验：{v.get_result_display()}"
                                  f"（报告编号 {v.report_number}）。")
    return redirect("approvals:education", pk=pk)


def _targets(request) -> list[tuple[str, list[tuple[str, str]]]]:
    mine = assignments_of(request.user)
    office = next((a.office for a in mine if a.role == Role.OFFICE
                   and a.office.kind == OfficeKind.SERIES), None)
    if office is None:
        return []
    return [(Target(t).label, [(f"{t}:{o.pk}", str(o))
                               for o in config_changes.targets_for(office, t).distinct()])
            for t in config_changes.FIELDS]


@login_required
def config_requests(request):
    if not request.user.has_perm("approvals.view_config_changes"):
        raise Http404(NOT_FOUND)
    may_request = request.user.has_perm("approvals.request_config_change")
    form = ConfigRequestForm(request.POST or None, targets=_targets(request)) \
        if may_request else None
    if request.method == "POST":
        if form is None:
            raise Http404(NOT_FOUND)
        if form.is_valid():
            d = form.cleaned_data
            target_type, target_id = d["target"].split(":")
            try:
                config_changes.request_change(
                    actor=request.user, target_type=target_type, target_id=int(target_id),
                    field=d["field"].split(":")[1], new_value=d["new_value"],
                    reason=d["reason"], assignment=active_assignment(request))
            except NotFound:
                raise Http404(NOT_FOUND) from None
            except Refused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "修改申请已提交，经自治区职改办同意后生效（§7.1.2）。")
                return redirect("approvals:config")
    page = Paginator(config_changes.visible_requests(request.user), 50) \
        .get_page(request.GET.get("page"))
    return render(request, "approvals/config.html", {
        "form": form, "page": page, "pending": RequestState.PENDING,
        "may_decide": request.user.has_perm("approvals.decide_config_change")})


@login_required
@require_POST
def config_decide(request, request_id: int, verdict: str):
    if verdict not in ("consent", "refuse"):
        raise Http404(NOT_FOUND)
    try:
        if verdict == "consent":
            config_changes.consent(request_id=request_id, actor=request.user,
                                   note=request.POST.get("note", ""))
        else:
            config_changes.refuse(request_id=request_id, actor=request.user,
                                  note=request.POST.get("note", ""))
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已同意，修改已生效。" if verdict == "consent"
                         else "已不同意该申请，申请记录保留。")
    return redirect("approvals:config")
