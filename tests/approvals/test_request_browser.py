"""In headless Chromium (issue 8): the series office opens an exceptional draft's prior-approval
request, downloads the proof it needs, and is told the ID card does not exist."""

import os

import pytest
from applying import upload
from conftest import ARTIFACTS
from factories import PASSWORD, DeclarationFactory, applicant, official

from zhicheng.core.models import Role
from zhicheng.declarations.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]

# The page's own content fits the width (the site navigation is the layout's business: at
# 390 px the office's many menu items overflow on every page, see the report).
NO_SIDEWAYS = """() => [...document.querySelectorAll('main .card, main .card *')].every(
    e => e.getBoundingClientRect().right <= document.documentElement.clientWidth + 1)"""


def screenshot_path(name: str) -> str:
    os.makedirs(ARTIFACTS, exist_ok=True)
    return os.path.join(ARTIFACTS, f"{name}.png")


def test_the_request_page_shows_its_proofs_and_never_the_id_card(browser, live_server, settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    decl = DeclarationFactory(kind="exceptional", state=State.DRAFT,
                              applicant=applicant(real_name="黄志强"))
    id_card = upload(decl, "id_card")
    proof = upload(decl, "exceptional_conditions_proof")
    office = official(Role.OFFICE, office=decl.committee.office)
    base = live_server.url
    for width, height in ((1366, 768), (390, 844)):
        ctx = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height},
                                  accept_downloads=True)
        page = ctx.new_page()
        page.goto(f"{base}/login/")
        page.fill("#id_username", office.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")

        page.goto(f"{base}/approvals/declarations/{decl.pk}/series_office_prior_approval/")
        facts = page.get_by_test_id("request-facts").inner_text()
        assert "黄志强" in facts and "破格申报" in facts and decl.id_number not in facts
        proofs = page.get_by_test_id("request-proofs")
        assert proofs.inner_text().startswith("破格条件证明材料：exceptional_conditions_proof.pdf")
        assert page.evaluate(NO_SIDEWAYS)
        page.screenshot(path=screenshot_path(f"request-prior-approval-{width}"), full_page=True)
        with page.expect_download() as got:
            proofs.get_by_role("link").click()
        assert got.value.suggested_filename == "exceptional_conditions_proof.pdf"

        response = page.goto(f"{base}/materials/files/{id_card.pk}/download/")
        assert response.status == 404
        response = page.goto(f"{base}/materials/declarations/{decl.pk}/")
        assert response.status == 200
        assert "居民身份证" not in page.content()
        assert page.locator(f"a[href='/materials/files/{proof.pk}/download/']").count() == 1
        assert page.evaluate(NO_SIDEWAYS)
        assert page.goto(f"{base}/declarations/{decl.pk}/").status == 404
        ctx.close()
