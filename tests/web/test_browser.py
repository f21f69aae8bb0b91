"""Browser tests in headless Chromium (Playwright): every demo role logs in and sees its own
工作台; another unit's object answers 404; repeated wrong passwords lock the login."""

import pytest
from factories import DeclarationFactory

from zhicheng.core.models import RoleAssignment, User
from zhicheng.declarations.models import State
from zhicheng.demo.load import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]

DEMO_PASSWORD = "Zhicheng@2017"


@pytest.fixture
def demo():
    return {login.username: login for login in load_demo()}


def sign_in(page, base: str, username: str, password: str = DEMO_PASSWORD):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_every_demo_role_sees_its_own_workbench(page, live_server, demo, screenshot):
    assert len(demo) >= 8
    for username in demo:
        user = User.objects.get(username=username)
        assignment = RoleAssignment.objects.filter(user=user).first()
        sign_in(page, live_server.url, username)
        title = page.get_by_test_id("workbench-title")
        assert title.inner_text() == f"{assignment.get_role_display()}工作台"
        nav = page.locator(".site-nav").inner_text()
        assert "工作台" in nav
        # The secretariat opens experts' accounts with their pool entries (评委库), not here.
        assert ("账号管理" in nav) == (assignment.role in {"office", "regional_office"})
        screenshot(f"workbench-{username}")
        page.click("text=退出")
        page.wait_for_url(f"{live_server.url}/login/")


def test_unit_hr_opening_another_units_declaration_gets_404(page, live_server, demo,
                                                            screenshot):
    unit = RoleAssignment.objects.get(user__username="demo_unit").unit
    decl = DeclarationFactory(unit=unit, state=State.SUBMITTED)
    sign_in(page, live_server.url, "demo_unit2")
    page.wait_for_selector("[data-testid=workbench-title]")
    response = page.goto(f"{live_server.url}/declarations/{decl.pk}/")
    assert response.status == 404
    assert "未找到该页面或记录" in page.content()
    screenshot("unit-404")

    page.click("text=退出")
    sign_in(page, live_server.url, "demo_unit")
    response = page.goto(f"{live_server.url}/declarations/{decl.pk}/")
    assert response.status == 200
    assert page.get_by_test_id("state").inner_text() == "已提交，待单位审核"


def test_wrong_passwords_lead_to_a_lockout_message(page, live_server, demo, screenshot):
    for _ in range(4):
        sign_in(page, live_server.url, "demo_unit", "wrong-password")
        assert "用户名或密码不正确" in page.locator("[role=alert]").inner_text()
    screenshot("login-wrong-password")
    sign_in(page, live_server.url, "demo_unit", "wrong-password")
    assert "登录已被临时锁定" in page.locator("h1").inner_text()
    # Even the right password is refused while locked.
    sign_in(page, live_server.url, "demo_unit")
    assert "登录已被临时锁定" in page.locator("h1").inner_text()
    screenshot("login-locked")
