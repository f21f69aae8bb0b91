"""Calendar arithmetic shared by the rules: strict parsing and month steps.

Periods follow the Civil Code (民法典 第二百零一、二百零二条): a period counted in
months or years ends on the corresponding day of the last month; where that
month has no such day (29–31), on its last day.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # not \d: that takes any script's digits
_MONTH_RE = re.compile(r"[0-9]{4}-[0-9]{2}")


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months, the day clamped to the target month's end."""
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    day = d.day
    if day > 28:
        day = min(day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def month_index(d: date) -> int:
    """Months since year 0: makes month differences plain subtraction."""
    return d.year * 12 + d.month - 1


@lru_cache(maxsize=4096)  # the months of a batch's windows recur
def month_str(index: int) -> str:
    year, month0 = divmod(index, 12)
    return f"{year:04d}-{month0 + 1:02d}"


@lru_cache(maxsize=65536)  # the same few hundred dates recur across a batch
def parse_date(text: str) -> date:
    """`YYYY-MM-DD` only (date.fromisoformat alone also takes `20170515` etc.).

    Raises ValueError with a short reason."""
    if not _DATE_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text} is not a day of the calendar") from None


@lru_cache(maxsize=65536)
def parse_month(text: str) -> int:
    """`YYYY-MM` → month index."""
    if len(text) != 7 or not _MONTH_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a month in the form YYYY-MM")
    month = int(text[5:])
    if not 1 <= month <= 12:
        raise ValueError(f"{text} is not a month of the calendar")
    return int(text[:4]) * 12 + month - 1
