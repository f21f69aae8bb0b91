"""Permissions on unit and office review, shared by pages and API."""

import rules

from zhicheng.core.models import Role
from zhicheng.declarations.domain.scope import covering_assignments


@rules.predicate
def acts_for_unit(user, assignment) -> bool:
    return (assignment is not None and assignment.user_id == user.pk
            and assignment.role in Role.UNIT_SIDE)


@rules.predicate
def acts_for_office(user, assignment) -> bool:
    return (assignment is not None and assignment.user_id == user.pk
            and assignment.role == Role.OFFICE)


@rules.predicate
def reviews_as_unit(user, declaration) -> bool:
    return declaration is not None and any(
        a.role in Role.UNIT_SIDE for a in covering_assignments(user, declaration))


@rules.predicate
def reviews_as_office(user, declaration) -> bool:
    return declaration is not None and any(
        a.role == Role.OFFICE for a in covering_assignments(user, declaration))


rules.add_perm("review.unit_queue", acts_for_unit)
rules.add_perm("review.office_queue", acts_for_office)
rules.add_perm("review.unit_review", reviews_as_unit)
rules.add_perm("review.office_review", reviews_as_office)
