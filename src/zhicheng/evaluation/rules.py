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
