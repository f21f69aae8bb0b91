"""The assignment (role in a scope) a signed-in user is acting under in this session.

Request-level glue for views and the API of every app, so it sits in core beside clock.py
rather than in core.domain (domain functions take explicit arguments, never a request)
or in web (apps below web must not import it)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from zhicheng.core.domain.errors import NotFound
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import RoleAssignment

SESSION_KEY = "active_assignment"


def active_assignment(request) -> RoleAssignment | None:
    mine = assignments_of(request.user)
    if not mine:
        return None
    wanted = request.session.get(SESSION_KEY)
    return next((a for a in mine if a.pk == wanted), mine[0])


def set_active_assignment(request, assignment_id: int) -> bool:
    if any(a.pk == assignment_id for a in assignments_of(request.user)):
        request.session[SESSION_KEY] = assignment_id
        return True
    return False


def requires(perm: str):
    """View decorator: signed in, and holding `perm` (a rules permission) through some
    assignment — else the Chinese 404, as if the page did not exist. The navigation shows a
    page by the same permission (web.context.NAV)."""

    def wrap(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise NotFound()
            return view(request, *args, **kwargs)

        guarded.required_permission = perm
        return guarded

    return wrap
