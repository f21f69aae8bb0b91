"""The API docs page in a real browser: only after login, rendered from local assets (no
request leaves the server, under the site's CSP), readable at 1366×768 and 390×844."""

from urllib.parse import urlparse

import pytest
from factories import PASSWORD, applicant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_docs_page_after_login_with_local_assets(browser, live_server, width, height):
    person = applicant()
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).netloc))
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    try:
        page.goto(f"{live_server.url}/api/v1/docs")
        assert urlparse(page.url).path == "/login/"  # not public
        page.fill("#id_username", person.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{live_server.url}/api/v1/docs")
        page.wait_for_selector(".swagger-ui .info .title")
        assert "职称信息化评审管理系统" in page.inner_text(".swagger-ui .info .title")
        page.wait_for_selector(".opblock-tag-section")
        tags = page.locator(".opblock-tag").all_inner_texts()
        assert {"申报", "申报材料", "审核", "公示", "审批", "诚信"} <= {t.split()[0] for t in tags}
        assert hosts == {urlparse(live_server.url).netloc}
        assert csp_errors == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
