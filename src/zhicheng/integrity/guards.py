"""Workflow guards this app registers (see zhicheng.declarations.domain.guards).

§4.2.2: while a case of suspected false material is open, the declaration does not go to the
committee nor into evaluation; once false material is confirmed, it goes nowhere further
(a passed result has been revoked by the decision itself)."""

from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import RoleAssignment, User
from zhicheng.declarations.domain.guards import guard
from zhicheng.declarations.models import Declaration
from zhicheng.integrity.models import CaseState, FraudCase


@guard("accept_for_committee", "start_evaluation")
def no_open_fraud_case(decl: Declaration, actor: User, assignment: RoleAssignment) -> None:
    case = (FraudCase.objects.filter(declaration_id=decl.pk, state=CaseState.OPEN)
            .only("pk", "proof_deadline").first())
    if case is not None:
        raise Refused(
            f"该申报涉嫌提供虚假材料，核查案件 #{case.pk} 尚未结案（举证期限"
            f"{case.proof_deadline:%Y年%-m月%-d日}），结案前不能移交评委会或开始评审"
            "（桂职办〔2017〕26号 §4.2.2）。", code="fraud_case_open")


@guard("accept_for_committee", "start_evaluation", "record_pass", "post_result_notice",
       "report", "approve", "certify")
def no_confirmed_false_material(decl: Declaration, actor: User,
                                assignment: RoleAssignment) -> None:
    case = (FraudCase.objects.filter(declaration_id=decl.pk, state=CaseState.FALSE)
            .only("pk").first())
    if case is not None:
        raise Refused(
            f"该申报已被认定提供虚假材料（核查案件 #{case.pk}），不能继续办理"
            "（桂职办〔2017〕26号 §4.2.2）。", code="false_material")
