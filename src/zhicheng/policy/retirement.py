"""Statutory retirement ages, as a versioned schedule.

Base ages (国发〔1978〕104号 and practice until 2024): men 60; women 55
(`female_55`: cadres and the like) or 50 (`female_50`: workers).

From 2025-01-01, the NPC Standing Committee decision of 2024-09-13
(关于实施渐进式延迟法定退休年龄的决定, annex tables 1–3) delays the age for
everyone whose *original* retirement month is 2025-01 or later: one month for
every 4 months (`male_60`, `female_55`) or every 2 months (`female_50`) of that
original month after 2024-12, counting a started group as a whole one, up to 36
(→ 63 / 58) or 60 (→ 55) months:

    delay = min(cap, ceil(k / step)),  k = months from 2024-12 to the original month

Because the original month is the birth month plus the base age, this is the
table's rule by birth month: men born 1965-01…04 +1, 1965-05…08 +2, …,
from 1976-09 +36; female_55 from 1970-01, cap from 1981-09; female_50 from
1975-01 in 2-month groups, cap from 1984-11.

Definition used throughout: one *reaches* the retirement age on the day of
the birth month's day in the month `birth + age` (the last day of that month
when it has no such day, cf. 民法典 第二百零二条). Retirement happens in that
month; `retirement_month` gives its first day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .dates import add_months, month_index

MALE_60 = "male_60"
FEMALE_55 = "female_55"
FEMALE_50 = "female_50"
CATEGORIES: tuple[str, ...] = (MALE_60, FEMALE_55, FEMALE_50)
BASE_AGE_MONTHS: dict[str, int] = {MALE_60: 720, FEMALE_55: 660, FEMALE_50: 600}
CATEGORY_SEX: dict[str, str] = {MALE_60: "male", FEMALE_55: "female", FEMALE_50: "female"}


@dataclass(frozen=True, slots=True)
class Reform:
    """A gradual delay of the base ages, effective for original dates from `effective_from`."""

    id: str
    decided: date
    effective_from: date
    step_months: dict[str, int]
    cap_months: dict[str, int]

    def delay(self, category: str, original_month: int) -> int:
        k = original_month - month_index(self.effective_from) + 1
        if k <= 0:
            return 0
        step = self.step_months[category]
        return min(self.cap_months[category], -(-k // step))


NPC_2024 = Reform(
    id="npc-2024-09-13",
    decided=date(2024, 9, 13),
    effective_from=date(2025, 1, 1),
    step_months={MALE_60: 4, FEMALE_55: 4, FEMALE_50: 2},
    cap_months={MALE_60: 36, FEMALE_55: 36, FEMALE_50: 60},
)


@dataclass(frozen=True, slots=True)
class Schedule:
    """Base ages plus the reforms in force; its id goes into policy-set hashes."""

    id: str
    reforms: tuple[Reform, ...]


SCHEDULES: dict[str, Schedule] = {
    "cn-base": Schedule("cn-base", ()),
    "cn-npc-2024-09-13": Schedule("cn-npc-2024-09-13", (NPC_2024,)),
}
CURRENT = "cn-npc-2024-09-13"


def default_category(sex: str) -> str:
    return MALE_60 if sex == "male" else FEMALE_55


def retirement_age_months(birth_date: date, category: str, schedule: str = CURRENT) -> int:
    """The retirement age in months (e.g. 722 = 60 years 2 months)."""
    return _age_months(month_index(birth_date), category, schedule)


@lru_cache(maxsize=16384)  # by birth month: a few hundred distinct keys per batch
def _age_months(birth_month: int, category: str, schedule: str) -> int:
    base = BASE_AGE_MONTHS[category]
    original_month = birth_month + base
    delay = sum(r.delay(category, original_month) for r in SCHEDULES[schedule].reforms)
    return base + delay


def retirement_age(birth_date: date, category: str, schedule: str = CURRENT) -> tuple[int, int]:
    """The retirement age as (years, months)."""
    return divmod(retirement_age_months(birth_date, category, schedule), 12)


@lru_cache(maxsize=65536)  # by birth day: the retirement rule asks for a share of all cases
def retirement_date(birth_date: date, category: str, schedule: str = CURRENT) -> date:
    """The day the retirement age is reached (see the module doc)."""
    return add_months(birth_date, retirement_age_months(birth_date, category, schedule))


def retirement_month(birth_date: date, category: str, schedule: str = CURRENT) -> date:
    """The first day of the month in which one retires."""
    return retirement_date(birth_date, category, schedule).replace(day=1)


def reaches_retirement_by(
    birth_date: date, category: str, on: date, schedule: str = CURRENT
) -> bool:
    """True when the retirement age is reached on or before `on`."""
    return retirement_date(birth_date, category, schedule) <= on
