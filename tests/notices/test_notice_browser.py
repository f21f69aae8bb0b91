"""In headless Chromium (§4.1.3): the unit posts a notice, a member of the public opens it
(masked ID numbers), lodges an objection with contact details, the unit answers it."""

from pathlib import Path

import pytest
from factories import PASSWORD
from playwright.sync_api import expect

from zhicheng.notices.models import Objection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shoot(pg, name: str) -> None:
    """Screenshot of a second browser context (the `screenshot` fixture shoots `page`)."""
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")


def test_public_objection_answered_by_the_unit(browser, page, live_server, hr, make_decl,
                                               screenshot):
    base = live_server.url
    zhang, wang = make_decl("张三"), make_decl("王芳")

    # The unit posts the notice; the end date is computed in working days.
    unit_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    unit_page = unit_ctx.new_page()
    sign_in(unit_page, base, hr.username)
    unit_page.goto(f"{base}/notices/unit/")
    assert "公示期至 2017年7月14日" in unit_page.locator("#period").inner_text()
    unit_page.fill("#working_days", "7")
    unit_page.locator("#starts_on").dispatch_event("change")
    expect(unit_page.locator("#period")).to_contain_text("公示期至 2017年7月18日")
    unit_page.fill("#working_days", "5")
    unit_page.locator("#working_days").dispatch_event("change")
    expect(unit_page.locator("#period")).to_contain_text("公示期至 2017年7月14日")
    unit_page.check(f"#d-{zhang.pk}")
    unit_page.check(f"#d-{wang.pk}")
    shoot(unit_page, "notice-00-unit-posting")
    unit_page.get_by_role("button", name="发布公示").click()
    unit_page.get_by_test_id("confirm-ok").click()  # publishing cannot be undone: confirm
    expect(unit_page.locator(".msg-success")).to_contain_text(
        "已发布公示（2人），公示期至2017年7月14日。")

    # A member of the public (no account) opens the notice from the public list.
    page.goto(f"{base}/notices/")
    page.click("text=南宁市第一设计院2017年度专业技术资格申报人员公示")
    page.wait_for_selector("td.masked-id")
    masked = page.locator("td.masked-id").all_inner_texts()
    assert masked == [wang.id_number[:6] + "********" + wang.id_number[-4:],
                      zhang.id_number[:6] + "********" + zhang.id_number[-4:]]
    assert zhang.id_number not in page.content()
    screenshot("notice-01-public-masked")

    # An objection without contact details is refused; with a phone number it is taken.
    page.locator("tr", has_text="张三").get_by_text("提出异议").click()
    page.wait_for_selector("#o-name")
    page.fill("#o-name", "王明")
    page.fill("#o-text", "其论文《大跨度桥梁》系他人代写。")
    page.get_by_role("button", name="提交异议").click()
    expect(page.locator(".msg-error")).to_contain_text(
        "未留联系方式的异议不予受理（桂职办〔2017〕26号 §4.1.3）")
    screenshot("notice-02-objection-refused")
    page.fill("#o-phone", "13800001111")
    page.get_by_role("button", name="提交异议").click()
    expect(page.locator(".msg-success")).to_contain_text("您对「张三」的异议已提交")
    row = page.locator("tr", has_text="张三")
    assert "异议1条，已答复0条" in row.inner_text()
    assert "13800001111" not in page.content() and "王明" not in page.content()
    screenshot("notice-03-objection-lodged")

    # The unit sees the contact details and answers.
    unit_page.goto(f"{base}/notices/unit/")
    assert "1条待答复" in unit_page.content()
    unit_page.click("text=查看与答复异议")
    expect(unit_page.locator(".objection")).to_contain_text("电话 13800001111")
    objection = Objection.objects.get()
    unit_page.fill(f"#a-{objection.pk}",
                   "经核查，该论文为本人独立完成，有原始手稿和投稿记录为证。")
    unit_page.get_by_role("button", name="提交答复").click()
    expect(unit_page.locator(".msg-success")).to_contain_text("已答复对「张三」的异议。")
    shoot(unit_page, "notice-04-unit-answered")
    unit_ctx.close()

    page.reload()
    assert "异议1条，已答复1条" in page.locator("tr", has_text="张三").inner_text()
    assert Objection.objects.get().answered_by == hr
