"""Retirement ages: base ages before 2025, the NPC decision of 2024-09-13 after."""

from datetime import date

import pytest

from zhicheng.policy.retirement import (
    default_category,
    reaches_retirement_by,
    retirement_age,
    retirement_date,
    retirement_month,
)


@pytest.mark.parametrize(
    ("born", "category", "age", "month"),
    [
        # The brief's examples.
        (date(1965, 5, 10), "male_60", (60, 2), date(2025, 7, 1)),
        (date(1975, 11, 10), "female_50", (50, 6), date(2026, 5, 1)),
        (date(1976, 9, 1), "male_60", (63, 0), date(2039, 9, 1)),
        # Men: last unaffected month, first group, group edges, last month before the cap.
        (date(1964, 12, 31), "male_60", (60, 0), date(2024, 12, 1)),
        (date(1965, 1, 1), "male_60", (60, 1), date(2025, 2, 1)),
        (date(1965, 4, 30), "male_60", (60, 1), date(2025, 5, 1)),
        (date(1965, 5, 1), "male_60", (60, 2), date(2025, 7, 1)),
        (date(1976, 8, 31), "male_60", (62, 11), date(2039, 7, 1)),
        (date(1990, 1, 1), "male_60", (63, 0), date(2053, 1, 1)),
        # female_55: from births 1970-01, cap 58 from 1981-09.
        (date(1969, 12, 31), "female_55", (55, 0), date(2024, 12, 1)),
        (date(1970, 1, 1), "female_55", (55, 1), date(2025, 2, 1)),
        (date(1981, 8, 1), "female_55", (57, 11), date(2039, 7, 1)),
        (date(1981, 9, 1), "female_55", (58, 0), date(2039, 9, 1)),
        # female_50: from births 1975-01, in 2-month groups, cap 55 from 1984-11.
        (date(1974, 12, 31), "female_50", (50, 0), date(2024, 12, 1)),
        (date(1975, 1, 1), "female_50", (50, 1), date(2025, 2, 1)),
        (date(1975, 2, 1), "female_50", (50, 1), date(2025, 3, 1)),
        (date(1975, 3, 1), "female_50", (50, 2), date(2025, 5, 1)),
        (date(1984, 10, 1), "female_50", (54, 11), date(2039, 9, 1)),
        (date(1984, 11, 1), "female_50", (55, 0), date(2039, 11, 1)),
        # Before the reform: the base ages.
        (date(1957, 1, 1), "male_60", (60, 0), date(2017, 1, 1)),
        (date(1962, 6, 15), "female_55", (55, 0), date(2017, 6, 1)),
        (date(1967, 6, 15), "female_50", (50, 0), date(2017, 6, 1)),
    ],
)
def test_ages_and_months(born: date, category: str, age: tuple[int, int], month: date) -> None:
    assert retirement_age(born, category) == age
    assert retirement_month(born, category) == month


def test_the_day_is_the_birthday_clamped_to_the_month_end() -> None:
    assert retirement_date(date(1965, 5, 10), "male_60") == date(2025, 7, 10)
    # 60 years 1 month after 31 Jan 1965 → February has no 31st: its last day.
    assert retirement_date(date(1965, 1, 31), "male_60") == date(2025, 2, 28)
    # 29 Feb births reach a base age in a non-leap year on 28 Feb.
    assert retirement_date(date(1956, 2, 29), "male_60") == date(2016, 2, 29)
    assert retirement_date(date(1957, 2, 28), "male_60") == date(2017, 2, 28)
    assert retirement_date(date(1960, 2, 29), "female_55") == date(2015, 2, 28)


def test_reaches_retirement_by_boundaries() -> None:
    born = date(1956, 12, 31)  # 60 on 2016-12-31
    assert reaches_retirement_by(born, "male_60", date(2016, 12, 31))
    assert not reaches_retirement_by(born, "male_60", date(2016, 12, 30))
    assert not reaches_retirement_by(date(1957, 1, 1), "male_60", date(2016, 12, 31))
    assert reaches_retirement_by(date(1957, 1, 1), "male_60", date(2017, 1, 1))


def test_base_schedule_ignores_the_reform() -> None:
    assert retirement_age(date(1976, 9, 1), "male_60", "cn-base") == (60, 0)


def test_default_category() -> None:
    assert default_category("male") == "male_60"
    assert default_category("female") == "female_55"
