"""Extra conditions on transitions, registered by the apps that own them (review, notices,
approvals, integrity), checked by workflow.perform inside its transaction after the table's
own checks. A guard raises Refused (with a clause) to stop the transition."""

from collections import defaultdict
from collections.abc import Callable

from zhicheng.core.models import RoleAssignment, User
from zhicheng.declarations.models import Declaration

Guard = Callable[[Declaration, User, RoleAssignment], None]

_GUARDS: dict[str, list[Guard]] = defaultdict(list)


def guard(*transition_names: str):
    """Decorator: register `fn(decl, actor, assignment)` for these transitions."""

    def register(fn: Guard) -> Guard:
        for name in transition_names:
            if fn not in _GUARDS[name]:
                _GUARDS[name].append(fn)
        return fn

    return register


def check(name: str, decl: Declaration, actor: User, assignment: RoleAssignment) -> None:
    for fn in _GUARDS.get(name, ()):
        fn(decl, actor, assignment)


def registered(name: str) -> list[Guard]:
    return list(_GUARDS.get(name, ()))
