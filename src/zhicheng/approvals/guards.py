"""Conditions of the workflow table and eligibility sources this app implements.

- approval source: the engine sees the approvals offices (and units) have GRANTED (§2.2.3,
  §3.1.1, §3.1.3, §3.1.4);
- accept_for_committee: the approvals the declaration needs are on record from the deciding
  body — an applicant's own statement of a 文号 (DeclaredApproval) is not enough (§2.2.3,
  §3.1.1, §3.1.3, §3.1.4) — and education is verified on the archive and foreign paths
  (§4.3.1, §4.3.3);
- start_evaluation: third-party verification of non-public applicants' education (§4.3.2)."""

from zhicheng.approvals.domain.authority import REQUIREMENTS
from zhicheng.approvals.domain.common import cite
from zhicheng.approvals.domain.decisions import granted_codes
from zhicheng.approvals.domain.education import (
    describe,
    fingerprint,
    path_for,
    verifications_by_fingerprint,
)
from zhicheng.approvals.models import EducationVerification, VerificationResult
from zhicheng.approvals.models import VerificationPath as P
from zhicheng.core.domain.errors import Refused
from zhicheng.declarations.domain.conditions import Context, implements
from zhicheng.declarations.domain.sources import approval_source
from zhicheng.declarations.models import ApprovalCode


@approval_source
def office_approvals(decl) -> set[str]:
    if decl.pk is None:
        return set()
    return granted_codes(decl)


@implements("approvals_on_record")
def approvals_on_record(ctx: Context) -> None:
    decl = ctx.declaration
    needed = [r for r in REQUIREMENTS.values() if r.applies(decl)]
    if not needed:
        return
    have = granted_codes(decl)
    missing = [r for r in needed if r.code not in have]
    if missing:
        clauses = "、".join(sorted({f"§{r.clause}" for r in missing}))
        raise Refused(
            f"该申报为{decl.get_kind_display()}、{decl.get_channel_display()}，尚无以下审批的"
            "同意记录，不能移交评委会："
            + "；".join(f"{ApprovalCode(r.code).label}（由{r.who}录入）" for r in missing)
            + f"（桂职办〔2017〕26号 {clauses}）。", code="approval_missing")


def _not_genuine(decl, doing: str) -> None:
    false = (EducationVerification.objects.filter(declaration=decl,
                                                  result=VerificationResult.NOT_GENUINE)
             .order_by("id").first())
    if false is not None:
        raise Refused(
            f"学历核验结果为不属实（{false.certificate}），{doing}；请按材料造假"
            "程序处理（桂职办〔2017〕26号 §4.2.2、§4.3）。", code="education_not_genuine")


def _unverified(decl, paths: set[str]) -> list:
    """Education rows on one of `paths` (§4.3) with no verification on record."""
    found = verifications_by_fingerprint(decl)
    return [e for e in decl.education.all()
            if path_for(decl, e) in paths and fingerprint(e) not in found]


@implements("education_verified")
def education_verified(ctx: Context) -> None:
    """Before hand-over: the archive department's confirmation (§4.3.1, state-owned and other
    public units) and the national authority's certification of foreign degrees (§4.3.3).
    Third-party verification (§4.3.2) may follow, up to the start of evaluation."""
    decl = ctx.declaration
    _not_genuine(decl, "不能移交评委会")
    foreign = _unverified(decl, {P.FOREIGN_CERTIFICATION})
    if foreign:
        raise Refused(
            "国（境）外取得的学历须有国家教育行政部门出具的学历认证，尚未录入："
            + "；".join(describe(e) for e in foreign) + f"{cite('4.3.3')}，不能移交评委会。",
            code="education_unverified")
    archive = _unverified(decl, {P.ARCHIVE_CONFIRMATION})
    if archive:
        raise Refused(
            "学历证书须由档案管理部门审核确认并加盖档案专用章，尚未确认："
            + "；".join(describe(e) for e in archive) + f"{cite('4.3.1')}，不能移交评委会。",
            code="education_unverified")


@implements("education_verified_for_evaluation")
def education_verified_before_evaluation(ctx: Context) -> None:
    """§4.3.2: non-public applicants' education verified by a third party before evaluation
    (and nothing else left unverified or found not genuine)."""
    decl = ctx.declaration
    _not_genuine(decl, "不能开始评审")
    third = _unverified(decl, {P.THIRD_PARTY})
    if third:
        raise Refused(
            "非公有制经济和社会组织申报人员的学历须在评审前经第三方学历认证（如学信网），"
            "尚未核验：" + "；".join(describe(e) for e in third) + f"{cite('4.3.2')}，"
            "不能开始评审。", code="education_unverified")
    rest = _unverified(decl, {P.ARCHIVE_CONFIRMATION, P.FOREIGN_CERTIFICATION})
    if rest:
        raise Refused(
            "以下学历尚未核验：" + "；".join(describe(e) for e in rest)
            + f"{cite('4.3')}，不能开始评审。", code="education_unverified")
