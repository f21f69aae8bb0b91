"""The applicant's whole journey in headless Chromium (issue 4): register → bind a unit →
the unit confirms → fill → upload a PDF and a JPEG → a missing finding disappears when its
material arrives → submit → the timeline."""

import pytest
from factories import id_number
from samples import image_bytes, pdf_bytes

from zhicheng.declarations.models import Declaration, State
from zhicheng.demo.load import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]


def sign_in(page, base, username, password="Zhicheng@2017"):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")


def test_applicant_journey(browser, page, live_server, settings, tmp_path, screenshot):
    settings.ZHICHENG_TODAY = "2017-05-15"
    load_demo()
    base = live_server.url
    number = id_number(sex="female")

    # Register under a real name and ID number, with a login name that is not the ID number.
    page.goto(f"{base}/register/")
    page.fill("#id_username", number)
    page.fill("#id_real_name", "王小红")
    page.fill("#id_id_number", number)
    page.fill("#id_mobile", "13907712345")
    page.fill("#id_password", "Gx-Strong-2017")
    page.fill("#id_password2", "Gx-Strong-2017")
    page.click("button[type=submit]")
    assert "用户名不能使用身份证号码" in page.locator(".field-error").inner_text()
    page.fill("#id_username", "wang_xh")
    page.fill("#id_id_number", number[:-1] + ("0" if number[-1] != "0" else "1"))
    page.fill("#id_password", "Gx-Strong-2017")
    page.fill("#id_password2", "Gx-Strong-2017")
    page.click("button[type=submit]")
    assert "身份证号码校验位不正确" in page.locator(".field-error").inner_text()
    screenshot("journey-01-register-error")
    page.fill("#id_id_number", number)
    page.fill("#id_password", "Gx-Strong-2017")
    page.fill("#id_password2", "Gx-Strong-2017")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/me/unit/")
    assert "您的用户名为「wang_xh」" in page.content()

    # Bind to the unit; the unit confirms in its own session.
    page.select_option("#id_purpose", "employer")
    page.select_option("#id_unit", label="南宁市市政工程设计研究院")
    page.click("text=提交绑定申请")
    assert page.get_by_test_id("binding-status").inner_text() == "待单位确认"
    screenshot("journey-02-binding-pending")
    unit_ctx = browser.new_context(locale="zh-CN")
    unit_page = unit_ctx.new_page()
    sign_in(unit_page, base, "demo_unit")
    unit_page.goto(f"{base}/bindings/")
    assert "王小红" in unit_page.content()
    unit_page.click("button[value=confirm]")
    assert "已确认王小红的绑定。" in unit_page.content()
    unit_ctx.close()
    page.reload()
    assert page.get_by_test_id("binding-status").inner_text() == "已确认"

    # Start a declaration.
    page.goto(f"{base}/apply/new/")
    page.select_option("#id_committee", label="广西工程系列高级评审委员会")
    page.select_option("#id_level", "deputy_senior")
    page.click("text=创建申报草稿")
    page.wait_for_selector("#facts-form")

    # Fill in: each change is saved and re-checked without a click.
    page.fill("#id_relation_since", "2010-07-01")
    page.select_option("#id_current_level", "intermediate")
    page.fill("#id_current_title_name", "工程师")
    page.check("#id_continuing_education_completed")
    page.wait_for_selector("#save-status .saved-ok")
    finding = page.locator("[data-testid=eligibility] .finding-missing", has_text="§3.2.2")
    finding.first.wait_for()
    screenshot("journey-03-form-missing")

    # The continuing-education certificate arrives: its finding disappears.
    pdf = tmp_path / "继续教育证明.pdf"
    pdf.write_bytes(pdf_bytes(2))
    page.set_input_files("#file-continuing_education_certificate", str(pdf))
    page.click("#slot-continuing_education_certificate button[type=submit]")
    page.locator("#slot-continuing_education_certificate .material-file").wait_for()
    page.wait_for_function(
        "() => ![...document.querySelectorAll('[data-testid=eligibility] .finding')]"
        ".some(li => li.dataset.code === 'slot-continuing_education_certificate')")

    # The ID card as a JPEG, the rest as PDFs.
    jpg = tmp_path / "身份证.jpg"
    jpg.write_bytes(image_bytes("JPEG", (800, 500)))
    page.set_input_files("#file-id_card", str(jpg))
    page.click("#slot-id_card button[type=submit]")
    page.locator("#slot-id_card .material-file").wait_for()
    for code in ("education_certificate", "title_certificate", "pledge"):
        page.set_input_files(f"#file-{code}", str(pdf))
        page.click(f"#slot-{code} button[type=submit]")
        page.locator(f"#slot-{code} .material-file").wait_for()
    page.get_by_test_id("ready").wait_for()
    screenshot("journey-04-ready")

    # Submit, then the status page with its timeline.
    page.get_by_test_id("submit").click()
    page.get_by_test_id("next-step").wait_for()
    assert page.get_by_test_id("state").inner_text() == "已提交，待单位审核"
    timeline = page.locator(".timeline").inner_text()
    assert "提交申报" in timeline
    assert "申报人" in timeline
    screenshot("journey-05-submitted")
    decl = Declaration.objects.get(id_number=number)
    assert decl.state == State.SUBMITTED
    assert decl.decision["output"]["ready"] is True
