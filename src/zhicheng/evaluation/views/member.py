"""A member's pages (§5.3.2): their sessions, the applicants they may read, each dossier
with the opinion form (and the leader's group report, the chair's deliberation); and the
applicant's recusal request from their declaration's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.evaluation.domain import conflicts, group_review
from zhicheng.evaluation.domain.dossiers import member_dossier, my_seats, session_rows
from zhicheng.evaluation.domain.seats import member_seat
from zhicheng.evaluation.models import ConflictState, SeatRole


def _seat_or_404(request, pk):
    try:
        return member_seat(request.user, pk)
    except NotFound:
        raise Http404 from None


@login_required
def my_sessions(request):
    return render(request, "evaluation/my_sessions.html", {"seats": my_seats(request.user)})


@login_required
def session_page(request, pk: int):
    seat = _seat_or_404(request, pk)
    pending = None
    if seat.role in (SeatRole.CHAIR, SeatRole.VICE_CHAIR):
        pending = seat.session.conflicts.filter(state=ConflictState.DECLARED).count()
    return render(request, "evaluation/member_session.html", {
        "seat": seat, "session": seat.session, "rows": session_rows(seat),
        "pending_conflicts": pending})


def _dossier(request, pk, decl, status=200):
    seat = _seat_or_404(request, pk)
    try:
        d = member_dossier(seat, decl)
    except NotFound:
        raise Http404 from None
    review = d.review
    return render(request, "evaluation/dossier.html", {
        **vars(review), "dossier": review, "m": d, "seat": seat, "session": seat.session,
        "kinds": conflicts.DECLARABLE, "posted": request.POST if status != 200 else {},
        "can_check": False, "check_form": False,
    }, status=status)


@login_required
def dossier_page(request, pk: int, decl: int):
    return _dossier(request, pk, decl)


def _act(request, pk, decl, fn, done, **kw):
    seat = _seat_or_404(request, pk)
    try:
        fn(actor=request.user, session_id=seat.session_id, declaration_id=decl, **kw)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
        return _dossier(request, pk, decl, status=422)
    messages.success(request, done)
    return redirect(reverse("evaluation:dossier", args=[pk, decl]))


@login_required
@require_POST
def opinion(request, pk: int, decl: int):
    choice = request.POST.get("recommend", "")
    if choice not in ("yes", "no"):
        _seat_or_404(request, pk)
        messages.error(request, "请选择「推荐」或「不推荐」。")
        return _dossier(request, pk, decl, status=422)
    return _act(request, pk, decl, group_review.record_opinion,
                "已保存您的评议意见（小组意见记录前可以修改）。",
                recommend=choice == "yes", remark=request.POST.get("remark", ""))


@login_required
@require_POST
def declare(request, pk: int, decl: int):
    return _act(request, pk, decl, conflicts.declare_conflict,
                "已申报回避，待主任委员确认。", kind=request.POST.get("kind", ""),
                detail=request.POST.get("detail", ""))


@login_required
@require_POST
def group_report(request, pk: int, decl: int):
    choice = request.POST.get("recommend", "")
    if choice not in ("yes", "no"):
        _seat_or_404(request, pk)
        messages.error(request, "请选择小组意见「推荐」或「不推荐」。")
        return _dossier(request, pk, decl, status=422)
    return _act(request, pk, decl, group_review.record_group_report, "已记录专业组意见。",
                recommend=choice == "yes", summary=request.POST.get("summary", ""))


@login_required
@require_POST
def deliberation(request, pk: int, decl: int):
    return _act(request, pk, decl, group_review.record_deliberation, "已保存集体评议记录。",
                notes=request.POST.get("notes", ""))


@login_required
@require_POST
def recusal(request, decl: int):
    try:
        conflicts.request_recusal(
            actor=request.user, declaration_id=decl,
            person_name=request.POST.get("person_name", ""),
            employer_name=request.POST.get("employer_name", ""),
            kind=request.POST.get("kind", ""), detail=request.POST.get("detail", ""))
    except NotFound:
        raise Http404("未找到该申报，或您无权查看。") from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        # The member list is confidential: the same answer whether the person sits or not.
        messages.success(request, "已收到您的回避申请。评审委员会将依规处理；评委名单在评审"
                                  "结束前保密，不另行告知是否涉及本次评审的委员。")
    return redirect(reverse("web:declaration", args=[decl]) + "#recusal")
