"""In headless Chromium: several autosaves from one page load, rows added, reload finds
everything; after submitting, Back shows the read-only page (issue 9)."""

import pytest
from applying import make_ready
from factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]


def saved(page, action):
    with page.expect_response(lambda r: "/autosave/" in r.url) as info:
        action()
    assert info.value.status == 200


def type_in(page, selector, value):
    page.fill(selector, value)
    page.press(selector, "Tab")  # change fires on leaving the box


def test_autosaves_rows_reload_and_back_after_submitting(page, live_server, settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    decl = make_ready()
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("#id_username", decl.applicant.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")
    page.goto(f"{base}/apply/{decl.pk}/edit/")
    saved(page, lambda: type_in(page, "#id_continuing_education_hours", "72"))
    for name, value in (("school", "广西大学"), ("major", "土木工程"),
                        ("graduated_on", "2002-07-01")):
        saved(page, lambda n=name, v=value: type_in(page, f"#id_education-0-{n}", v))
    page.select_option("#id_education-0-degree", "bachelor")
    page.wait_for_selector("#save-status .saved-ok")
    page.click("[data-add-row=education]")
    for name, value in (("school", "广西大学"), ("major", "结构工程"),
                        ("graduated_on", "2010-07-01")):
        saved(page, lambda n=name, v=value: type_in(page, f"#id_education-1-{n}", v))
    with page.expect_response(lambda r: "/autosave/" in r.url):
        page.select_option("#id_education-1-degree", "master")
    saved(page, lambda: type_in(page, "#id_education-0-major", "土木工程（结构）"))
    assert page.locator("#save-status").inner_text() == "已自动保存"
    page.reload()
    assert page.input_value("#id_continuing_education_hours") == "72"
    assert page.input_value("#id_education-0-major") == "土木工程（结构）"
    assert page.input_value("#id_education-1-major") == "结构工程"
    assert list(decl.education.values_list("major", "degree")) == [
        ("土木工程（结构）", "bachelor"), ("结构工程", "master")]
    page.get_by_test_id("submit").click()
    page.get_by_test_id("next-step").wait_for()
    page.go_back()
    page.get_by_test_id("readonly-note").wait_for()
    assert "以下是您提交的申报表和材料（只读）。" in page.content()
    assert page.locator("[data-testid=readonly-materials] a").count() == 5
