"""Permissions on accounts and the catalogue, shared by pages and API."""

import rules

from zhicheng.core.domain.accounts import MAY_CREATE


@rules.predicate
def acts_as_account_opener(user, assignment) -> bool:
    """The assignment is the user's own and its role opens accounts for the level below."""
    return (assignment is not None and assignment.user_id == user.pk
            and assignment.role in MAY_CREATE)


rules.add_perm("core.open_accounts", acts_as_account_opener)
