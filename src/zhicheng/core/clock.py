"""Today's date for phase checks. A demo or training system may pin it with ZHICHENG_TODAY."""

import datetime

from django.conf import settings
from django.utils import timezone


def today() -> datetime.date:
    pinned = getattr(settings, "ZHICHENG_TODAY", "")
    if pinned:
        return datetime.date.fromisoformat(pinned)
    return timezone.localdate()


def is_pinned() -> bool:
    return bool(getattr(settings, "ZHICHENG_TODAY", ""))
