"""Working days for notice periods (§4.1.3) and integrity deadlines (§4.2.2): China's official
holidays and make-up working days. In core because both apps count on the one calendar.

Sources, first that knows the day wins:
1. the regional office's overrides (WorkdayOverride), for years chinese-calendar does not know
   and for corrections;
2. chinese-calendar (official State Council arrangements; raises NotImplementedError for years
   it does not know);
3. plain Monday–Friday, with a visible warning naming the year.
"""

import datetime
from dataclasses import dataclass, field

import chinese_calendar

from zhicheng.core.models import WorkdayOverride

DEFAULT_WORKING_DAYS = 5
MAX_WORKING_DAYS = 60
_ONE_DAY = datetime.timedelta(days=1)


def fallback_warning(year: int) -> str:
    return (f"系统未收录{year}年法定节假日和调休安排，{year}年的日期暂按周一至周五为工作日计算；"
            "请自治区职改办补录当年的节假日安排后核对公示期。")


@dataclass
class Calendar:
    """Answers is_workday for a range of dates with one query for the overrides."""

    overrides: dict[datetime.date, bool]
    override_years: set[int]
    unknown_years: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, start: datetime.date, end: datetime.date) -> "Calendar":
        # Whole years, so that "the office entered this year" is known without more queries.
        rows = WorkdayOverride.objects.filter(
            date__gte=datetime.date(start.year, 1, 1), date__lte=datetime.date(end.year, 12, 31)
        ).values_list("date", "is_workday")
        overrides = dict(rows)
        return cls(overrides=overrides, override_years={d.year for d in overrides})

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            # Years the office has entered count as known: it lists the exceptions only.
            if day.year not in self.override_years:
                self.unknown_years.add(day.year)
            return day.weekday() < 5

    @property
    def warnings(self) -> list[str]:
        return [fallback_warning(y) for y in sorted(self.unknown_years)]


@dataclass(frozen=True)
class Period:
    starts_on: datetime.date
    working_days: int
    ends_on: datetime.date
    warnings: tuple[str, ...]

    @property
    def warning(self) -> str:
        return " ".join(self.warnings)


def _window(start: datetime.date, days: int) -> datetime.date:
    # Generous upper bound for loading overrides: holidays never exceed a few weeks.
    return start + datetime.timedelta(days=days * 2 + 30)


def notice_period(starts_on: datetime.date, working_days: int = DEFAULT_WORKING_DAYS) -> Period:
    """The period of `working_days` working days counted from `starts_on` (itself counted when
    it is a working day). ends_on is the last working day of the period."""
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    cal = Calendar.load(starts_on, _window(starts_on, working_days))
    day, counted = starts_on, 0
    while True:
        if cal.is_workday(day):
            counted += 1
            if counted == working_days:
                return Period(starts_on, working_days, day, tuple(cal.warnings))
        day += _ONE_DAY


def working_days_between(first: datetime.date, last: datetime.date) -> int:
    """How many working days lie in [first, last]."""
    if last < first:
        return 0
    cal = Calendar.load(first, last)
    n, day = 0, first
    while day <= last:
        n += cal.is_workday(day)
        day += _ONE_DAY
    return n


def is_workday(day: datetime.date) -> bool:
    return Calendar.load(day, day).is_workday(day)
