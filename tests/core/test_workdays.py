"""Working days across the 2017 National Day holiday and make-up days (§4.1.3)."""

import datetime

import pytest

from zhicheng.core.domain.workdays import is_workday, notice_period, working_days_between

pytestmark = pytest.mark.django_db

D = datetime.date


def test_2017_national_day_holiday_and_make_up_saturday():
    # 2017: Oct 1–8 off (National Day with Mid-Autumn), Sat Sep 30 a make-up working day.
    assert is_workday(D(2017, 9, 29)) is True
    assert is_workday(D(2017, 9, 30)) is True   # Saturday, make-up day
    assert [is_workday(D(2017, 10, d)) for d in range(1, 9)] == [False] * 8
    assert is_workday(D(2017, 10, 9)) is True


@pytest.mark.parametrize(("starts", "days", "ends"), [
    (D(2017, 9, 28), 5, D(2017, 10, 10)),  # Thu, Fri, Sat 30 (make-up), Mon 9, Tue 10
    (D(2017, 9, 30), 5, D(2017, 10, 12)),  # starts on the make-up Saturday: it counts
    (D(2017, 10, 1), 5, D(2017, 10, 13)),  # starts inside the holiday: counting from Oct 9
    (D(2017, 9, 25), 5, D(2017, 9, 29)),   # an ordinary week
    (D(2017, 9, 29), 1, D(2017, 9, 29)),
    (D(2017, 9, 29), 2, D(2017, 9, 30)),
    (D(2017, 1, 20), 3, D(2017, 1, 23)),   # Spring Festival: Sun Jan 22 is a make-up day
    (D(2017, 7, 10), 5, D(2017, 7, 14)),
])
def test_notice_period_exact_dates(starts, days, ends):
    period = notice_period(starts, days)
    assert (period.starts_on, period.working_days, period.ends_on) == (starts, days, ends)
    assert period.warnings == ()


def test_working_days_between_across_the_holiday():
    assert working_days_between(D(2017, 9, 29), D(2017, 10, 9)) == 3
    assert working_days_between(D(2017, 10, 1), D(2017, 10, 8)) == 0
    assert working_days_between(D(2017, 10, 9), D(2017, 10, 1)) == 0


def test_period_must_have_a_working_day():
    with pytest.raises(ValueError):
        notice_period(D(2017, 7, 10), 0)


def test_unknown_year_falls_back_to_monday_to_friday_with_a_warning():
    # chinese-calendar raises NotImplementedError for years it does not know.
    period = notice_period(D(2099, 10, 1), 5)  # Thu 1 Oct 2099
    assert period.ends_on == D(2099, 10, 7)    # Thu, Fri, Mon, Tue, Wed
    assert period.warnings == (
        "系统未收录2099年法定节假日和调休安排，2099年的日期暂按周一至周五为工作日计算；"
        "请自治区职改办补录当年的节假日安排后核对公示期。",)
