"""Recording an office's (or the unit's) decision on an approval (issue 5 §5)."""

import datetime

from django.db import transaction
from django.utils import timezone

from zhicheng.approvals.domain.authority import REQUIREMENTS, deciding_assignment, strict_review
from zhicheng.approvals.domain.common import OPEN_STATES, cite, not_in_future, required_text
from zhicheng.approvals.models import Decision, OfficeApproval
from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import RoleAssignment, User
from zhicheng.core.prepared import PreparedQuery
from zhicheng.declarations.domain.scope import access_for
from zhicheng.declarations.models import ApprovalCode, Declaration

A = ApprovalCode


# Read by every eligibility check of a declaration: compiled once (core.prepared).
_GRANTED = PreparedQuery(
    lambda pk: OfficeApproval.objects.filter(declaration_id=pk, decision=Decision.GRANTED)
    .values_list("code", flat=True), samples=[(-1,), (-2,)])


def granted_codes(decl: Declaration) -> set[str]:
    return set(_GRANTED.list(decl.pk))


def approvals_of(decl: Declaration):
    return (OfficeApproval.objects.filter(declaration=decl)
            .select_related("office", "unit", "decided_by").order_by("code", "-id"))


def approvals_seen_by(user: User, decl: Declaration):
    """The approval records this user may read (None: the declaration is not theirs to know).
    On a draft seen through a request (declarations.domain.scope), only that request's."""
    access = access_for(user, decl)
    if access is None:
        return None
    if access.full:
        return approvals_of(decl)
    return approvals_of(decl).filter(code__in=[r.code for r in access.requests])


def _load(declaration_id: int) -> Declaration:
    decl = (Declaration.objects.select_for_update()
            .select_related("plan", "committee", "series", "unit")
            .filter(pk=declaration_id).first())
    if decl is None:
        raise NotFound()
    return decl


def record_approval(
    *,
    declaration_id: int,
    code: str,
    actor: User,
    decision: str,
    document_number: str = "",
    decided_on: datetime.date | None = None,
    reasons: str = "",
    strict_justification: str = "",
    assignment: RoleAssignment | None = None,
) -> OfficeApproval:
    """Record one decision, in one transaction with its audit event. NotFound when the actor
    is not the body that decides this approval for this declaration."""
    requirement = REQUIREMENTS.get(code)
    if requirement is None:
        raise NotFound()
    with transaction.atomic():
        decl = _load(declaration_id)
        acting = deciding_assignment(actor, decl, code, assignment)
        if acting is None:
            raise NotFound()
        label = A(code).label
        if not requirement.applies(decl):
            raise Refused(
                f"该申报为{decl.get_kind_display()}、{decl.get_channel_display()}，"
                f"无需办理「{label}」{cite(requirement.clause)}。", code="not_required")
        if decl.state not in OPEN_STATES:
            raise Refused(
                f"申报当前状态为「{decl.get_state_display()}」，材料已报送评委会，"
                f"不能再录入审批{cite('3.2.1')}。", code="wrong_state")
        if OfficeApproval.objects.filter(declaration=decl, code=code,
                                         decision=Decision.GRANTED).exists():
            raise Refused(f"「{label}」已审批同意，不能重复审批或更改；如有错误请按规定程序"
                          "处理。", code="already_granted")
        if decision not in Decision.values:
            raise Refused("请选择审批结果：同意或不同意。", code="decision_required")
        day = not_in_future(decided_on, "审批日期")
        granted = decision == Decision.GRANTED
        number = (document_number or "").strip()
        if granted:
            required_text(number, f"请填写审批文号（同意「{label}」须有文号）"
                                  f"{cite(requirement.clause)}。", "document_number_required")
        else:
            required_text(reasons, "不同意时须填写理由。", "reasons_required")
        strict = code == A.SERIES_OFFICE_PRIOR_APPROVAL and strict_review(decl)
        justification = (strict_justification or "").strip()
        if code == A.SERIES_OFFICE_PRIOR_APPROVAL:
            _check_prior(decl, day, strict, granted, justification)
        if code == A.REGIONAL_OFFICE_APPROVAL and granted and not OfficeApproval.objects.filter(
                declaration=decl, code=A.HOME_PROVINCE_ENTRUSTMENT,
                decision=Decision.GRANTED).exists():
            raise Refused("委托评审须先接收登记申报人所属省级职称改革工作部门的委托材料，"
                          f"再由自治区职改办审核同意{cite('3.1.4')}。", code="entrustment_first")
        approval = OfficeApproval.objects.create(
            declaration=decl, code=code, decision=decision,
            office=acting.office if acting.office_id else None,
            unit=None if acting.office_id else acting.unit,
            document_number=number, decided_on=day, decided_by=actor, role=acting.role,
            reasons=reasons.strip(), strict_review=strict, strict_justification=justification)
        record(actor=actor, action=f"approval.{'grant' if granted else 'refuse'}",
               obj=approval, role=acting.role, scope=acting.scope_key,
               after={**snapshot(approval), "recorded_at": clock.now()},
               note=reasons.strip())
    return approval


def _check_prior(decl: Declaration, day: datetime.date, strict: bool, granted: bool,
                 justification: str) -> None:
    # §2.2.3: the approval comes before applying.
    if decl.submitted_at is not None and day > timezone.localdate(decl.submitted_at):
        raise Refused(
            f"无职称、破格申报须在申报前经系列职改办审批同意；审批日期（{day:%Y年%-m月%-d日}）"
            f"不能晚于申报提交日期（{timezone.localdate(decl.submitted_at):%Y年%-m月%-d日}）"
            f"{cite('2.2.3')}。", code="not_before_applying")
    if strict and granted and not justification:
        raise Refused(
            f"{decl.get_level_display()}{decl.get_kind_display()}须从严审核：同意时请填写"
            f"从严审核意见（逐项说明申报人符合条件的依据）{cite('2.2.3')}。",
            code="strict_justification_required")
