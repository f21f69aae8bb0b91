"""Permissions on notices, shared by pages and API (predicates from core.rules). Public
reading needs none."""

import rules

from zhicheng.core.models import Role
from zhicheng.core.rules import acts_as


@rules.predicate
def manages_notice(user, notice) -> bool:
    """The unit's own HR (or the hosting centre) manages the notice it posted."""
    return notice is not None and acts_as(Role.UNIT_SIDE, lambda a: a.unit_id == notice.unit_id
                                          ).test(user)


rules.add_perm("notices.post_notice", acts_as(Role.UNIT_SIDE))
rules.add_perm("notices.manage_notice", manages_notice)
rules.add_perm("notices.set_display", acts_as(Role.OFFICES))
rules.add_perm("notices.set_workdays", acts_as([Role.REGIONAL_OFFICE]))
