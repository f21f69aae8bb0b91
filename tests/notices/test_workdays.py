"""Working days across the 2017 National Day holiday and make-up days (§4.1.3)."""

import datetime

import pytest
from factories import official

from zhicheng.audit.domain import events_for
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import OfficeKind, Role
from zhicheng.notices.domain.settings import set_workday_override
from zhicheng.notices.domain.workdays import is_workday, notice_period, working_days_between
from zhicheng.notices.models import WorkdayOverride

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


def test_office_overrides_fill_an_unknown_year_and_silence_the_warning():
    regional = official(Role.REGIONAL_OFFICE, office=_regional())
    for day in (1, 2, 5):
        set_workday_override(actor=regional, date=D(2099, 10, day), is_workday=False,
                             note="国庆节")
    set_workday_override(actor=regional, date=D(2099, 10, 3), is_workday=True,
                         note="调休上班")
    period = notice_period(D(2099, 10, 1), 5)
    # Oct 3 (Sat, make-up), 6, 7, 8, 9 — Oct 1, 2 and 5 off, Oct 4 Sunday.
    assert period.ends_on == D(2099, 10, 9)
    assert period.warnings == ()


def test_override_corrects_a_known_year_and_is_audited():
    regional = official(Role.REGIONAL_OFFICE, office=_regional())
    row = set_workday_override(actor=regional, date=D(2017, 7, 12), is_workday=False,
                               note="更正")
    assert notice_period(D(2017, 7, 10), 5).ends_on == D(2017, 7, 17)
    set_workday_override(actor=regional, date=D(2017, 7, 12), is_workday=True, note="恢复")
    assert notice_period(D(2017, 7, 10), 5).ends_on == D(2017, 7, 14)
    events = list(events_for(row))
    assert [(e.action, e.before, e.after) for e in events] == [
        ("notice.workday_override", None,
         {"date": "2017-07-12", "is_workday": False, "note": "更正"}),
        ("notice.workday_override", {"is_workday": False, "note": "更正"},
         {"date": "2017-07-12", "is_workday": True, "note": "恢复"}),
    ]
    assert events[0].actor_id == regional.pk and events[0].role == Role.REGIONAL_OFFICE


def test_only_the_regional_office_sets_overrides():
    from factories import OfficeFactory
    city_officer = official(Role.OFFICE, office=OfficeFactory())
    with pytest.raises(NotFound):
        set_workday_override(actor=city_officer, date=D(2099, 1, 1), is_workday=False)
    regional = official(Role.REGIONAL_OFFICE, office=_regional())
    with pytest.raises(Refused) as exc:
        set_workday_override(actor=regional, date=D(2099, 1, 1), is_workday=False,
                             note="长" * 81)
    assert exc.value.message == "说明不超过80字。"
    assert WorkdayOverride.objects.count() == 0


def _regional():
    from zhicheng.core.models import Office
    return Office.objects.get_or_create(name="自治区职改办",
                                        defaults={"kind": OfficeKind.REGIONAL})[0]
