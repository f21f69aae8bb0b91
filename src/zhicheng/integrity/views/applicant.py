"""The applicant's side: the cases on their declarations, and answering with proof."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.integrity.domain import cases
from zhicheng.integrity.domain.access import cases_for_applicant
from zhicheng.integrity.domain.proofs import MAX_FILES, PROOF_TYPE
from zhicheng.integrity.forms import AnswerForm
from zhicheng.integrity.views.common import NOT_FOUND, answers_of, load_case
from zhicheng.materials import upload_handlers
from zhicheng.materials.domain import InvalidUpload
from zhicheng.materials.domain.limits import interrupted_message


@login_required
def my_cases(request):
    today = clock.today()
    rows = list(cases_for_applicant(request.user)
                .select_related("declaration__series", "office").order_by("-opened_at"))
    answered = set(cases_for_applicant(request.user).filter(answers__isnull=False)
                   .values_list("pk", flat=True))
    for case in rows:
        case.status = cases.status_label(case, today, case.pk in answered)
    return render(request, "integrity/my_cases.html", {"cases": rows})


def _mine_or_404(request, pk: int):
    case = load_case(request, pk)
    if not request.user.has_perm("integrity.answer_case", case):
        raise Http404(NOT_FOUND)
    return case


@login_required
def my_case(request, pk: int):
    return _render_mine(request, _mine_or_404(request, pk), AnswerForm())


def _render_mine(request, case, form):
    today = clock.today()
    answers = answers_of(case)
    return render(request, "integrity/my_case.html", {
        "case": case, "decl": case.declaration, "answers": answers,
        "form": form, "status": cases.status_label(case, today, bool(answers)),
        "can_answer": case.is_open and today <= case.proof_deadline,
        "deadline_passed": today > case.proof_deadline,
        "accept": PROOF_TYPE.accept, "max_files": MAX_FILES})


@csrf_exempt  # checked by csrf_protect below, once the size cap is in place
@login_required
@require_POST
def answer(request, pk: int):
    # Upload handlers can only change before the body is parsed, and CSRF parses it.
    upload_handlers.install(request)
    return _answer(request, pk)


@csrf_protect
def _answer(request, pk: int):
    try:
        files = request.FILES.getlist("files")
    except (UnreadablePostError, MultiPartParserError, OSError):
        files = None
    case = _mine_or_404(request, pk)
    form = AnswerForm(request.POST)
    try:
        if files is None:
            raise InvalidUpload(interrupted_message(), code="upload_interrupted")
        refused = upload_handlers.refusal(request)
        if refused:
            raise InvalidUpload(refused)
        if not form.is_valid():
            return _render_mine(request, case, form)
        cases.answer_case(case_id=case.pk, actor=request.user, text=form.cleaned_data["text"],
                          files=[f for f in files if f.name])
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("integrity:my_case", pk=case.pk)
    messages.success(request, "答复已提交，职改办将据此核实。")
    return redirect("integrity:my_case", pk=case.pk)
