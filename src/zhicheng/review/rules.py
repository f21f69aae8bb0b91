"""Permissions on unit and office review, shared by pages and API (predicates from
core.rules)."""

import rules

from zhicheng.core.models import Role
from zhicheng.core.rules import acts_as, acts_on

rules.add_perm("review.unit_queue", acts_as(Role.UNIT_SIDE))
rules.add_perm("review.office_queue", acts_as([Role.OFFICE]))
rules.add_perm("review.unit_review", acts_on(Role.UNIT_SIDE))
rules.add_perm("review.office_review", acts_on([Role.OFFICE]))
