"""Permissions on notices, shared by pages and API. Public reading needs none."""

import rules

from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Role
from zhicheng.notices.domain.access import unit_assignments


@rules.predicate
def is_unit_side(user) -> bool:
    return bool(unit_assignments(user))


@rules.predicate
def manages_notice(user, notice) -> bool:
    return notice is not None and any(a.unit_id == notice.unit_id
                                      for a in unit_assignments(user))


@rules.predicate
def sets_notice_display(user, office=None) -> bool:
    return any(a.role == Role.REGIONAL_OFFICE
               or (a.role == Role.OFFICE and (office is None or a.office_id == office.pk))
               for a in assignments_of(user))


@rules.predicate
def sets_workdays(user) -> bool:
    return any(a.role == Role.REGIONAL_OFFICE for a in assignments_of(user))


rules.add_perm("notices.post_notice", is_unit_side)
rules.add_perm("notices.manage_notice", manages_notice)
rules.add_perm("notices.set_display", sets_notice_display)
rules.add_perm("notices.set_workdays", sets_workdays)
