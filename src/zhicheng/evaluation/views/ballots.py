"""无记名投票 pages: the secretariat's round control, the member's check-in and ballot
screen (their device holds the key; the credential and choices pass through here only in
the cast request's body, which nothing logs), the trustees' decryption and the chair's seal.

Nothing secret goes into messages, the session or a log line: the cast and check-in
endpoints answer JSON, and the trustee keys exist only in the response to opening a round
(no-store). Django logs a refused request by its path and status only (django.request), and
gunicorn's access log (``make run``) has the request line, never a body; the cast and the
decrypt views are also marked sensitive, so an error report masks their data."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.evaluation.ballot import engine
from zhicheng.evaluation.domain import ballots
from zhicheng.evaluation.models import (
    BallotRound,
    Election,
    EvaluationSession,
    RoundState,
    Seat,
    Trustee,
)
from zhicheng.evaluation.views.pool import secretariat_or_404


def _session_of_secretariat(request, pk) -> EvaluationSession:
    acting = secretariat_or_404(request)
    session = EvaluationSession.objects.filter(pk=pk, committee_id=acting.committee_id).first()
    if session is None:
        raise Http404
    return session


def _round_of_secretariat(request, round_id) -> BallotRound:
    acting = secretariat_or_404(request)
    rnd = (BallotRound.objects.filter(pk=round_id, session__committee_id=acting.committee_id)
           .select_related("session").first())
    if rnd is None:
        raise Http404
    return rnd


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


# ---------------------------------------------------------------------------- secretariat


@login_required
@never_cache
def control(request, pk: int, *, keys=None, status=200):
    session = _session_of_secretariat(request, pk)
    present, members, needed = ballots.quorum(session)
    rounds = list(BallotRound.objects.filter(session=session).order_by("-number"))
    for r in rounds:
        r.rows = ballots.progress(r)
    trustees = list(Trustee.objects.filter(session=session).select_related("user"))
    rows = [(t.name, t.capacity, t.user.username if t.user else "") for t in trustees]
    rows += [("", "", "")] * max(0, 3 - len(rows))
    response = render(request, "evaluation/ballot_control.html", {
        "session": session, "present": present, "members": members, "needed": needed,
        "rounds": rounds, "trustees": trustees, "trustee_rows": rows,
        "can_name": not rounds, "tool": engine.tool_path() is not None,
        "open_round": next((r for r in rounds if r.state != RoundState.SEALED), None),
        "keys": keys, "seats": Seat.objects.filter(session=session, active=True)
        .select_related("expert", "expert__user"),
        "basis": ballots.quorum_basis(session),
    }, status=status)
    return _no_store(response)


@login_required
@require_POST
def name_trustees(request, pk: int):
    from zhicheng.core.models import User

    session = _session_of_secretariat(request, pk)
    rows = []
    for i in range(1, 6):
        username = request.POST.get(f"user_{i}", "").strip()
        user = User.objects.filter(username=username).first() if username else None
        if username and user is None:
            messages.error(request, f"第 {i} 位受托人的登录账号「{username}」不存在。")
            return redirect("evaluation:ballot_control", pk=pk)
        rows.append({"name": request.POST.get(f"name_{i}", ""),
                     "capacity": request.POST.get(f"capacity_{i}", ""),
                     "user_id": user.pk if user else None})
    try:
        ballots.name_trustees(actor=request.user, session_id=session.pk, trustees=rows)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已指定计票受托人（门限 2 人）。")
    return redirect("evaluation:ballot_control", pk=pk)


@login_required
@require_POST
@sensitive_variables("keys")
def open_round(request, pk: int):
    session = _session_of_secretariat(request, pk)
    try:
        rnd, keys = ballots.open_round(actor=request.user, session_id=session.pk)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("evaluation:ballot_control", pk=pk)
    # The keys are in this response only: nothing of them is stored (no-store, no session).
    return render_keys(request, session, rnd, keys)


def render_keys(request, session, rnd, keys):
    response = render(request, "evaluation/ballot_keys.html", {
        "session": session, "round": rnd, "keys": keys})
    return _no_store(response)


def _round_action(request, round_id, fn, done):
    rnd = _round_of_secretariat(request, round_id)
    try:
        fn(actor=request.user, round_id=rnd.pk)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("evaluation:ballot_control", pk=rnd.session_id)


@login_required
@require_POST
def close_round(request, round_id: int):
    return _round_action(request, round_id, ballots.close_round,
                         "投票已结束，已计算加密计票结果；请受托人解密。")


@login_required
@require_POST
def tally(request, round_id: int):
    return _round_action(request, round_id, ballots.tally,
                         "已计票，结果已经 belenios-tool 校验；请主任委员确认封存。")


# ---------------------------------------------------------------------------- members


def _seat_or_404(request, session_id) -> Seat:
    try:
        return ballots.member_seat(request.user, session_id)
    except NotFound:
        raise Http404 from None


@login_required
def my_sessions(request):
    seats = (Seat.objects.filter(expert__user=request.user, active=True,
                                 session__ended_at__isnull=True)
             .select_related("session").order_by("-session__held_on"))
    rows = []
    for s in seats:
        rnd = (BallotRound.objects.filter(session=s.session, state=RoundState.OPEN)
               .order_by("-number").first())
        rows.append((s, rnd))
    return render(request, "evaluation/ballot_sessions.html", {"rows": rows})


@login_required
@never_cache
def check_in_page(request, pk: int):
    seat = _seat_or_404(request, pk)
    if request.method == "POST":
        try:
            data = json.loads(request.body or b"{}")
            key = str(data.get("device_key", ""))
        except (ValueError, AttributeError):
            key = ""
        try:
            seat = ballots.check_in(actor=request.user, session_id=pk, device_key=key)
        except NotFound:
            raise Http404 from None
        except Refused as exc:
            return JsonResponse({"ok": False, "message": exc.message}, status=422)
        return JsonResponse({"ok": True, "checked_in_at": seat.checked_in_at.isoformat(),
                             "message": "签到成功：本设备已保存投票密钥，请用本设备投票。"})
    rnd = (BallotRound.objects.filter(session_id=pk, state=RoundState.OPEN)
           .order_by("-number").first())
    return render(request, "evaluation/ballot_checkin.html", {
        "seat": seat, "session": seat.session, "round": rnd})


@login_required
@never_cache
def vote_page(request, round_id: int):
    rnd = BallotRound.objects.filter(pk=round_id).select_related("session").first()
    if rnd is None:
        raise Http404
    seat = _seat_or_404(request, rnd.session_id)
    return render(request, "evaluation/ballot_vote.html", {
        "round": rnd, "session": rnd.session, "seat": seat})


@login_required
def credentials(request, round_id: int):
    try:
        items = ballots.sealed_credentials(actor=request.user, round_id=round_id)
    except NotFound:
        raise Http404 from None
    rnd = BallotRound.objects.get(pk=round_id)
    return _no_store(JsonResponse({"state": rnd.state, "elections": items}))


@login_required
@require_POST
@sensitive_post_parameters()
@sensitive_variables("data", "credential", "choices")
def cast(request, election_id: int):
    """The device posts JSON {"choices": {declaration id: 同意|不同意|弃权}, "credential"}."""
    try:
        data = json.loads(request.body or b"{}")
        credential = str(data.get("credential", ""))
        choices = {int(k): str(v) for k, v in dict(data.get("choices") or {}).items()}
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"ok": False, "message": "选票数据格式不正确，请刷新页面后重试。"},
                            status=400)
    try:
        tracker = ballots.cast(actor=request.user, election_id=election_id, choices=choices,
                               private_credential=credential)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        return JsonResponse({"ok": False, "message": exc.message}, status=422)
    return _no_store(JsonResponse({
        "ok": True, "tracker": tracker, "short": engine.b64_tracker(tracker) if tracker else "",
        "list": reverse("evaluation:ballot_list", args=[election_id]),
        "message": "投票成功。" if tracker else "您的选票已在上次提交时记录，无需重投。"}))


@login_required
def ballot_list(request, election_id: int):
    """The published ballot list (trackers) of an election: for its session's members and
    secretariat."""
    election = Election.objects.filter(pk=election_id).select_related(
        "round", "round__session").first()
    if election is None:
        raise Http404
    session = election.round.session
    is_member = Seat.objects.filter(session=session, expert__user=request.user,
                                    active=True).exists()
    if not is_member:
        _session_of_secretariat(request, session.pk)
    try:
        trackers = engine.trackers(ballots._dir(election))
    except engine.Refused as exc:
        trackers, error = [], exc.message
    else:
        error = ""
    return render(request, "evaluation/ballot_list.html", {
        "election": election, "round": election.round, "session": session,
        "trackers": sorted(trackers), "error": error})


# ---------------------------------------------------------------------------- trustees


def _round_for_trustee(request, round_id) -> BallotRound:
    rnd = BallotRound.objects.filter(pk=round_id).select_related("session").first()
    if rnd is None:
        raise Http404
    mine = Trustee.objects.filter(session=rnd.session, user=request.user).exists()
    if not mine:
        _round_of_secretariat(request, round_id)
    return rnd


@login_required
def trustee_rounds(request):
    """The rounds of the sessions where this account is a named trustee."""
    trustees = Trustee.objects.filter(user=request.user).select_related("session")
    rows = [(t, list(BallotRound.objects.filter(session=t.session).order_by("-number")))
            for t in trustees]
    return render(request, "evaluation/ballot_trustee.html", {"rows": rows})


@login_required
@never_cache
@sensitive_post_parameters("private_key")
@sensitive_variables("key")
def decrypt_page(request, round_id: int):
    rnd = _round_for_trustee(request, round_id)
    trustees = list(Trustee.objects.filter(session=rnd.session))
    mine = [t for t in trustees if t.user_id == request.user.pk]
    status = 200
    if request.method == "POST":
        key = request.POST.get("private_key", "")
        upload = request.FILES.get("key_file")
        if upload is not None and not key.strip():
            key = upload.read(64_000).decode("utf-8", "replace")
        position = request.POST.get("position", "")
        try:
            ballots.decrypt(actor=request.user, round_id=rnd.pk,
                            trustee_position=int(position) if position.isdigit() else 0,
                            private_key=key)
        except NotFound:
            messages.error(request, "请选择受托人：只能由本轮的受托人本人提交解密份额。")
            status = 422
        except Refused as exc:
            messages.error(request, exc.message)
            status = 422
        else:
            messages.success(request, "解密份额已记录。")
            return redirect("evaluation:ballot_decrypt", round_id=rnd.pk)
    done = {s.trustee_id for e in rnd.elections.all() for s in e.shares.all()}
    return _no_store(render(request, "evaluation/ballot_decrypt.html", {
        "round": rnd, "session": rnd.session, "trustees": trustees, "mine": mine,
        "done": done, "elections": list(rnd.elections.all())}, status=status))


# ---------------------------------------------------------------------------- the chair


@login_required
@never_cache
def seal_page(request, round_id: int):
    rnd = BallotRound.objects.filter(pk=round_id).select_related("session").first()
    if rnd is None:
        raise Http404
    seat = _seat_or_404(request, rnd.session_id)
    if seat.role != "chair":
        raise Http404
    if request.method == "POST":
        try:
            ballots.seal(actor=request.user, round_id=rnd.pk)
        except NotFound:
            raise Http404 from None
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "计票结果已封存并写入审计链；各申报已按表决结果记为"
                                      "评审通过或评审未通过（§5.3.2）。")
        return redirect("evaluation:ballot_seal", round_id=rnd.pk)
    rows = ballots.outcomes(rnd) if rnd.state in (RoundState.TALLIED, RoundState.SEALED) \
        else []
    return render(request, "evaluation/ballot_seal.html", {
        "round": rnd, "session": rnd.session, "rows": rows,
        "basis": ballots.pass_basis(rnd.session),
        "elections": list(rnd.elections.all())})
