"""The one factory of `rules` predicates, and the permissions on accounts and the catalogue.

Every app's rules.py builds its predicates from these three shapes, so "who may do X" is a
role set (and at most a small filter) stated once, and pages, the API and the navigation ask
the same question:

- acts_as(roles): (user, assignment) — the assignment is the user's own and in one of roles;
  the navigation asks this of the session's active assignment. Asked with no assignment
  (a page or API call not tied to one), some assignment of the user must qualify.
- acts_on(roles): (user, object) — the one resolver (core.domain.acting) finds an assignment
  in one of roles whose scope covers the object.
"""

from collections.abc import Callable, Iterable

import rules

from zhicheng.core.domain.accounts import creatable_roles
from zhicheng.core.domain.acting import find_assignment
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import OfficeKind, Role, RoleAssignment

Where = Callable[[RoleAssignment], bool]


def _name(kind: str, roles: frozenset[str], where: Where | None) -> str:
    extra = f"[{where.__name__}]" if where else ""
    return f"{kind}({','.join(sorted(roles))}){extra}"


def acts_as(roles: Iterable[str], where: Where | None = None) -> rules.Predicate:
    roles = frozenset(roles)

    def qualifies(a: RoleAssignment) -> bool:
        return a.role in roles and (where is None or where(a))

    def check(user, assignment=None) -> bool:
        if assignment is None:
            return any(qualifies(a) for a in assignments_of(user))
        return (isinstance(assignment, RoleAssignment) and assignment.user_id == user.pk
                and qualifies(assignment))

    return rules.Predicate(check, name=_name("acts_as", roles, where))


def acts_on(roles: Iterable[str], where: Where | None = None) -> rules.Predicate:
    roles = frozenset(roles)

    def check(user, obj) -> bool:
        return obj is not None and find_assignment(user, obj, roles=roles,
                                                   where=where) is not None

    return rules.Predicate(check, name=_name("acts_on", roles, where))


def _opens_accounts(assignment: RoleAssignment) -> bool:
    # A secretariat opens experts' accounts only through the pool (评委库): no account page.
    return bool(creatable_roles(assignment))


def series_office(assignment: RoleAssignment) -> bool:
    """A series office (§7.1.2 config changes), or the region above it."""
    return assignment.role == Role.REGIONAL_OFFICE or bool(
        assignment.office and assignment.office.kind == OfficeKind.SERIES)


rules.add_perm("core.open_accounts", acts_as(Role, _opens_accounts))
rules.add_perm("core.use_workbench", acts_as(Role))
rules.add_perm("core.confirm_bindings", acts_as(Role.UNIT_SIDE))
