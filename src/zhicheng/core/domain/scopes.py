"""The assignments a user acts under, cached per user object."""

from zhicheng.core.models import Role, RoleAssignment, User
from zhicheng.core.prepared import PreparedQuery

_CACHE_ATTR = "_zhicheng_assignments"

# Every signed-in request runs this; compiled once (zhicheng.core.prepared).
_ASSIGNMENTS = PreparedQuery(
    lambda user_id: RoleAssignment.objects.filter(user_id=user_id)
    .select_related("unit", "office", "office__city", "office__series", "committee")
    .order_by("id"),
    samples=[(-1,), (-2,)],
)


def assignments_of(user: User) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _ASSIGNMENTS.list(user.pk)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_assignments(user: User) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: User, *roles: str) -> bool:
    return any(a.role in roles for a in assignments_of(user))


def roles_of(user: User) -> set[str]:
    return {a.role for a in assignments_of(user)}


OFFICIAL_ROLES = frozenset(r for r in Role if r != Role.APPLICANT)
