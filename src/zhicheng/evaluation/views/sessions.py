"""评审会议 and 评委抽取: the secretariat's pages. The member list is confidential to the
secretariat (and the witness, present at the draw) until the session ends."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Specialty
from zhicheng.declarations.models import Declaration
from zhicheng.evaluation.domain import draws
from zhicheng.evaluation.domain.sessions import EVALUABLE, create_session
from zhicheng.evaluation.forms import SessionForm
from zhicheng.evaluation.models import EvaluationSession, Expert, MemberDraw
from zhicheng.evaluation.views.pool import secretariat_or_404


def _choices(acting):
    specialties = list(Specialty.objects.filter(series_id=acting.committee.series_id)
                       .order_by("code"))
    decls = list(Declaration.objects.filter(committee_id=acting.committee_id,
                                            state__in=EVALUABLE)
                 .select_related("applicant", "unit").order_by("pk"))
    return specialties, decls


def _list(request, acting, form, status=200):
    specialties, decls = _choices(acting)
    sessions = EvaluationSession.objects.filter(committee_id=acting.committee_id)
    return render(request, "evaluation/sessions.html", {
        "committee": acting.committee, "sessions": sessions, "form": form,
        "decls": decls,
        "seat_rows": [(s, request.POST.get(f"seats_{s.code}", "")) for s in specialties],
        "posted_decls": set(request.POST.getlist("declarations")),
    }, status=status)


@login_required
def sessions_page(request):
    acting = secretariat_or_404(request)
    if request.method != "POST":
        return _list(request, acting, SessionForm())
    form = SessionForm(request.POST)
    specialties, _ = _choices(acting)
    groups = {}
    for s in specialties:
        raw = request.POST.get(f"seats_{s.code}", "").strip()
        if raw and (not raw.isdigit() or int(raw) < 0):
            messages.error(request, f"「{s.name}」的席位数应为整数。")
            return _list(request, acting, form, status=422)
        if raw and int(raw) > 0:
            groups[s.code] = int(raw)
    ids = [int(x) for x in request.POST.getlist("declarations") if x.isdigit()]
    if not form.is_valid():
        messages.error(request, "有填写项需要修改（见标红处）。")
        return _list(request, acting, form, status=422)
    try:
        session = create_session(actor=request.user, committee_id=acting.committee_id,
                                 groups=groups, declaration_ids=ids, **form.cleaned_data)
    except Refused as exc:
        messages.error(request, exc.message)
        return _list(request, acting, form, status=422)
    messages.success(request, f"已创建评审会议「{session.name}」。")
    return redirect("evaluation:session", pk=session.pk)


def _session_or_404(request, pk):
    acting = secretariat_or_404(request)
    session = (EvaluationSession.objects.filter(pk=pk, committee_id=acting.committee_id)
               .select_related("committee").first())
    if session is None:
        raise Http404
    return session


@login_required
def session_page(request, pk: int):
    session = _session_or_404(request, pk)
    draw = MemberDraw.objects.filter(session=session).first()
    names = {e.code: e for e in Expert.objects.filter(committee_id=session.committee_id)
             .select_related("user", "specialty")}
    group_names = dict(Specialty.objects.filter(series_id=session.committee.series_id)
                       .values_list("code", "name"))
    members = reserves = []
    if draw and draw.record:
        members = [names[c] for c in draws.current_members(draw)]
        reserves = [(group_names.get(g, g), [names[c] for c in ids])
                    for g, ids in draw.record["reserves"].items()]
    return render(request, "evaluation/session.html", {
        "session": session, "draw": draw, "members": members, "reserves": reserves,
        "seats": [(group_names.get(g, g), n) for g, n in session.groups.items()],
        "names": names, "declarations": session.declarations.select_related("applicant", "unit"),
    })


def _do(request, pk, fn, done, **kw):
    session = _session_or_404(request, pk)
    try:
        fn(actor=request.user, session_id=session.pk, **kw)
    except NotFound:
        raise Http404 from None
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("evaluation:session", pk=pk)


@login_required
@require_POST
def commit(request, pk: int):
    return _do(request, pk, draws.commit, "已冻结抽取输入并生成承诺值（已写入审计链），"
                                          "请监督人员输入其选定的数值。")


@login_required
@require_POST
def draw(request, pk: int):
    response = _do(request, pk, draws.draw_members, "抽取已完成，抽取记录及其摘要已写入审计链。",
                   witness=request.POST.get("witness", ""))
    d = MemberDraw.objects.filter(session_id=pk).first()
    if d is not None and d.failure and d.state == "failed":
        messages.error(request, d.failure + "请调整会议的抽取要求或评委库后重新冻结输入。")
    return response


@login_required
@require_POST
def replace(request, pk: int):
    return _do(request, pk, draws.replace_member, "已由候补委员递补。",
               declined=request.POST.get("declined", ""), reason=request.POST.get("reason", ""))


@login_required
def record_json(request, pk: int):
    session = _session_or_404(request, pk)
    draw = MemberDraw.objects.filter(session=session).first()
    if draw is None or not draw.record:
        raise Http404
    body = json.dumps(draw.record, ensure_ascii=False, indent=2).encode()
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{session.code}.json"'
    return response
