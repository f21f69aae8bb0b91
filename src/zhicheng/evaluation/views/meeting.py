"""The meeting's steps (§5.3.2): the secretariat's appointment, start, end and minutes (on its
session page), and the chair's queue of conflicts (回避)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.evaluation.domain import conflicts as conflicts_domain
from zhicheng.evaluation.domain import meeting as domain
from zhicheng.evaluation.domain.dossiers import conflicts_queue
from zhicheng.evaluation.domain.group_review import record_deliberation
from zhicheng.evaluation.domain.seats import member_seat
from zhicheng.evaluation.models import Conflict, ConflictState, Seat, SeatRole
from zhicheng.evaluation.views.sessions import _session_or_404


def _run(request, pk, fn, done, **kw):
    session = _session_or_404(request, pk)
    try:
        fn(actor=request.user, session_id=session.pk, **kw)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(reverse("evaluation:session", args=[pk]) + "#meeting")


@login_required
@require_POST
def appoint(request, pk: int):
    session = _session_or_404(request, pk)
    leaders = {g: request.POST.get(f"leader_{g}", "") for g in session.groups}
    return _run(request, pk, domain.appoint,
                "已指定主任委员、副主任委员和各专业组组长（已记入审计链）。",
                chair=request.POST.get("chair", ""),
                vice_chairs=request.POST.getlist("vice_chairs"), leaders=leaders)


@login_required
@require_POST
def start(request, pk: int):
    return _run(request, pk, domain.start_session,
                "评审会议已开始：各申报已进入评审，系统比对发现的回避已提交主任委员确认。")


@login_required
@require_POST
def end(request, pk: int):
    return _run(request, pk, domain.end_session, "评审会议已结束。")


@login_required
@require_POST
def secretariat_deliberation(request, pk: int):
    decl = request.POST.get("declaration", "")
    if not decl.isdigit():
        raise Http404
    return _run(request, pk, record_deliberation, "已保存集体评议记录。",
                declaration_id=int(decl), notes=request.POST.get("notes", ""))


def _chair_or_404(request, pk):
    """The chair's page; a vice-chair sees it too (they decide the chair's own conflicts)."""
    try:
        seat = member_seat(request.user, pk)
    except NotFound:
        raise Http404 from None
    if seat.role not in (SeatRole.CHAIR, SeatRole.VICE_CHAIR):
        raise Http404
    return seat


@login_required
def conflicts_page(request, pk: int):
    seat = _chair_or_404(request, pk)
    queue = conflicts_queue(seat.session)
    chair = Seat.objects.filter(session=seat.session, role=SeatRole.CHAIR,
                                active=True).values_list("expert_id", flat=True).first()
    for c in queue:
        own_chair = c.expert_id == chair
        c.mine_to_decide = (c.state == ConflictState.DECLARED and c.expert_id != seat.expert_id
                            and seat.role == (SeatRole.VICE_CHAIR if own_chair
                                              else SeatRole.CHAIR))
        c.for_vice = own_chair
    return render(request, "evaluation/conflicts.html", {
        "session": seat.session, "seat": seat, "conflicts": queue,
        "pending": sum(c.state == ConflictState.DECLARED for c in queue)})


@login_required
@require_POST
def decide(request, pk: int, cid: int):
    seat = _chair_or_404(request, pk)
    if not Conflict.objects.filter(pk=cid, session=seat.session).exists():
        raise Http404
    choice = request.POST.get("decision", "")
    if choice not in ("confirm", "dismiss"):
        messages.error(request, "请选择「确认回避」或「不予回避」。")
        return redirect("evaluation:conflicts", pk=pk)
    try:
        c = conflicts_domain.decide_conflict(actor=request.user, conflict_id=cid,
                                             confirm=choice == "confirm",
                                             reason=request.POST.get("reason", ""))
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已决定：{c.expert.user.real_name}对该申报人"
                                  f"「{c.get_state_display()}」。")
    return redirect("evaluation:conflicts", pk=pk)
