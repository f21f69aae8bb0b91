"""The one resolver of "the assignment with which this user acts here" (issue 8).

Every app asks it, with the roles the action needs, optionally the object acted on and a
preference (the session's active assignment, or one named in an API call):

- an object outside every scope of the user is NotFound (it looks as if it did not exist);
- an object in scope, but not in one of the needed roles, is Refused with the app's message
  (or NotFound where the app gives none);
- otherwise the preferred assignment if it qualifies, else the first qualifying one in the
  order of `roles` (a city office acts before the regional office when one person is both).

Objects other than plain filters are covered through a registry: the declarations app
registers how an assignment covers a declaration (declarations.domain.scope), so core needs
no import of the apps above it.
"""

from collections.abc import Callable, Iterable

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import RoleAssignment, User

Covers = Callable[[RoleAssignment, object], bool]
_COVERAGE: dict[type, Callable[[User, object], list[RoleAssignment]]] = {}


def register_coverage(model: type, covering: Callable[[User, object], list[RoleAssignment]]):
    """`covering(user, obj)`: the user's assignments whose scope includes obj."""
    _COVERAGE[model] = covering


def covering(user: User, obj: object | None) -> list[RoleAssignment]:
    if obj is None:
        return list(assignments_of(user))
    for model, fn in _COVERAGE.items():
        if isinstance(obj, model):
            return fn(user, obj)
    raise TypeError(f"no coverage registered for {type(obj).__name__}")


def find_assignment(
    user: User,
    obj: object | None = None,
    *,
    roles: Iterable[str],
    where: Callable[[RoleAssignment], bool] | None = None,
    prefer: int | RoleAssignment | None = None,
) -> RoleAssignment | None:
    """The qualifying assignment, or None (for menus and predicates that only ask)."""
    try:
        return acting_assignment(user, obj, roles=roles, where=where, prefer=prefer)
    except (NotFound, Refused):
        return None


def acting_assignment(
    user: User,
    obj: object | None = None,
    *,
    roles: Iterable[str],
    where: Callable[[RoleAssignment], bool] | None = None,
    prefer: int | RoleAssignment | None = None,
    exact: bool = False,
    refusal: str = "",
    code: str = "wrong_role",
) -> RoleAssignment:
    """exact: a preferred assignment that does not qualify is NotFound (an API call that
    names an assignment means that one), not a fallback to another."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound()
    order = list(dict.fromkeys(roles))
    in_scope = covering(user, obj)
    if not in_scope:
        raise NotFound()
    qualifying = [a for a in in_scope if a.role in order and (where is None or where(a))]
    if not qualifying:
        if refusal and obj is not None:
            raise Refused(refusal, code=code)
        raise NotFound()
    wanted = prefer.pk if isinstance(prefer, RoleAssignment) else prefer
    chosen = next((a for a in qualifying if wanted is not None and a.pk == wanted), None)
    if chosen is None and exact and wanted is not None:
        raise NotFound()
    if chosen is None:
        chosen = min(qualifying, key=lambda a: (order.index(a.role), a.pk))
    return chosen
