"""Proof deadlines in working days, across the 2017 National Day holiday (8 days off,
Saturday 30 September a make-up working day)."""

import datetime

import pytest

from zhicheng.integrity.domain.deadlines import add_working_days, is_working_day

D = datetime.date
pytestmark = pytest.mark.django_db  # the office-maintained overrides live in the database


def test_make_up_saturday_counts_and_holiday_week_does_not():
    assert is_working_day(D(2017, 9, 30)) is True  # Saturday, make-up day
    assert is_working_day(D(2017, 10, 2)) is False  # Monday, National Day holiday
    assert add_working_days(D(2017, 9, 28), 1) == D(2017, 9, 29)
    assert add_working_days(D(2017, 9, 28), 2) == D(2017, 9, 30)
    assert add_working_days(D(2017, 9, 28), 3) == D(2017, 10, 9)


def test_ordinary_week_skips_the_weekend():
    assert add_working_days(D(2017, 7, 10), 5) == D(2017, 7, 17)


def test_year_unknown_to_the_calendar_falls_back_to_weekdays():
    assert is_working_day(D(2099, 1, 2)) is True  # Friday
    assert is_working_day(D(2099, 1, 3)) is False  # Saturday
    assert add_working_days(D(2099, 1, 2), 1) == D(2099, 1, 5)


def test_at_least_one_day():
    with pytest.raises(ValueError):
        add_working_days(D(2017, 7, 10), 0)
