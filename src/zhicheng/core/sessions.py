"""The database session store, with an opt-in lazy renewal for frequent background requests.

SESSION_SAVE_EVERY_REQUEST renews the 30-minute idle timeout on every request: one
UPDATE (and on PostgreSQL a transaction) per request. A page that autosaves every few
seconds would pay that write on every save while moving the expiry by seconds. A view
marked with @renews_session_lazily skips the write when the session is unchanged and its
stored expiry would move by less than SESSION_LAZY_RENEWAL_SECONDS (default 60): the
idle timeout then counts from at most that long before the last request instead of from
the request itself. A changed session (login, messages, set_expiry) is always written.

SESSION_ENGINE = "zhicheng.core.sessions".
"""

import datetime
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore


class SessionStore(DbSessionStore):
    lazy_renewal = False  # set per request by @renews_session_lazily
    stored_expiry: datetime.datetime | None = None

    def _get_session_from_db(self):
        s = super()._get_session_from_db()
        self.stored_expiry = s.expire_date if s is not None else None
        return s

    def save(self, must_create: bool = False) -> None:
        if not must_create and self.renewal_not_due():
            return
        super().save(must_create=must_create)

    def renewal_not_due(self) -> bool:
        if not self.lazy_renewal or self.modified or self.stored_expiry is None:
            return False
        step = datetime.timedelta(seconds=getattr(settings, "SESSION_LAZY_RENEWAL_SECONDS", 60))
        return self.get_expiry_date() - self.stored_expiry < step


def renews_session_lazily(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        session = getattr(request, "session", None)
        if isinstance(session, SessionStore):
            session.lazy_renewal = True
        return view(request, *args, **kwargs)
    return wrapped
