"""The demo banner's view: moves the shared date, audited, 404 outside demo mode."""

import datetime

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.core import clock
from zhicheng.demo.load import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    load_demo()


def test_banner_moves_the_date_to_a_phase_start(client, demo, clock_file):
    response = client.post("/demo/date/", {"date": "2017-07-01", "next": "/plans/"})
    assert response.status_code == 302 and response["Location"] == "/plans/"
    assert clock.today() == datetime.date(2017, 7, 1)
    assert clock_file.exists()  # shared by every worker process
    event = AuditEvent.objects.get(action="demo.move_date")
    assert (event.before, event.after) == ({"date": "2017-05-15"}, {"date": "2017-07-01"})
    assert "单位审核推荐及职改部门汇总审核" in event.note


def test_banner_refuses_a_date_that_starts_no_phase(client, demo, clock_file):
    response = client.post("/demo/date/", {"date": "2017-07-02"}, follow=True)
    assert "只能调整到附件1所列某一阶段的开始日期" in response.content.decode()
    assert not clock_file.exists()
    assert not AuditEvent.objects.filter(action="demo.move_date").exists()


def test_no_banner_and_no_view_in_production(client, settings, clock_file):
    settings.ZHICHENG_TODAY = ""
    assert client.post("/demo/date/", {"date": "2017-07-01"}).status_code == 404
    assert "demo-clock" not in client.get("/login/").content.decode()
    assert not clock_file.exists()
