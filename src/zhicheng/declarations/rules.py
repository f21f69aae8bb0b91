"""Permissions on declarations, shared by pages and API (predicates from core.rules)."""

import rules

from zhicheng.core.models import Role
from zhicheng.core.rules import acts_as, acts_on

# In scope, and in a role that may view the declaration in its state (the state table).
rules.add_perm("declarations.view_declaration", acts_on(Role))
rules.add_perm("declarations.apply", acts_as([Role.APPLICANT]))
# The declarations list: one's own, or those of one's scope (申报查询).
rules.add_perm("declarations.list", acts_as(Role.OFFICIALS - {Role.EXPERT} | {Role.APPLICANT}))
rules.add_perm("declarations.search_officially", acts_as(Role.OFFICIALS - {Role.EXPERT}))
