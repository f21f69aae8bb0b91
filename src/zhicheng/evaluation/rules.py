"""Permissions of the committee's evaluation, shared by pages and API (core.rules)."""

import rules

from zhicheng.core.models import Role
from zhicheng.core.rules import acts_as

# §5.2: the committee's secretariat keeps its expert pool.
rules.add_perm("evaluation.manage_pool", acts_as([Role.SECRETARIAT]))

# 无记名投票 (§5.3.2; issue 11 point 7): the secretariat runs the rounds; members (experts)
# check in and vote; a trustee's decryption and the chair's seal are checked on the object
# by the domain (a trustee may hold any role, or none, beside being named).
rules.add_perm("evaluation.run_ballot", acts_as([Role.SECRETARIAT]))
rules.add_perm("evaluation.vote", acts_as([Role.EXPERT]))
rules.add_perm("evaluation.decrypt_tally", rules.is_authenticated)

