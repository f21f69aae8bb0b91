"""The one clock: demo records carry demo times, the banner's file moves every process."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from factories import DeclarationFactory

from zhicheng.audit.domain import record
from zhicheng.core import clock

pytestmark = pytest.mark.django_db


def test_production_uses_the_real_clock(settings):
    settings.ZHICHENG_TODAY = ""
    before = timezone.now()
    assert before <= clock.now() <= timezone.now()
    assert clock.today() == timezone.localdate()


def test_pinned_date_keeps_the_real_time_of_day(settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    first, second = clock.now(), clock.now()
    assert timezone.localtime(first).date() == datetime.date(2017, 5, 15)
    assert first <= second
    assert clock.today() == datetime.date(2017, 5, 15)


def test_moved_date_is_read_from_the_shared_file(settings, clock_file):
    settings.ZHICHENG_TODAY = "2017-05-15"
    clock.move_to(datetime.date(2017, 7, 3))
    data = json.loads(clock_file.read_text())
    assert (data["base"], data["date"]) == ("2017-05-15", "2017-07-03")
    moment = timezone.localtime(clock.now())
    assert moment.date() == datetime.date(2017, 7, 3)
    assert datetime.time(8, 30) <= moment.time() < datetime.time(8, 31)
    # A restart with another pinned date starts again from that date.
    settings.ZHICHENG_TODAY = "2017-06-01"
    assert clock.today() == datetime.date(2017, 6, 1)


def test_move_is_refused_outside_demo_mode(settings, clock_file):
    settings.ZHICHENG_TODAY = ""
    with pytest.raises(RuntimeError):
        clock.move_to(datetime.date(2017, 7, 3))
    assert not clock_file.exists()


def test_records_and_audit_events_carry_demo_times(settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    moment = timezone.make_aware(datetime.datetime(2017, 5, 15, 10, 0))
    with clock.fixed_at(moment):
        decl = DeclarationFactory()
        with transaction.atomic():
            event = record(actor=None, action="demo.create", obj=decl)
    decl.refresh_from_db()
    assert (decl.created_at, decl.updated_at, decl.state_changed_at) == (moment,) * 3
    assert event.created_at == moment
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "完整" in out.getvalue()  # raises CommandError when the chain is broken
