"""Permissions of the approvals app, shared by pages and API (objects outside them: 404)."""

import rules

from zhicheng.approvals.domain import education
from zhicheng.approvals.domain.authority import deciding_assignment
from zhicheng.core.models import Role
from zhicheng.core.rules import acts_as, series_office


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


rules.add_perm("approvals.decide_approval", can_decide_approval)
rules.add_perm("approvals.view_inbox", acts_as([Role.UNIT_HR, *Role.OFFICES]))
rules.add_perm("approvals.view_education", can_view_education)
rules.add_perm("approvals.view_config_changes", acts_as(Role.OFFICES, series_office))
rules.add_perm("approvals.request_config_change",
               acts_as([Role.OFFICE], series_office))
rules.add_perm("approvals.decide_config_change", acts_as([Role.REGIONAL_OFFICE]))
