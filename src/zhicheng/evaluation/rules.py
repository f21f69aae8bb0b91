"""Permissions of the committee's evaluation, shared by pages and API (core.rules)."""

import rules

from zhicheng.core.models import Role
from zhicheng.core.rules import acts_as

# §5.2: the committee's secretariat keeps its expert pool.
rules.add_perm("evaluation.manage_pool", acts_as([Role.SECRETARIAT]))
# §5.3.2: a drawn member's pages (their sessions, dossiers, opinions; the chair's queue).
# Each page then asks the domain for the member's seat in that session (404 otherwise).
rules.add_perm("evaluation.sit_in_session", acts_as([Role.EXPERT]))
# An applicant asks for a recusal on their own declaration (§5.3).
rules.add_perm("evaluation.request_recusal", acts_as([Role.APPLICANT]))

# 无记名投票 (§5.3.2; issue 11 point 7): the secretariat runs the rounds; members (experts)
# check in and vote; a trustee's decryption and the chair's seal are checked on the object
# by the domain (a trustee may hold any role, or none, beside being named).
rules.add_perm("evaluation.run_ballot", acts_as([Role.SECRETARIAT]))
rules.add_perm("evaluation.vote", acts_as([Role.EXPERT]))
rules.add_perm("evaluation.decrypt_tally", rules.is_authenticated)


# Point 8: the session record. The secretariat makes it; its downloads are a separate
# permission so that the inspector (监督) role, when it exists, is added here and nowhere else.
rules.add_perm("evaluation.make_session_record", acts_as([Role.SECRETARIAT]))
rules.add_perm("evaluation.view_session_record", acts_as([Role.SECRETARIAT]))
