"""Conditions of the workflow table this app implements, and the experts' area.

§5.3.2 with 人社部令第40号: a result is the committee's secret ballot, so 评审通过 / 评审未通过
hold only on the verdict of a sealed round (the latest sealed round that counted the
applicant) — never on a click."""

from django.db.models import Exists, OuterRef, Q

from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import RoleAssignment
from zhicheng.declarations.domain.conditions import Context, implements
from zhicheng.declarations.domain.scope import register_expert_area
from zhicheng.evaluation.models import (
    Conflict,
    ConflictState,
    DrawState,
    EvaluationSession,
    RoundState,
    Seat,
    Verdict,
)


@implements("in_drawn_session")
def in_drawn_session(ctx: Context) -> None:
    if not EvaluationSession.objects.filter(declarations=ctx.declaration.pk,
                                            draw__state=DrawState.DRAWN,
                                            ended_at__isnull=True).exists():
        raise Refused("该申报尚未列入评委已抽定的评审会议，不能开始评审（§5.3.2）。",
                      code="no_session")


def sealed_verdict(declaration_id: int) -> Verdict | None:
    return (Verdict.objects.filter(declaration_id=declaration_id,
                                   round__state=RoundState.SEALED)
            .order_by("-round__sealed_at", "-pk").first())


def _verdict_or_refuse(ctx: Context) -> Verdict:
    verdict = sealed_verdict(ctx.declaration.pk)
    if verdict is None:
        raise Refused("评审结论只能由评委会无记名投票产生：该申报尚无经受托人解密、主任委员"
                      "确认封存的表决结果（§5.3.2）。", code="no_sealed_ballot")
    return verdict


@implements("sealed_ballot_passed")
def sealed_ballot_passed(ctx: Context) -> None:
    v = _verdict_or_refuse(ctx)
    if not v.passed:
        raise Refused(f"封存的表决结果为同意 {v.agree} 票，未达到通过所需的 {v.needed} 票"
                      f"（{v.basis}）。", code="ballot_failed")


@implements("sealed_ballot_failed")
def sealed_ballot_failed(ctx: Context) -> None:
    v = _verdict_or_refuse(ctx)
    if v.passed:
        raise Refused(f"封存的表决结果为同意 {v.agree} 票，已达到通过所需的 {v.needed} 票"
                      f"（{v.basis}）。", code="ballot_passed")


def expert_area(assignment: RoleAssignment) -> Q:
    """The declarations of the sessions the expert sits on (an active seat), less those a
    confirmed conflict keeps them from."""
    seats = Seat.objects.filter(expert__user_id=assignment.user_id, active=True,
                                session__committee_id=assignment.committee_id,
                                session__declarations=OuterRef("pk"))
    recused = Conflict.objects.filter(expert__user_id=assignment.user_id,
                                      state=ConflictState.CONFIRMED,
                                      declaration_id=OuterRef("pk"))
    return Q(Exists(seats)) & ~Q(Exists(recused))


register_expert_area(expert_area)
