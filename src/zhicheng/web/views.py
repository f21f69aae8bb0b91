"""Thin pages: parse, check permission, call the domain, render."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Plan
from zhicheng.core.prepared import PreparedQuery, first_of
from zhicheng.core.session import active_assignment, set_active_assignment
from zhicheng.declarations.domain import workflow
from zhicheng.declarations.domain.scope import covering_assignments, visible_declarations
from zhicheng.declarations.domain.states import STATES
from zhicheng.declarations.domain.timeline import timeline
from zhicheng.declarations.models import Declaration, State
from zhicheng.web.forms import LoginForm
from zhicheng.web.workbench import workbench

# The applicant submits and withdraws through their own pages (which run the checks).
OWN_FORMS = {"submit", "resubmit", "withdraw"}


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request):
    assignment = active_assignment(request)
    context = {"assignment": assignment}
    if assignment is not None:
        context.update(workbench(assignment))
    return render(request, "web/home.html", context)


@login_required
@require_POST
def switch_role(request):
    try:
        assignment_id = int(request.POST.get("assignment", ""))
    except ValueError:
        assignment_id = 0
    if not set_active_assignment(request, assignment_id):
        raise Http404
    return redirect("web:home")


@login_required
def declaration_list(request):
    qs = (visible_declarations(request.user)
          .select_related("applicant", "unit", "series", "committee").order_by("-id"))
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "web/declaration_list.html",
                  {"page": page, "state": state, "states": State.choices})


def related_links(user, decl: Declaration) -> list[tuple[str, str]]:
    """The other apps' pages for this declaration that this user may open."""
    from zhicheng.approvals.domain.authority import decidable_codes
    from zhicheng.declarations.models import ApprovalCode

    links = []
    if user.has_perm("review.unit_review", decl):
        links.append(("单位审核（§4.1）", reverse("review:unit_review", args=[decl.pk])))
    if user.has_perm("review.office_review", decl):
        links.append(("职改办审核（§4.2）", reverse("review:office_review", args=[decl.pk])))
    for code in decidable_codes(user, decl):
        links.append((f"审批：{ApprovalCode(code).label}",
                      reverse("approvals:decide", args=[decl.pk, code])))
    if user.has_perm("approvals.view_education", decl):
        links.append(("学历核验（§4.3）", reverse("approvals:education", args=[decl.pk])))
    if user.has_perm("integrity.open_case", decl):
        links.append(("立案核查（§4.2.2）", reverse("integrity:open", args=[decl.pk])))
    return links


# The status page's declaration with everything it shows, compiled once (core.prepared):
# `.filter(pk=pk).first()` of this seven-relation select_related.
_DECLARATION_BY_PK = PreparedQuery(
    lambda pk: first_of(Declaration.objects.select_related(
        "applicant", "unit", "series", "committee", "specialty", "plan", "host_centre")
        .filter(pk=pk)),
    samples=[(-1,), (-2,)])


@login_required
def declaration_detail(request, pk: int):
    decl = _DECLARATION_BY_PK.first(pk)
    # The same predicate as rules' declarations.view_declaration, computed once for both uses.
    covering = covering_assignments(request.user, decl) if decl else []
    if not covering:
        raise Http404("未找到该申报，或您无权查看。")
    roles = {a.role for a in covering}
    actions = [t for t in workflow.allowed_from(decl.state)
               if t.roles & roles and not t.automatic]
    is_owner = decl.applicant_id == request.user.pk
    return render(request, "web/declaration_detail.html", {
        "links": [] if is_owner else related_links(request.user, decl),
        "decl": decl, "actions": [t for t in actions if not (is_owner and t.name in OWN_FORMS)],
        "timeline": timeline(decl), "is_owner": is_owner,
        "next_step": STATES[decl.state].next_step if is_owner else "",
        "editable": is_owner and decl.state in State.EDITABLE,
        "can_withdraw": is_owner and decl.state == State.SUBMITTED})


@login_required
@require_POST
def declaration_transition(request, pk: int, name: str):
    try:
        workflow.perform(name, pk, actor=request.user, reason=request.POST.get("reason", ""),
                         expected_state=request.POST.get("expected_state") or None)
    except NotFound:
        raise Http404("未找到该申报，或您无权查看。") from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已办理「{workflow.BY_NAME[name].label}」。")
    return redirect("web:declaration", pk=pk)


@login_required
def plans(request):
    rows = Plan.objects.prefetch_related("phases__committee", "filings__series",
                                         "filings__office")
    return render(request, "web/plans.html", {"plans": rows})
