"""Proof deadlines counted in working days, on the one calendar the offices maintain
(zhicheng.core.domain.workdays: office overrides, then chinese-calendar)."""

import datetime

from zhicheng.core.domain.workdays import is_workday, notice_period

is_working_day = is_workday


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (start itself not counted)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    return notice_period(start + datetime.timedelta(days=1), days).ends_on
