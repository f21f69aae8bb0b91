"""Permissions of the committee's evaluation, shared by pages and API (core.rules)."""

import rules

from zhicheng.core.models import Role
from zhicheng.core.rules import acts_as

# §5.2: the committee's secretariat keeps its expert pool.
rules.add_perm("evaluation.manage_pool", acts_as([Role.SECRETARIAT]))

# Point 8: the session record. The secretariat makes it; its downloads are a separate
# permission so that the inspector (监督) role, when it exists, is added here and nowhere else.
rules.add_perm("evaluation.make_session_record", acts_as([Role.SECRETARIAT]))
rules.add_perm("evaluation.view_session_record", acts_as([Role.SECRETARIAT]))
