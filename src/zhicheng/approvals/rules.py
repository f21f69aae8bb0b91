"""Permissions of the approvals app, shared by pages and API (objects outside them: 404)."""

import rules

from zhicheng.approvals.domain import education
from zhicheng.approvals.domain.authority import deciding_assignment
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import OfficeKind, Role


@rules.predicate
def can_decide_approval(user, target) -> bool:
    """target: (declaration, approval code)."""
    if not user.is_authenticated or target is None:
        return False
    decl, code = target
    return deciding_assignment(user, decl, code) is not None


@rules.predicate
def can_view_education(user, decl) -> bool:
    return bool(user.is_authenticated and decl is not None and education.may_view(user, decl))


@rules.predicate
def has_inbox(user) -> bool:
    return any(a.role in (Role.OFFICE, Role.REGIONAL_OFFICE, Role.UNIT_HR)
               for a in assignments_of(user))


@rules.predicate
def is_series_office(user) -> bool:
    return any(a.role == Role.OFFICE and a.office.kind == OfficeKind.SERIES
               for a in assignments_of(user))


@rules.predicate
def is_regional_office(user) -> bool:
    return any(a.role == Role.REGIONAL_OFFICE for a in assignments_of(user))


rules.add_perm("approvals.decide_approval", can_decide_approval)
rules.add_perm("approvals.view_inbox", has_inbox)
rules.add_perm("approvals.view_education", can_view_education)
rules.add_perm("approvals.view_config_changes", is_series_office | is_regional_office)
rules.add_perm("approvals.request_config_change", is_series_office)
rules.add_perm("approvals.decide_config_change", is_regional_office)
