"""Permissions on fraud cases and integrity records, shared by pages and API.

Object predicates answer "may this user …"; the domain functions check the same again under
their locks (and raise NotFound outside scope)."""

import rules

from zhicheng.core.models import Role
from zhicheng.declarations.domain.scope import covering_assignments
from zhicheng.integrity.domain.access import OFFICE_ROLES, visible_cases


def _own(user, assignment) -> bool:
    return assignment is not None and assignment.user_id == user.pk


@rules.predicate
def may_open_case(user, declaration) -> bool:
    return declaration is not None and any(
        a.role in OFFICE_ROLES for a in covering_assignments(user, declaration))


@rules.predicate
def may_view_case(user, case) -> bool:
    return case is not None and visible_cases(user).filter(pk=case.pk).exists()


@rules.predicate
def may_decide_case(user, case) -> bool:
    return case is not None and may_open_case(user, case.declaration)


@rules.predicate
def may_answer_case(user, case) -> bool:
    return case is not None and case.declaration.applicant_id == user.pk


@rules.predicate
def acts_as_office(user, assignment) -> bool:
    """Case lists and the integrity list (§4.2.1): city, series and regional offices."""
    return _own(user, assignment) and assignment.role in OFFICE_ROLES


@rules.predicate
def acts_as_regional_office(user, assignment) -> bool:
    return _own(user, assignment) and assignment.role == Role.REGIONAL_OFFICE


@rules.predicate
def acts_for_committee(user, assignment) -> bool:
    """Integrity records of the committee's applicants (§4.2.1). Experts will see them on
    the dossiers assigned to them once evaluation exists."""
    return _own(user, assignment) and assignment.role == Role.SECRETARIAT


rules.add_perm("integrity.open_case", may_open_case)
rules.add_perm("integrity.view_case", may_view_case)
rules.add_perm("integrity.decide_case", may_decide_case)
rules.add_perm("integrity.answer_case", may_answer_case)
rules.add_perm("integrity.list_cases", acts_as_office)
rules.add_perm("integrity.view_records", acts_as_office)
rules.add_perm("integrity.view_reported", acts_as_regional_office)
rules.add_perm("integrity.committee_records", acts_for_committee)
