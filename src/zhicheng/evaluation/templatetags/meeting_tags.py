"""Sections other pages include: the meeting panel of the secretariat's session page, the
member's sessions on their 工作台, the applicant's recusal form on their declaration."""

from django import template

from zhicheng.declarations.models import State
from zhicheng.evaluation.domain.conflicts import DECLARABLE, RECUSAL_STATES
from zhicheng.evaluation.domain.dossiers import deliberation_rows, group_names, my_seats
from zhicheng.evaluation.models import DrawState, MemberDraw, RecusalRequest, Seat, SeatRole

register = template.Library()


@register.inclusion_tag("evaluation/_meeting_panel.html", takes_context=True)
def meeting_panel(context, session):
    draw = MemberDraw.objects.filter(session=session).first()
    seats = list(Seat.objects.filter(session=session, active=True)
                 .select_related("expert__user").order_by("group", "expert__code"))
    names = group_names(session)
    decided = [d for d in session.declarations.all()
               if d.state not in (State.ACCEPTED_BY_COMMITTEE, State.UNDER_EVALUATION)]
    return {
        "csrf_token": context.get("csrf_token"), "session": session,
        "drawn": draw is not None and draw.state == DrawState.DRAWN, "seats": seats,
        "chair": next((s for s in seats if s.role == SeatRole.CHAIR), None),
        "vice": [s for s in seats if s.role == SeatRole.VICE_CHAIR],
        "groups": [(g, names.get(g, g), [s for s in seats if s.group == g],
                    next((s for s in seats if s.group == g and s.group_leader), None))
                   for g in session.groups],
        "rows": deliberation_rows(session) if session.started_at else [],
        "all_decided": len(decided) == session.declarations.count(),
    }


@register.inclusion_tag("evaluation/_my_sessions_list.html")
def my_meetings(user):
    return {"seats": my_seats(user)}


@register.inclusion_tag("evaluation/_recusal_form.html", takes_context=True)
def recusal_form(context, decl):
    open_ = decl.state in RECUSAL_STATES
    return {"csrf_token": context.get("csrf_token"), "decl": decl, "open": open_,
            "kinds": DECLARABLE,
            "requests": list(RecusalRequest.objects.filter(declaration=decl))
            if open_ or decl.state in State.WITH_COMMITTEE else []}
