"""Permissions on declarations, shared by pages and API."""

import rules

from zhicheng.declarations.domain.scope import covering_assignments


@rules.predicate
def can_view_declaration(user, declaration) -> bool:
    if declaration is None or not user.is_authenticated:
        return False
    return bool(covering_assignments(user, declaration))


rules.add_perm("declarations.view_declaration", can_view_declaration)
