"""Permissions on fraud cases and integrity records, shared by pages and API.

Object predicates answer "may this user …"; the domain functions check the same again under
their locks (and raise NotFound outside scope)."""

import rules

from zhicheng.core.models import Role
from zhicheng.core.rules import acts_as, acts_on
from zhicheng.integrity.domain.access import OFFICE_ROLES, visible_cases


@rules.predicate
def may_view_case(user, case) -> bool:
    return case is not None and visible_cases(user).filter(pk=case.pk).exists()


may_open_case = acts_on(OFFICE_ROLES)


@rules.predicate
def may_decide_case(user, case) -> bool:
    return case is not None and may_open_case.test(user, case.declaration)


@rules.predicate
def may_answer_case(user, case) -> bool:
    return case is not None and case.declaration.applicant_id == user.pk


rules.add_perm("integrity.open_case", may_open_case)
rules.add_perm("integrity.view_case", may_view_case)
rules.add_perm("integrity.decide_case", may_decide_case)
rules.add_perm("integrity.answer_case", may_answer_case)
# Case lists and the integrity list (§4.2.1): city, series and regional offices.
rules.add_perm("integrity.list_cases", acts_as(OFFICE_ROLES))
rules.add_perm("integrity.view_records", acts_as(OFFICE_ROLES))
rules.add_perm("integrity.view_reported", acts_as([Role.REGIONAL_OFFICE]))
# Integrity records of the committee's applicants (§4.2.1); experts will see them on the
# dossiers assigned to them once evaluation exists.
rules.add_perm("integrity.committee_records", acts_as([Role.SECRETARIAT]))
