"""A member on a phone (390×844): checks in (the browser makes the device key), votes on one
list with three choices per applicant, reviews, casts and sees the tracker that the
published ballot list holds."""

from pathlib import Path

import pytest
from ballot_world import needs_tool
from factories import PASSWORD

from zhicheng.evaluation.ballot import engine
from zhicheng.evaluation.domain import ballots
from zhicheng.evaluation.models import Seat, VoterSlot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser"), needs_tool, pytest.mark.slow]


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_member_checks_in_and_votes_on_a_phone(page, live_server, world, screenshot):
    w = world
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", w.user(1).username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/evaluation/sessions/{w.session.pk}/check-in/")
    page.get_by_test_id("check-in").click()
    page.wait_for_selector("text=签到成功")
    seat = Seat.objects.get(session=w.session, expert=w.experts[1])
    assert seat.checked_in_at is not None and len(seat.device_key) > 300
    screenshot("ballot-checkin-390")

    w.check_in(0, 2)  # quorum: 3 of 4
    rnd, _ = ballots.open_round(actor=w.secretariat, session_id=w.session.pk)
    page.goto(f"{live_server.url}/evaluation/ballot/")
    page.get_by_test_id("go-vote").click()
    page.wait_for_selector(".ballot-item")
    assert page.locator(".ballot-item").count() == 2
    assert page.locator(".ballot-choice").count() == 6
    page.locator(".ballot-item").nth(0).get_by_text("同意", exact=True).click()
    page.get_by_test_id("review").click()  # one left blank: told which
    page.wait_for_selector("text=尚未选择")
    page.locator(".ballot-item").nth(1).get_by_text("不同意", exact=True).click()
    assert no_horizontal_scroll(page)
    screenshot("ballot-choose-390")
    page.get_by_test_id("review").click()
    review = page.locator("[data-review]").inner_text()
    assert "：同意" in review and "：不同意" in review
    screenshot("ballot-review-390")
    page.get_by_test_id("cast").click()
    tracker = page.get_by_test_id("tracker").inner_text()
    assert len(tracker) == 64
    assert no_horizontal_scroll(page)
    screenshot("ballot-done-390")
    (election,) = rnd.elections.all()
    assert engine.trackers(ballots._dir(election)) == [tracker]
    assert VoterSlot.objects.get(election=election, seat=seat).voted_at is not None
    # The published list shows it.
    page.get_by_text("查看选票清单").click()
    assert tracker in page.get_by_test_id("trackers").inner_text()
    # Coming back to the ballot says the member has voted.
    page.goto(f"{live_server.url}/evaluation/rounds/{rnd.pk}/vote/")
    page.wait_for_selector("text=您已投过本轮的票")
    # A second browser of the same member has no device key, and is told so.
    other = page.context.browser.new_context(locale="zh-CN",
                                             viewport={"width": 390, "height": 844})
    second = other.new_page()
    try:
        second.goto(f"{live_server.url}/login/")
        second.fill("#id_username", w.user(1).username)
        second.fill("#id_password", PASSWORD)
        second.click("button[type=submit]")
        second.goto(f"{live_server.url}/evaluation/rounds/{rnd.pk}/vote/")
        second.wait_for_selector("text=本设备没有本次会议的投票密钥")
        second.screenshot(path=screenshot("ballot-done-390").replace("done", "second"))
    finally:
        other.close()


def sign_in(page, base, user):
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_secretariat_and_chair_pages(page, live_server, world, screenshot, width, height):
    from zhicheng.declarations.models import Declaration, State
    from zhicheng.evaluation.models import BallotRound

    w = world
    page.set_viewport_size({"width": width, "height": height})
    w.check_in(0, 1, 2)
    sign_in(page, live_server.url, w.secretariat)
    page.goto(f"{live_server.url}/evaluation/sessions/{w.session.pk}/ballot/")
    assert "3 人" in page.get_by_test_id("present").inner_text()
    assert no_horizontal_scroll(page)
    screenshot(f"ballot-control-{width}")
    page.get_by_test_id("open-round").click()
    page.get_by_test_id("confirm-ok").click()
    page.wait_for_selector("[data-testid=trustee-key]")
    assert page.locator("[data-testid=trustee-key]").count() == 3
    assert no_horizontal_scroll(page)
    screenshot(f"ballot-keys-{width}")
    with page.expect_download() as dl:
        page.locator("[data-download-key]").first.click()
    assert dl.value.suggested_filename.endswith("-1.json")
    bundle = Path(dl.value.path()).read_text(encoding="utf-8")
    third = page.locator(".key-text").nth(2).input_value()

    rnd = BallotRound.objects.get()
    for i in (0, 1, 2):
        w.vote(i, rnd.pk, ("同意", "不同意"))
    page.goto(f"{live_server.url}/evaluation/sessions/{w.session.pk}/ballot/")
    assert "已投 3 / 3" in page.get_by_test_id("rounds").inner_text()
    page.get_by_test_id("close-round").click()
    page.get_by_test_id("confirm-ok").click()
    page.wait_for_selector("text=投票已结束")
    # Trustee 1's downloaded file, uploaded on the operator's screen.
    page.goto(f"{live_server.url}/evaluation/rounds/{rnd.pk}/decrypt/")
    page.select_option("#position", "1")
    page.fill("#private_key", bundle)
    page.get_by_test_id("decrypt").click()
    page.wait_for_selector("text=解密份额已记录")
    assert no_horizontal_scroll(page)
    screenshot(f"ballot-decrypt-{width}")
    page.select_option("#position", "2")
    page.fill("#private_key", bundle)
    page.get_by_test_id("decrypt").click()
    page.wait_for_selector("text=属于另一位受托人")
    page.click("text=退出")

    sign_in(page, live_server.url, w.trustee_user)  # trustee 3, on their own account
    page.goto(f"{live_server.url}/evaluation/rounds/{rnd.pk}/decrypt/")
    assert page.locator("#position option").count() == 1
    page.fill("#private_key", bundle)
    page.get_by_test_id("decrypt").click()
    page.wait_for_selector("text=属于另一位受托人")
    page.fill("#private_key", third)
    page.get_by_test_id("decrypt").click()
    page.wait_for_selector("text=解密份额已记录")
    page.click("text=退出")
    ballots.tally(actor=w.secretariat, round_id=rnd.pk)

    sign_in(page, live_server.url, w.chair)
    page.goto(f"{live_server.url}/evaluation/ballot/")
    page.get_by_text("第1轮计票结果").click()
    table = page.get_by_test_id("outcomes").inner_text()
    assert "通过" in table and "未通过" in table
    assert no_horizontal_scroll(page)
    screenshot(f"ballot-seal-{width}")
    page.get_by_test_id("seal").click()
    page.get_by_test_id("confirm-ok").click()
    page.wait_for_selector("text=计票结果已封存")
    assert [Declaration.objects.get(pk=d.pk).state for d in w.decls] == [State.PASSED,
                                                                         State.FAILED]
