"""The regional office's working-day overrides (notices.domain.settings), read by the calendar
in core.domain.workdays (§4.1.3)."""

import datetime

import pytest
from factories import official

from zhicheng.audit.domain import events_for
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.workdays import notice_period
from zhicheng.core.models import OfficeKind, Role, WorkdayOverride
from zhicheng.notices.domain.settings import set_workday_override

pytestmark = pytest.mark.django_db

D = datetime.date


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
