"""In headless Chromium: a member fills in their opinion on a phone (390×844), and the chair
confirms a conflict on a laptop (1366×768) — each page without horizontal scrolling."""

from pathlib import Path

import pytest
from factories import PASSWORD
from meeting_world import build, started

from zhicheng.evaluation.domain.conflicts import declare_conflict
from zhicheng.evaluation.models import Conflict, Opinion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def sign_in(browser, base, user, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")
    return context, page


def test_a_member_gives_an_opinion_and_the_chair_confirms_a_conflict(browser, live_server,
                                                                     settings):
    settings.ZHICHENG_TODAY = "2017-09-20"
    w = started(build())
    decl = w.decls[1]
    c = declare_conflict(actor=w.user(4), session_id=w.session.pk, declaration_id=decl.pk,
                         kind="teacher_student", detail="申报人是本人指导的研究生")
    ARTIFACTS.mkdir(exist_ok=True)

    context, page = sign_in(browser, live_server.url, w.user(3),
                            {"width": 390, "height": 844})
    page.get_by_role("link", name="进入会议").click()
    page.locator(f"[data-decl='{decl.pk}'] a").click()
    page.get_by_label("推荐", exact=True).check()
    page.fill("#remark", "业绩突出，论文质量较高")
    assert no_horizontal_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "meeting-opinion-390.png"), full_page=False)
    page.click("[data-testid=save-opinion]")
    page.wait_for_selector(".msg-success")
    assert "已保存您的评议意见" in page.locator(".msg-success").inner_text()
    assert page.input_value("#remark") == "业绩突出，论文质量较高"
    assert no_horizontal_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "meeting-opinion-saved-390.png"), full_page=False)
    context.close()
    o = Opinion.objects.get()
    assert (o.expert_id, o.recommend, o.remark) == (w.expert(3).pk, True, "业绩突出，论文质量较高")

    context, page = sign_in(browser, live_server.url, w.user(2),
                            {"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/evaluation/meetings/{w.session.pk}/")
    page.click("[data-testid=conflicts-link]")
    box = page.locator(f"[data-conflict='{c.pk}']")
    box.get_by_label("确认回避").check()
    box.locator("input[name=reason]").fill("师生关系属实，应予回避")
    assert no_horizontal_scroll(page)
    page.click(f"[data-testid=decide-{c.pk}]")
    page.wait_for_selector(f"[data-testid=state-{c.pk}]")
    assert page.locator(f"[data-testid=state-{c.pk}]").inner_text() == "确认回避"
    page.screenshot(path=str(ARTIFACTS / "meeting-conflict-1366.png"), full_page=True)
    context.close()
    c.refresh_from_db()
    assert (c.state, c.decision_reason) == ("confirmed", "师生关系属实，应予回避")
    assert Conflict.objects.get(pk=c.pk).decided_by_id == w.user(2).pk
