"""Permissions of the committee's evaluation, shared by pages and API (core.rules)."""

import rules

from zhicheng.core.models import Role
from zhicheng.core.rules import acts_as

# §5.2: the committee's secretariat keeps its expert pool.
rules.add_perm("evaluation.manage_pool", acts_as([Role.SECRETARIAT]))
