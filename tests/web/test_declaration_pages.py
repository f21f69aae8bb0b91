"""Declaration pages answer 404 outside one's scope and run the transition table."""


import pytest
from factories import DeclarationFactory, UnitFactory, official

from zhicheng.core.models import Role
from zhicheng.declarations.models import State

pytestmark = pytest.mark.django_db


def test_unit_hr_of_another_unit_gets_404(client):
    decl = DeclarationFactory(state=State.SUBMITTED)
    client.force_login(official(Role.UNIT_HR, unit=UnitFactory()))
    response = client.get(f"/declarations/{decl.pk}/")
    assert response.status_code == 404
    assert "不在您的管辖范围内" in response.text
    response = client.post(f"/declarations/{decl.pk}/do/start_unit_review/")
    assert response.status_code == 404


def test_own_unit_sees_and_acts(client, settings, without_guards):
    settings.ZHICHENG_TODAY = "2017-07-10"
    decl = DeclarationFactory(state=State.SUBMITTED)
    client.force_login(official(Role.UNIT_HR, unit=decl.unit))
    page = client.get(f"/declarations/{decl.pk}/")
    assert page.status_code == 200
    assert "开始单位审核" in page.text

    response = client.post(f"/declarations/{decl.pk}/do/start_unit_review/",
                           {"expected_state": "submitted"}, follow=True)

    decl.refresh_from_db()
    assert decl.state == State.UNIT_REVIEW
    assert "已办理「开始单位审核」。" in response.text
    assert "开始单位审核" in response.text  # now in the timeline
    assert "单位人事（职改）部门" in response.text


def test_refusal_is_shown_in_chinese_and_changes_nothing(client, settings):
    settings.ZHICHENG_TODAY = "2017-05-10"  # application phase: units review in Jul–Aug
    decl = DeclarationFactory(state=State.SUBMITTED)
    client.force_login(official(Role.UNIT_HR, unit=decl.unit))
    response = client.post(f"/declarations/{decl.pk}/do/start_unit_review/",
                           {"expected_state": "submitted"}, follow=True)
    decl.refresh_from_db()
    assert decl.state == State.SUBMITTED
    assert "「开始单位审核」只能在以下阶段办理" in response.text
    assert "2017年5月10日不在该阶段" in response.text


def test_list_shows_only_scope(client):
    mine = DeclarationFactory(state=State.SUBMITTED)
    DeclarationFactory(state=State.SUBMITTED)
    client.force_login(official(Role.UNIT_HR, unit=mine.unit))
    response = client.get("/declarations/")
    assert [d.pk for d in response.context["page"]] == [mine.pk]


def test_demo_clock_is_announced(client, settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    client.force_login(official(Role.APPLICANT))
    assert "系统日期设定为 2017年5月15日" in client.get("/").text
