"""Interview/defence and the unit's deliberation and recommendation opinion (§4.1.4)."""

import datetime

from django.db import transaction

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import Level, User
from zhicheng.declarations.models import Declaration, State
from zhicheng.review.domain.acting import cite, load, unit_side_assignment
from zhicheng.review.domain.pledges import require_pledge
from zhicheng.review.models import Deliberation, Interview, InterviewResult

STAGES = frozenset({State.UNIT_REVIEW, State.UNIT_NOTICE})


def needs_interview(decl: Declaration) -> bool:
    return Level.is_senior(decl.level)


def _latest(model, decl: Declaration):
    qs = model.objects.filter(declaration=decl).select_related("recorded_by")
    if decl.submitted_at:
        qs = qs.filter(recorded_at__gte=decl.submitted_at)
    return qs.order_by("-recorded_at", "-id").first()


def current_interview(decl: Declaration) -> Interview | None:
    return _latest(Interview, decl)


def current_deliberation(decl: Declaration) -> Deliberation | None:
    return _latest(Deliberation, decl)


def _d(day: datetime.date) -> str:
    return f"{day:%Y年%-m月%-d日}"


def interview_missing_message(decl: Declaration) -> str:
    return (f"申报{decl.get_level_display()}专业技术资格的人员，单位应在审议前组织面试答辩；"
            f"本申报尚无面试答辩记录{cite('4.1.4')}。")


def interview_late_message(interview: Interview, deliberation_day: datetime.date) -> str:
    return (f"面试答辩（{_d(interview.held_on)}）晚于单位审议（{_d(deliberation_day)}）："
            f"对申报高级专业技术资格的人员，单位应在审议前组织面试答辩{cite('4.1.4')}。")


def _common(decl_id: int, actor: User, assignment_id: int | None, held_on: datetime.date,
            what: str):
    decl = load(decl_id, lock=True)
    assignment = unit_side_assignment(actor, decl, assignment_id)
    if decl.state not in STAGES:
        raise Refused(f"申报当前状态为「{decl.get_state_display()}」，不能记录{what}"
                      f"{cite('4.1.4')}。", code="wrong_state")
    require_pledge(assignment, decl.plan)
    if held_on > clock.today():
        raise Refused(f"{what}日期（{_d(held_on)}）不能晚于今天，请在{what}举行后再记录。",
                      code="future_date")
    return decl, assignment


def _required(**texts: str) -> None:
    for label, value in texts.items():
        if not value.strip():
            raise Refused(f"请填写{label}{cite('4.1.4')}。", code="field_required")


def record_interview(decl_id: int, *, actor: User, held_on: datetime.date, panel: str,
                     result: str, minutes: str, assignment_id: int | None = None) -> Interview:
    _required(答辩小组成员=panel, 答辩记录=minutes)
    if result not in InterviewResult.values:
        raise Refused("答辩结果只能是通过或未通过。", code="bad_result")
    with transaction.atomic():
        decl, assignment = _common(decl_id, actor, assignment_id, held_on, "面试答辩")
        deliberation = current_deliberation(decl)
        if deliberation is not None and deliberation.held_on < held_on:
            raise Refused(
                f"本申报已于{_d(deliberation.held_on)}完成单位审议，面试答辩应在审议前组织"
                f"{cite('4.1.4')}；如需重新答辩，请重新审议并记录。", code="after_deliberation")
        interview = Interview.objects.create(
            declaration=decl, held_on=held_on, panel=panel.strip(), result=result,
            minutes=minutes.strip(), recorder_unit_id=assignment.unit_id, recorded_by=actor,
            recorded_at=clock.now())
        record(actor=actor, action="review.interview", obj=interview, role=assignment.role,
               scope=assignment.scope_key, after=snapshot(interview))
    return interview


def record_deliberation(decl_id: int, *, actor: User, held_on: datetime.date,
                        participants: str, opinion: str, recommendation: str,
                        assignment_id: int | None = None) -> Deliberation:
    _required(参加审议人员=participants, 审议意见=opinion, 单位推荐意见=recommendation)
    with transaction.atomic():
        decl, assignment = _common(decl_id, actor, assignment_id, held_on, "单位审议")
        if needs_interview(decl):
            interview = current_interview(decl)
            if interview is None:
                raise Refused(interview_missing_message(decl) + "请先记录面试答辩。",
                              code="interview_required")
            if interview.held_on > held_on:
                raise Refused(interview_late_message(interview, held_on),
                              code="interview_after_deliberation")
        deliberation = Deliberation.objects.create(
            declaration=decl, held_on=held_on, participants=participants.strip(),
            opinion=opinion.strip(), recommendation=recommendation.strip(),
            recorder_unit_id=assignment.unit_id, recorded_by=actor, recorded_at=clock.now())
        record(actor=actor, action="review.deliberation", obj=deliberation,
               role=assignment.role, scope=assignment.scope_key,
               after=snapshot(deliberation))
    return deliberation
