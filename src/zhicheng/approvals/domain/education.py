"""Education verification (§4.3): the path by unit type and degree origin, who records it,
and the third-party verifier with its manual fallback."""

import datetime
import hashlib

from django.db import transaction

from zhicheng.approvals.domain.common import OPEN_STATES, cite, not_in_future, required_text
from zhicheng.approvals.domain.verifiers import Unreachable, current_verifier
from zhicheng.approvals.models import (
    PATH_CLAUSE,
    EducationVerification,
    VerificationMethod,
    VerificationPath,
    VerificationResult,
)
from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.acting import find_assignment
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Role, RoleAssignment, UnitType, User
from zhicheng.declarations.domain.scope import covers
from zhicheng.declarations.models import Declaration, Education, State

P = VerificationPath
# From submission until evaluation starts (§4.3.2: "在评审前").
VERIFY_STATES = (OPEN_STATES - State.EDITABLE) | {State.ACCEPTED_BY_COMMITTEE}
OFFICE_SIDE = {Role.OFFICE, Role.SECRETARIAT, Role.REGIONAL_OFFICE}
FOREIGN_AUTHORITY = "教育部留学服务中心"


def unit_type_of(decl: Declaration) -> str:
    """§3.1.2: the identity category frozen at submission, else the unit's current type."""
    return decl.unit_type_at_submission or decl.unit.unit_type


def is_non_public(decl: Declaration) -> bool:
    return unit_type_of(decl) == UnitType.NON_PUBLIC


def path_for(decl: Declaration, education: Education) -> str:
    if education.foreign:
        return P.FOREIGN_CERTIFICATION
    if is_non_public(decl):
        return P.THIRD_PARTY
    return P.ARCHIVE_CONFIRMATION


def fingerprint(education: Education) -> str:
    parts = [education.school, education.major, education.degree,
             education.graduated_on.isoformat(), education.certificate_no.strip(),
             "foreign" if education.foreign else ""]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def describe(education: Education) -> str:
    text = f"{education.school}·{education.major}·{education.get_degree_display()}"
    return text + (f"（证书编号 {education.certificate_no}）" if education.certificate_no else "")


def _entitled(assignment: RoleAssignment, decl: Declaration, path: str) -> bool:
    role = assignment.role
    # §4.3.1: the archive department of the unit holding the archive (or its host centre).
    unit_side = ((role == Role.UNIT_HR and assignment.unit_id == decl.unit_id)
                 or (role == Role.TALENT_CENTRE and assignment.unit_id == decl.host_centre_id))
    if path == P.ARCHIVE_CONFIRMATION:
        return unit_side
    # §4.3.2: arranged by the offices / committee before evaluation.
    office_side = role in OFFICE_SIDE and covers(assignment, decl)
    if path == P.THIRD_PARTY:
        return office_side
    return unit_side or office_side  # §4.3.3 foreign certification: checked by either


def recording_assignment(user: User, decl: Declaration, path: str,
                         preferred: RoleAssignment | None = None) -> RoleAssignment | None:
    return find_assignment(user, roles=Role, where=lambda a: _entitled(a, decl, path),
                           prefer=preferred)


def may_view(user: User, decl: Declaration) -> bool:
    mine = assignments_of(user)
    return any(a.role in Role.UNIT_SIDE | OFFICE_SIDE and covers(a, decl) for a in mine)


def verifications_by_fingerprint(decl: Declaration) -> dict[str, EducationVerification]:
    return {v.fingerprint: v for v in EducationVerification.objects.filter(declaration=decl)
            .select_related("recorded_by")}


def status_rows(decl: Declaration, user: User | None = None):
    """Each education row with its path, its verification (or None) and whether `user` may
    record it."""
    found = verifications_by_fingerprint(decl)
    rows = []
    for edu in decl.education.all():
        path = path_for(decl, edu)
        rows.append({
            "education": edu, "path": path, "path_label": P(path).label,
            "clause": PATH_CLAUSE[P(path)], "verification": found.get(fingerprint(edu)),
            "may_record": bool(user and decl.state in VERIFY_STATES
                               and recording_assignment(user, decl, path)),
        })
    return rows


def _load(education_id: int, *, lock: bool) -> tuple[Education, Declaration]:
    qs = Education.objects.select_related("declaration__unit", "declaration__committee")
    education = qs.filter(pk=education_id).first()
    if education is None:
        raise NotFound()
    decls = Declaration.objects.select_related("unit", "committee")
    if lock:
        decls = decls.select_for_update()
    return education, decls.get(pk=education.declaration_id)


def _authorise(actor: User, decl: Declaration, path: str,
               assignment: RoleAssignment | None) -> RoleAssignment:
    acting = recording_assignment(actor, decl, path, assignment)
    if acting is None:
        raise NotFound()
    if decl.state not in VERIFY_STATES:
        raise Refused(f"申报当前状态为「{decl.get_state_display()}」，不能录入学历核验结果"
                      "（学历在申报提交后、评审开始前核验；桂职办〔2017〕26号 §4.3）。",
                      code="wrong_state")
    return acting


def record_verification(
    *,
    education_id: int,
    actor: User,
    result: str,
    verified_on: datetime.date | None,
    confirmed_by_name: str = "",
    archive_seal: bool = False,
    report_number: str = "",
    verifier: str = "",
    certificate_number: str = "",
    certified_by: str = "",
    note: str = "",
    method: str = VerificationMethod.MANUAL,
    assignment: RoleAssignment | None = None,
) -> EducationVerification:
    """Record the verification of one certificate along its path; one transaction, audited."""
    with transaction.atomic():
        education, decl = _load(education_id, lock=True)
        path = path_for(decl, education)
        acting = _authorise(actor, decl, path, assignment)
        clause = PATH_CLAUSE[P(path)]
        fp = fingerprint(education)
        if EducationVerification.objects.filter(declaration=decl, fingerprint=fp).exists():
            raise Refused(f"该学历（{describe(education)}）已核验，核验结果不能更改。",
                          code="already_verified")
        if result not in VerificationResult.values:
            raise Refused("请选择核验结果：属实或不属实。", code="result_required")
        day = not_in_future(verified_on, "核验日期")
        genuine = result == VerificationResult.GENUINE
        fields: dict = {}
        if path == P.ARCHIVE_CONFIRMATION:
            fields["confirmed_by_name"] = required_text(
                confirmed_by_name, f"请填写档案管理部门审核确认人{cite(clause)}。",
                "confirmed_by_required")
            if genuine and not archive_seal:
                raise Refused("学历证书须由档案管理部门审核确认并加盖档案专用章"
                              f"{cite(clause)}，请确认已加盖。", code="seal_required")
            fields["archive_seal"] = bool(archive_seal)
        elif path == P.THIRD_PARTY:
            fields["report_number"] = required_text(
                report_number, f"请填写第三方学历认证报告编号{cite(clause)}。",
                "report_number_required")
            fields["verifier"] = (verifier or "").strip() or "学信网"
            fields["method"] = method
        else:
            fields["certificate_number"] = required_text(
                certificate_number, f"请填写国家教育行政部门出具的学历认证书编号{cite(clause)}。",
                "certificate_number_required")
            fields["certified_by"] = (certified_by or "").strip() or FOREIGN_AUTHORITY
        verification = EducationVerification.objects.create(
            declaration=decl, education=education, fingerprint=fp,
            certificate=describe(education)[:200], path=path, result=result, verified_on=day,
            note=(note or "").strip(), recorded_by=actor, role=acting.role, **fields)
        record(actor=actor, action="education.verify", obj=verification, role=acting.role,
               scope=acting.scope_key,
               after={**snapshot(verification), "recorded_at": clock.now()},
               note=note.strip() if note else "")
    return verification


def verify_with_service(*, education_id: int, actor: User,
                        assignment: RoleAssignment | None = None) -> EducationVerification:
    """Ask the registered third-party verifier (§4.3.2). The call happens outside any
    transaction; when the service is unreachable the user is sent to the manual path."""
    education, decl = _load(education_id, lock=False)
    path = path_for(decl, education)
    if path != P.THIRD_PARTY:
        _authorise(actor, decl, path, assignment)  # NotFound outside scope, before saying so
        raise Refused(f"该学历不适用第三方在线核验，请按「{P(path).label}」录入"
                      f"{cite(PATH_CLAUSE[P(path)])}。", code="wrong_path")
    _authorise(actor, decl, path, assignment)
    verifier = current_verifier()
    try:
        verdict = verifier.verify(education)
    except Unreachable as exc:
        raise Refused(
            f"学历核验服务（{verifier.label}）暂时无法使用：{exc}。请自行查询后，按人工方式"
            f"录入认证报告编号和核验结果{cite('4.3.2')}。", code="unreachable") from exc
    result = VerificationResult.GENUINE if verdict.genuine else VerificationResult.NOT_GENUINE
    return record_verification(
        education_id=education_id, actor=actor, result=result,
        verified_on=clock.today(),
        report_number=verdict.report_number, verifier=verifier.label, note=verdict.detail,
        method=VerificationMethod.SERVICE, assignment=assignment)

