"""The one clock for business times and phase checks.

Production: the real clock. Demo/training (ZHICHENG_TODAY set): the pinned date, and a time
that still moves, so successive actions get successive times and a 2017 pledge is signed in
2017. The demo banner can move the pinned date without a restart; the moved date lives in a
small JSON file under var/ (ZHICHENG_CLOCK_FILE) so every server worker process sees it.

Choice of time of day: with only ZHICHENG_TODAY, the pinned date at the real time of day
(anchored at real midnight, identical in every process without shared state). After the
banner moves the date: 08:30 of that date plus the real time elapsed since the move, so the
demo day starts at office hours and actions made after the move still follow each other.
"""

import contextvars
import datetime
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone

MOVED_DAY_STARTS = datetime.time(8, 30)

# Set only while the demo loader writes its history: each step at its own plausible moment.
_fixed: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "zhicheng_clock_fixed", default=None)


def is_pinned() -> bool:
    """Demo mode: a pinned date. Never set in production."""
    return bool(getattr(settings, "ZHICHENG_TODAY", ""))


def _clock_file() -> Path:
    return Path(getattr(settings, "ZHICHENG_CLOCK_FILE", ""))


def _moved() -> tuple[datetime.date, datetime.datetime] | None:
    """(date, real moment of the move) written by the banner, when it belongs to this setting.

    A restart with another ZHICHENG_TODAY starts from that date again.
    """
    path = _clock_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("base") != settings.ZHICHENG_TODAY:
            return None
        return (datetime.date.fromisoformat(data["date"]),
                datetime.datetime.fromisoformat(data["moved_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def now() -> datetime.datetime:
    """The current moment (aware). Every business time stamp takes it from here."""
    fixed = _fixed.get()
    if fixed is not None:
        return fixed
    real = timezone.now()
    if not is_pinned():
        return real
    tz = timezone.get_default_timezone()
    moved = _moved()
    if moved is not None:
        day, moved_at = moved
        start = datetime.datetime.combine(day, MOVED_DAY_STARTS, tzinfo=tz)
        return start + max(real - moved_at, datetime.timedelta(0))
    local = timezone.localtime(real, tz)
    pinned = datetime.date.fromisoformat(settings.ZHICHENG_TODAY)
    return datetime.datetime.combine(pinned, local.timetz().replace(tzinfo=None), tzinfo=tz)


def today() -> datetime.date:
    """Today's date for phase checks, on the same clock as now()."""
    if not is_pinned() and _fixed.get() is None:
        return timezone.localdate()
    return timezone.localdate(now())


def move_to(day: datetime.date) -> None:
    """Pin the demo date (demo mode only) for every process: atomic write of the clock file."""
    if not is_pinned():
        raise RuntimeError("只有演示环境可以调整系统日期。")
    path = _clock_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"base": settings.ZHICHENG_TODAY, "date": day.isoformat(),
                               "moved_at": timezone.now().isoformat()}), encoding="utf-8")
    os.replace(tmp, path)  # readers see the old file or the new one, never half of one


@contextmanager
def fixed_at(moment: datetime.datetime) -> Iterator[None]:
    """Stop the clock at moment for this thread (the demo loader's history), then restore."""
    token = _fixed.set(moment)
    try:
        yield
    finally:
        _fixed.reset(token)
