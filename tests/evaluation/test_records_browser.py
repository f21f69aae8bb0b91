"""The session page's 会议记录 card in a browser: make the record, download links, no
horizontal scroll at 1366×768 and 390×844."""

import pytest

from tests.evaluation.test_records import setup, world  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_the_record_on_a_tablet_and_a_phone(page, live_server, client, world,  # noqa: F811
                                                 screenshot) -> None:
    client.force_login(world["secretariat"])
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    url = f"{live_server.url}/evaluation/sessions/{world['session'].pk}/"
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        assert page.locator("[data-testid=make-minutes]").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.click("[data-testid=make-minutes]")
    page.wait_for_selector("[data-testid=minutes-pdf]")
    assert "会议记录已生成" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("session-minutes-phone")
    with page.expect_download() as dl:
        page.click("[data-testid=minutes-pdf]")
    assert dl.value.suggested_filename == "session-record-eng-senior-2017-1.pdf"
