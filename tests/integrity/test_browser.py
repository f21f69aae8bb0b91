"""The fraud path in headless Chromium (issue 5 §7): the city office opens a case on a passed
declaration → the applicant answers with a proof file → the office confirms false material →
the integrity record appears, the result is revoked, the regional office sees the report."""

from pathlib import Path

import pytest
from factories import (
    PASSWORD,
    CityFactory,
    DeclarationFactory,
    OfficeFactory,
    UnitFactory,
    applicant,
    official,
)
from samples import pdf_bytes

from zhicheng.audit.verify import verify_chain
from zhicheng.core.models import OfficeKind, Role
from zhicheng.declarations.models import State
from zhicheng.integrity.domain.records import mask_id
from zhicheng.integrity.models import FraudCase, IntegrityRecord

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]


def sign_in(page, base, user):
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")


def test_fraud_path_to_an_integrity_record(browser, page, live_server, settings, tmp_path,
                                           screenshot):
    settings.ZHICHENG_TODAY = "2017-07-10"
    base = live_server.url
    nanning = CityFactory()
    unit = UnitFactory(name="南宁市市政工程设计研究院", city=nanning)
    person = applicant(real_name="王小红")
    decl = DeclarationFactory(applicant=person, unit=unit)
    decl.state = State.PASSED
    decl.save()
    officer = official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.CITY, city=nanning,
                                                         name="南宁市职改办"))
    regional = official(Role.REGIONAL_OFFICE, office=OfficeFactory(
        kind=OfficeKind.REGIONAL, city=None, name="自治区职改办"))

    # The office opens a case by the declaration number.
    sign_in(page, base, officer)
    page.goto(f"{base}/integrity/cases/")
    page.fill("#declaration", str(decl.pk))
    page.click("text=下一步")
    page.select_option("#id_item", "education")
    page.fill("#id_allegation", "学历证书编号在学信网查无此证，疑为伪造。")
    page.fill("#id_working_days", "5")
    screenshot("integrity-01-open-form")
    page.click("text=立案并通知申报人举证")
    page.wait_for_selector("[data-testid=case-status]")
    assert "已要求申报人于2017年7月17日前提供证明材料" in page.inner_text(".messages")
    assert page.get_by_test_id("case-status").inner_text() == "待申报人举证"
    case = FraudCase.objects.get()
    screenshot("integrity-02-case-opened")

    # The applicant sees the allegation and deadline, and answers with a PDF.
    applicant_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    mine = applicant_ctx.new_page()
    sign_in(mine, base, person)
    mine.goto(f"{base}/integrity/my/")
    mine.click(f"text=#{case.pk}")
    assert mine.get_by_test_id("deadline").inner_text() == "2017年7月17日（含当日）"
    assert "疑为伪造" in mine.get_by_test_id("allegation").inner_text()
    pdf = tmp_path / "学历认证报告.pdf"
    pdf.write_bytes(pdf_bytes(2))
    mine.fill("#id_text", "证书真实，附学信网学历认证报告。")
    mine.set_input_files("#proof-files", str(pdf))
    mine.click("text=提交答复")
    mine.wait_for_selector("[data-testid=answer]")
    assert "答复已提交" in mine.inner_text(".messages")
    assert "学历认证报告.pdf" in mine.get_by_test_id("answer").inner_text()
    screenshot_page(mine, "integrity-03-applicant-answered")

    # The office finds the report forged and confirms false material.
    page.reload()
    assert page.get_by_test_id("case-status").inner_text() == "申报人已答复，待职改办决定"
    page.check("input[name=decision][value=false]")
    page.fill("#id_grounds", "经向学信网核验，所附认证报告系伪造。")
    page.fill("#id_penalty", "取消评审结果，三年内不得申报专业技术资格评审。")
    page.fill("#id_period_to", "2020-07-10")
    page.check("#id_unit_responsible")
    screenshot("integrity-04-decide")
    page.click("text=提交决定")
    page.wait_for_selector("[data-testid=integrity-record]")
    assert "评审结果已取消" in page.inner_text(".messages")
    assert page.get_by_test_id("decl-state").inner_text() == "已撤销（材料造假）"
    record_text = page.get_by_test_id("integrity-record").inner_text()
    assert "王小红" in record_text and mask_id(decl.id_number) in record_text
    assert "2017-07-10 至 2020-07-10" in record_text
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in ("立案核查", "申报人答复并提交证明材料", "认定提供虚假材料", "取消评审结果",
                 "报自治区职改办备案"):
        assert step in timeline
    screenshot("integrity-05-decided")

    # The integrity list shows the person with a masked ID number.
    page.goto(f"{base}/integrity/records/")
    page.fill("#q", "王小红")
    page.click("main button:has-text(\"查询\")")
    row = page.get_by_test_id("records").inner_text()
    assert "王小红" in row and mask_id(decl.id_number) in row and "有效" in row
    assert "南宁市市政工程设计研究院" in row  # the unit was found responsible
    assert decl.id_number not in page.content()
    screenshot("integrity-06-records")

    # The applicant's page shows the decision; the regional office sees the report.
    mine.reload()
    assert "认定材料造假" in mine.get_by_test_id("decision").inner_text()
    applicant_ctx.close()
    regional_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    region = regional_ctx.new_page()
    sign_in(region, base, regional)
    region.goto(f"{base}/integrity/reported/")
    assert "王小红" in region.get_by_test_id("reported-list").inner_text()
    screenshot_page(region, "integrity-07-reported")
    regional_ctx.close()

    decl.refresh_from_db()
    assert decl.state == State.REVOKED
    assert IntegrityRecord.objects.get().source_case == case
    assert verify_chain([]).ok


def screenshot_page(pg, name):
    """The `screenshot` fixture shoots the main page; this one another context's page."""
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
