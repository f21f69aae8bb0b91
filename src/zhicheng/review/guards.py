"""Conditions of the workflow table this app implements (declarations.domain.conditions)."""

from zhicheng.core.domain.errors import Refused
from zhicheng.declarations.domain.conditions import Context, implements
from zhicheng.review.domain.acting import cite
from zhicheng.review.domain.checks import check_status, office_findings
from zhicheng.review.domain.pledges import require_pledge
from zhicheng.review.domain.recommendation import (
    current_deliberation,
    current_interview,
    interview_late_message,
    interview_missing_message,
    needs_interview,
)


@implements("pledge_signed")
def pledge_signed(ctx: Context) -> None:
    """§4.1.1: no unit decision before the unit has named its reviewer and signed."""
    decl, assignment = ctx.declaration, ctx.assignment
    require_pledge(assignment, decl.plan)


@implements("items_checked")
def items_checked(ctx: Context) -> None:
    """§4.1.2: every item checked by every party that holds the archive; nothing false."""
    decl = ctx.declaration
    status = check_status(decl)
    if not status.complete:
        raise Refused(f"尚有材料未逐项审核（{status.missing_text()}），全部审核后方可公示"
                      f"{cite('4.1.2')}。", code="items_unchecked")
    if status.false:
        raise Refused(f"以下材料经审核为虚假：{'、'.join(status.false)}。"
                      f"材料虚假的申报不得公示推荐，请作出审核不通过决定{cite('4.1.2')}。",
                      code="item_false")


@implements("deliberated_after_interview")
def deliberated_after_interview(ctx: Context) -> None:
    """§4.1.4: a recorded deliberation; for senior levels an interview on or before it."""
    decl = ctx.declaration
    deliberation = current_deliberation(decl)
    if needs_interview(decl):
        interview = current_interview(decl)
        if interview is None:
            raise Refused(interview_missing_message(decl) + "不能推荐。",
                          code="interview_required")
        if deliberation is not None and interview.held_on > deliberation.held_on:
            raise Refused(interview_late_message(interview, deliberation.held_on),
                          code="interview_after_deliberation")
    if deliberation is None:
        raise Refused(f"尚未记录单位审议情况及推荐意见，不能推荐{cite('4.1.4')}。",
                      code="deliberation_required")


@implements("office_checks_clear")
def office_checks_clear(ctx: Context) -> None:
    """§4.2: the office does not hand over what it found doubtful or false; it corrects its
    conclusion after checking, or opens a case on suspected false material (§4.2.2)."""
    findings = office_findings(ctx.declaration)
    if findings:
        raise Refused(f"职改办逐项审核中以下项目的结论为存疑或虚假：{'；'.join(findings)}。"
                      "核实无误的请改为「属实」，涉嫌提供虚假材料的请立案核查（§4.2.2）；"
                      f"处理前不能移交评委会{cite('4.2')}。",
                      code="office_findings")
