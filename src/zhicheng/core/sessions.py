"""The database session store: read with one compiled query, renewed lazily.

SESSION_SAVE_EVERY_REQUEST renews the 30-minute idle timeout on every request: a
transaction and an UPDATE per request, about a third of the CPU of a bare signed-in request
(bench/README.md, http-bench). This store skips the write when the session is unchanged and
its stored expiry would move by less than SESSION_LAZY_RENEWAL_SECONDS (default 60): the
idle timeout then counts from at most that long before the last request instead of from the
request itself. A changed session (login, messages, set_expiry, a role switch) is always
written.

The session is looked up by key with a query compiled once (zhicheng.core.prepared) and its
expiry compared here, which is what Django's `expire_date__gt=now()` filter does in SQL.

SESSION_ENGINE = "zhicheng.core.sessions".
"""

import datetime

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from zhicheng.core.prepared import PreparedQuery

_BY_KEY = PreparedQuery(lambda key: Session.objects.filter(session_key=key),
                        samples=[("sample-a",), ("sample-b",)])


class SessionStore(DbSessionStore):
    stored_expiry: datetime.datetime | None = None

    def _get_session_from_db(self):
        key = self.session_key
        s = _BY_KEY.first(key) if isinstance(key, str) else None
        if s is None or s.expire_date <= timezone.now():
            self._session_key = None
            s = None
        self.stored_expiry = s.expire_date if s is not None else None
        return s

    def save(self, must_create: bool = False) -> None:
        if not must_create and self.renewal_not_due():
            return
        super().save(must_create=must_create)

    def renewal_not_due(self) -> bool:
        if self.modified or self.stored_expiry is None:
            return False
        step = datetime.timedelta(seconds=getattr(settings, "SESSION_LAZY_RENEWAL_SECONDS", 60))
        return self.get_expiry_date() - self.stored_expiry < step

