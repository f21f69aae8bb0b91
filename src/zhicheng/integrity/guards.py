"""Conditions of the workflow table this app implements (declarations.domain.conditions).

§4.2.2: while a case of suspected false material is open, the declaration does not go to the
committee nor into evaluation; once false material is confirmed, it goes nowhere further
(a passed result has been revoked by the decision itself)."""

from zhicheng.core.domain.errors import Refused
from zhicheng.declarations.domain.conditions import Context, implements
from zhicheng.integrity.models import CaseState, FraudCase


@implements("no_open_fraud_case")
def no_open_fraud_case(ctx: Context) -> None:
    decl = ctx.declaration
    case = (FraudCase.objects.filter(declaration_id=decl.pk, state=CaseState.OPEN)
            .only("pk", "proof_deadline").first())
    if case is not None:
        raise Refused(
            f"该申报涉嫌提供虚假材料，核查案件 #{case.pk} 尚未结案（举证期限"
            f"{case.proof_deadline:%Y年%-m月%-d日}），结案前不能移交评委会或开始评审"
            "（桂职办〔2017〕26号 §4.2.2）。", code="fraud_case_open")


@implements("no_confirmed_false_material")
def no_confirmed_false_material(ctx: Context) -> None:
    decl = ctx.declaration
    case = (FraudCase.objects.filter(declaration_id=decl.pk, state=CaseState.FALSE)
            .only("pk").first())
    if case is not None:
        raise Refused(
            f"该申报已被认定提供虚假材料（核查案件 #{case.pk}），不能继续办理"
            "（桂职办〔2017〕26号 §4.2.2）。", code="false_material")
