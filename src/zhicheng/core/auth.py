"""Login by username, or by ID number for applicants (who registered with one): the ID
number is looked up in its own field, never used as the login name."""

import hashlib

from django.contrib.auth.backends import ModelBackend

from zhicheng.core.models import User
from zhicheng.core.prepared import PreparedQuery
from zhicheng.policy import idnumber

# The signed-in user, read on every request (AuthenticationMiddleware): compiled once.
_USER_BY_PK = PreparedQuery(lambda pk: User.objects.filter(pk=pk), samples=[(-1,), (-2,)])


def _id_number(text: str) -> str | None:
    try:
        return idnumber.normalise(text or "")
    except idnumber.IdNumberError:
        return None


class UsernameOrIdNumberBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        number = _id_number(username) if username else None
        if number is not None:
            user = User.objects.filter(id_number=number).first()
            if user is None:
                User().set_password(password)  # same work as a wrong password (timing)
                return None
            username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # As ModelBackend.get_user; the session stores the primary key as text.
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _USER_BY_PK.first(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


def axes_username(request, credentials: dict | None) -> str:
    """What django-axes counts failures against (AXES_USERNAME_CALLABLE): the account's
    username whether the person typed it or their ID number, so the two spellings share one
    limit; an ID number with no account is kept only as a digest, never in the clear."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = getattr(request, "POST", {}).get("username")
    typed = typed or ""
    number = _id_number(typed)
    if number is None:
        return typed
    name = User.objects.filter(id_number=number).values_list("username", flat=True).first()
    return name or "id:" + hashlib.sha256(number.encode()).hexdigest()[:24]
