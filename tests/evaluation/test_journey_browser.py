"""Issue 11's whole meeting in headless Chromium, through the real pages: the secretariat
creates a session and draws it with the witness's value (draw.md), appoints the chair and a
group leader, names three trustees and starts it (§5.3.2); three members give opinions, the
leader records the group's opinion, the chair the deliberation; the members check in with a
device key and vote on their phones; two trustees decrypt, the secretariat tallies, the chair
seals (2/3 of those present, 3 present → 2 needed); the session ends and its record's PDF
holds the session's name."""

import subprocess
from pathlib import Path

import pytest
from ballot_world import needs_tool
from factories import (
    PASSWORD,
    CommitteeFactory,
    DeclarationFactory,
    applicant,
    expert_of,
    official,
)

from zhicheng.core.models import Role, Specialty
from zhicheng.declarations.models import Declaration, State
from zhicheng.evaluation.models import EvaluationSession, Seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser"), needs_tool]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
NAME = "工程系列高级评审会议（旅程）"


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def signed_in(browser, base, user, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=workbench-title]")
    return context, page


def confirm(page, selector):
    """A button under data-confirm: the page's own dialog, then 确定."""
    page.click(selector)
    ok = page.get_by_test_id("confirm-ok")
    try:
        ok.wait_for(state="visible", timeout=3_000)
    except Exception:  # a button's own data-confirm: the script asks nothing more
        return
    ok.click()


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"journey-{name}.png"), full_page=False)


def test_a_whole_session_from_draw_to_record(browser, live_server, settings, tmp_path):
    settings.ZHICHENG_TODAY = "2017-09-20"
    settings.BALLOT_ROOT = tmp_path / "ballots"
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    committee = CommitteeFactory()
    spec, _ = Specialty.objects.get_or_create(series=committee.series, code="building",
                                              defaults={"name": "建筑工程"})
    secretariat = official(Role.SECRETARIAT, committee=committee)
    office = official(Role.OFFICE, office=committee.office)
    passes, fails = [DeclarationFactory(committee=committee, series=committee.series,
                                        specialty=spec, state=State.ACCEPTED_BY_COMMITTEE,
                                        applicant=applicant(real_name=n))
                     for n in ("韦通过", "覃未过")]
    for _ in range(5):
        expert_of(committee, specialty=spec)

    # The secretariat creates the session (3 seats: odd) and draws it.
    sec_ctx, sec = signed_in(browser, base, secretariat, DESK)
    sec.goto(f"{base}/evaluation/sessions/")
    form = sec.get_by_test_id("new-session")
    form.locator("[name=code]").fill("eng-senior-2017-j")
    form.locator("[name=name]").fill(NAME)
    form.locator("[name=held_on]").fill("2017-09-20")
    form.locator("[name=witness_name]").fill("蓝监督")
    form.locator("[name=witness_org]").fill("自治区人社厅")
    form.locator("[name=max_per_unit]").fill("0")
    form.locator("[name=reserves]").fill("1")
    form.locator("#seats-building").fill("3")
    for d in (passes, fails):
        form.locator(f"input[name=declarations][value='{d.pk}']").check()
    form.locator("button[type=submit]").click()
    sec.get_by_test_id("commit").click()
    assert len(sec.get_by_test_id("commitment").inner_text()) == 64
    sec.fill("#witness", "4127")
    confirm(sec, "[data-testid=do-draw]")
    sec.wait_for_selector("[data-testid=members]")
    assert sec.locator("[data-testid=members] tbody tr").count() == 3
    assert no_horizontal_scroll(sec)
    shot(sec, "drawn-1366")
    session = EvaluationSession.objects.get(code="eng-senior-2017-j")
    seats = list(Seat.objects.filter(session=session).select_related("expert__user")
                 .order_by("pk"))
    members = [s.expert for s in seats]
    chair, leader = members[0], members[1]

    # Appoint, name the trustees, start.
    sec.select_option("#chair", chair.code)
    sec.select_option("#leader-building", leader.code)
    sec.get_by_test_id("do-appoint").click()
    sec.wait_for_selector("[data-testid=start]")
    sec.goto(f"{base}/evaluation/sessions/{session.pk}/ballot/")
    box = sec.get_by_test_id("trustees")
    for i, (name, capacity, username) in enumerate([
            (chair.user.real_name, "主任委员", chair.user.username),
            ("蓝监督", "监督人员", ""),
            (office.real_name, "职改办代表", office.username)], start=1):
        box.locator(f"[name=name_{i}]").fill(name)
        box.locator(f"[name=capacity_{i}]").fill(capacity)
        box.locator(f"[name=user_{i}]").fill(username)
    sec.get_by_test_id("save-trustees").click()
    sec.wait_for_selector(".msg-success")
    sec.goto(f"{base}/evaluation/sessions/{session.pk}/")
    confirm(sec, "[data-testid=start]")
    sec.wait_for_selector("text=专业组意见与集体评议记录")
    assert [Declaration.objects.get(pk=d.pk).state for d in (passes, fails)] == [
        State.UNDER_EVALUATION, State.UNDER_EVALUATION]

    # Each member, on a phone, checks in (the device key stays in that browser) and gives
    # an opinion on each dossier.
    phones = []
    for n, e in enumerate(members):
        ctx, pg = signed_in(browser, base, e.user, PHONE)
        phones.append((ctx, pg))
        pg.goto(f"{base}/evaluation/sessions/{session.pk}/check-in/")
        pg.get_by_test_id("check-in").click()
        pg.wait_for_selector("text=签到成功")
        if n == 0:
            shot(pg, "checkin-390")
        for d in (passes, fails):
            pg.goto(f"{base}/evaluation/meetings/{session.pk}/d/{d.pk}/")
            pg.get_by_label("推荐", exact=True).check()
            pg.fill("#remark", f"委员{n + 1}意见")
            pg.click("[data-testid=save-opinion]")
            pg.wait_for_selector(".msg-success")
    assert all(s.checked_in_at for s in Seat.objects.filter(session=session))

    # The leader records the group's opinion, the chair the deliberation.
    lp = phones[1][1]
    for d in (passes, fails):
        lp.goto(f"{base}/evaluation/meetings/{session.pk}/d/{d.pk}/")
        assert lp.get_by_test_id("for-count").inner_text() == "3"
        lp.locator("[data-testid=group-report-form]").get_by_label("推荐", exact=True).check()
        lp.fill("#summary", "本组一致推荐")
        confirm(lp, "[data-testid=save-report]")
        lp.wait_for_selector("[data-testid=group-report]")
    cp = phones[0][1]
    for d in (passes, fails):
        cp.goto(f"{base}/evaluation/meetings/{session.pk}/d/{d.pk}/")
        cp.fill("#notes", "经集体评议，提交无记名投票")
        cp.click("[data-testid=save-deliberation]")
        cp.wait_for_selector("[data-testid=deliberation-notes]")

    # The secretariat opens the round; the trustees' keys are shown once.
    sec.goto(f"{base}/evaluation/sessions/{session.pk}/ballot/")
    assert "3 人" in sec.get_by_test_id("present").inner_text()
    confirm(sec, "[data-testid=open-round]")
    sec.wait_for_selector("[data-testid=trustee-key]")
    keys = [sec.locator(".key-text").nth(i).input_value() for i in range(3)]
    shot(sec, "keys-1366")

    # The votes: 韦通过 3 同意; 覃未过 1 同意, 1 弃权, 1 不同意 → 1 < 2 needed.
    picks = [("同意", "同意"), ("同意", "弃权"), ("同意", "不同意")]
    for n, (_ctx, pg) in enumerate(phones):
        pg.goto(f"{base}/evaluation/ballot/")
        pg.get_by_test_id("go-vote").click()
        pg.wait_for_selector(".ballot-item")
        for d, choice in zip((passes, fails), picks[n], strict=True):
            item = pg.locator(".ballot-item").filter(has_text=d.applicant.real_name)
            item.get_by_text(choice, exact=True).click()
        assert no_horizontal_scroll(pg)
        pg.get_by_test_id("review").click()
        review = pg.locator("[data-review]").inner_text()
        assert f"：{picks[n][1]}" in review
        if n == 2:
            shot(pg, "review-390")
        pg.get_by_test_id("cast").click()
        assert len(pg.get_by_test_id("tracker").inner_text()) == 64
        if n == 2:
            shot(pg, "cast-390")

    # Close, two trustees' keys pasted, tally.
    sec.goto(f"{base}/evaluation/sessions/{session.pk}/ballot/")
    assert "已投 3 / 3" in sec.get_by_test_id("rounds").inner_text()
    confirm(sec, "[data-testid=close-round]")
    sec.wait_for_selector("text=投票已结束")
    rnd = session.rounds.get()
    for position in (1, 2):
        sec.goto(f"{base}/evaluation/rounds/{rnd.pk}/decrypt/")
        sec.select_option("#position", str(position))
        sec.fill("#private_key", keys[position - 1])
        sec.get_by_test_id("decrypt").click()
        sec.wait_for_selector("text=解密份额已记录")
    sec.goto(f"{base}/evaluation/sessions/{session.pk}/ballot/")
    sec.get_by_test_id("tally").click()
    sec.wait_for_load_state()
    shot(sec, "tallied-1366")

    # The chair seals.
    cp.goto(f"{base}/evaluation/ballot/")
    cp.get_by_text("第1轮计票结果").click()
    table = cp.get_by_test_id("outcomes").inner_text()
    assert "未通过" in table
    shot(cp, "seal-390")
    confirm(cp, "[data-testid=seal]")
    cp.wait_for_selector("text=计票结果已封存")
    assert [Declaration.objects.get(pk=d.pk).state for d in (passes, fails)] == [
        State.PASSED, State.FAILED]

    # The session ends; its record is made and downloaded.
    sec.goto(f"{base}/evaluation/sessions/{session.pk}/")
    confirm(sec, "[data-testid=end]")
    sec.wait_for_selector("text=结束。")
    sec.get_by_test_id("make-minutes").click()
    sec.wait_for_selector("[data-testid=minutes-pdf]")
    shot(sec, "record-1366")
    with sec.expect_download() as dl:
        sec.get_by_test_id("minutes-pdf").click()
    pdf = ARTIFACTS / "journey-record.pdf"
    dl.value.save_as(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(ARTIFACTS / "journey-record")], check=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert NAME in text
    session.refresh_from_db()
    assert session.ended_at is not None
    for ctx, _ in phones:
        ctx.close()
    sec_ctx.close()
