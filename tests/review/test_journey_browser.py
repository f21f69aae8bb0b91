"""The unit and office journey in headless Chromium (issue 5): the unit signs the pledge
(§4.1.1) → checks each item (§4.1.2) → posts a notice (§4.1.3) → a member of the public sees
it with a masked ID number and objects → the unit answers → interview and deliberation
(§4.1.4) → recommend after the notice period → the city office accepts for the committee
(§4.2), which locks the materials (§3.2.1). Every decision is in the audit chain with its
actor, and `zhicheng audit verify` stays clean."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from applying import make_ready
from browsing import sign_in
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from factories import applicant
from playwright.sync_api import expect
from samples import image_bytes

from zhicheng.audit.domain import events_for
from zhicheng.audit.models import AuditEvent
from zhicheng.core.models import Committee, Office, Unit
from zhicheng.declarations.domain.submission import submit_declaration
from zhicheng.declarations.models import Declaration, State
from zhicheng.demo.load import load_demo
from zhicheng.materials.domain import can_change_materials, upload_material
from zhicheng.materials.models import MaterialType
from zhicheng.notices.domain.masking import mask_id
from zhicheng.notices.domain.public import notice_setting
from zhicheng.notices.models import Notice, Objection
from zhicheng.review.models import CheckItem, CheckResult

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("browser")]

UNIT = "南宁市市政工程设计研究院"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shoot(pg, name: str) -> None:
    """Screenshot of another browser context (the `screenshot` fixture shoots `page`)."""
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)



def confirm(pg) -> None:
    """Answer the confirmation dialog of an irreversible step."""
    expect(pg.get_by_test_id("confirm-dialog")).to_be_visible()
    pg.get_by_test_id("confirm-ok").click()


# Five one-page PDFs and one PNG; the achievement proof serves two items (业绩成果, 论文著作).
EXPECTED_PREVIEWS = sorted(
    ["居民身份证 第1页", "学历（学位）证书 第1页", "现专业技术资格（职称）证书 第1页",
     "继续教育合格证明 第1页", "诚信承诺书 第1页", "业绩成果证明材料", "业绩成果证明材料"])


def previews(pg) -> list[str]:
    """The alt text of every scan preview, once each has really loaded (lazy images are
    scrolled to), i.e. what a reviewer sees."""
    shown = []
    images = pg.get_by_test_id("scan-image")
    for i in range(images.count()):
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        pg.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle(),
                             timeout=30_000)
        shown.append(img.get_attribute("alt"))
    return sorted(shown)


def submitted_declaration(settings) -> Declaration:
    """One 副高级 declaration of the demo unit, submitted in the application phase."""
    settings.ZHICHENG_TODAY = "2017-05-15"
    unit = Unit.objects.get(name=UNIT)
    committee = Committee.objects.get(code="engineering-senior")
    person = applicant(real_name="赵建国")
    decl = make_ready(unit=unit, committee=committee, person=person)
    upload_material(declaration=decl,
                    material_type=MaterialType.objects.get(code="achievement_proof"),
                    upload=SimpleUploadedFile("achievement_proof.png", image_bytes(), "image/png"),
                    actor=person)
    submit_declaration(decl.pk, actor=person)
    return Declaration.objects.get(pk=decl.pk)


def test_unit_and_office_journey(browser, page, live_server, settings, tmp_path, screenshot):
    load_demo()
    decl = submitted_declaration(settings)
    assert decl.state == State.SUBMITTED
    # Review phase (Annex 1); the live server reads the setting on each request.
    settings.ZHICHENG_TODAY = "2017-07-03"
    base = live_server.url
    review_url = f"{base}/review/unit/{decl.pk}/"

    # The unit (its own browser context) opens the declaration: the pledge comes first.
    unit_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    unit = unit_ctx.new_page()
    unit.set_default_timeout(10_000)
    sign_in(unit, base, "demo_unit")
    unit.goto(review_url)
    expect(unit.get_by_test_id("state")).to_have_text(State.SUBMITTED.label)
    expect(unit.get_by_test_id("pledge-missing")).to_be_visible()
    shoot(unit, "review-journey-01-pledge-missing")

    # §4.1.1: name the responsible reviewer and sign.
    unit.fill("#id_reviewer_name", "王审核")
    unit.fill("#id_reviewer_post", "人事处处长")
    unit.check("#id_accepted")
    unit.get_by_test_id("sign-pledge").click()
    confirm(unit)
    expect(unit.locator(".msg-success")).to_contain_text(
        "已签署2017年度审核承诺书，审查责任人：王审核。")
    expect(unit.get_by_test_id("pledge-signed")).to_contain_text("王审核（人事处处长）")
    expect(unit.get_by_test_id("pledge-signed")).to_contain_text("demo_unit")

    unit.get_by_test_id("do-start_unit_review").click()
    confirm(unit)
    expect(unit.locator(".msg-success")).to_contain_text("已办理「开始单位审核」。")
    expect(unit.get_by_test_id("state")).to_have_text("单位审核中")

    # The whole dossier: every scan shows inline (PDF pages rendered to PNG, the image as
    # it is), each beside the check that judges it.
    assert previews(unit) == EXPECTED_PREVIEWS
    education = unit.get_by_test_id("item-education")
    expect(education.locator("figcaption")).to_contain_text("学历（学位）证书")
    expect(education.get_by_test_id("check-education")).to_contain_text("所在单位的结论")
    expect(unit.get_by_test_id("item-achievements").locator("figcaption")).to_contain_text(
        "业绩成果证明材料 · achievement_proof.png")
    expect(unit.get_by_test_id("eligibility-record")).to_contain_text("符合申报条件")
    shoot(unit, "review-journey-02a-dossier")

    # §4.1.2: every item checked beside its material, all 属实.
    for item in CheckItem:
        unit.get_by_test_id(f"check-{item.value}").locator(
            f"input[name=result_{item.value}][value={CheckResult.VERIFIED}]").check()
    unit.get_by_test_id("check-education").locator("textarea").fill(
        "与学信网学历证书电子注册备案表一致")
    unit.locator("main button:has-text('保存审核结论')").click()
    expect(unit.locator(".msg-success")).to_contain_text(f"已记录{len(CheckItem)}项审核结论。")
    expect(unit.locator("[data-testid=readiness] li.ok")).to_have_count(2)
    shoot(unit, "review-journey-02-items-checked")

    # §4.1.3: the unit posts the notice (5 working days from today by default).
    unit.goto(f"{base}/notices/unit/")
    unit.check(f"#d-{decl.pk}")
    expect(unit.locator("#period-end")).to_contain_text("公示期至 2017年7月7日")
    shoot(unit, "review-journey-03-notice-posting")
    unit.locator("main button:has-text('发布公示')").click()
    confirm(unit)
    expect(unit.locator(".msg-success")).to_contain_text(
        "已发布公示（1人），公示期至2017年7月7日。")
    notice = Notice.objects.get(entries__declaration=decl)
    assert (notice.starts_on, notice.ends_on, notice.working_days) == (
        datetime.date(2017, 7, 3), datetime.date(2017, 7, 7), 5)
    assert Declaration.objects.get(pk=decl.pk).state == State.UNIT_NOTICE

    # A member of the public, not signed in (the `page` fixture's fresh context), reads it.
    page.goto(f"{base}/notices/")
    page.locator(f"main a[href='/notices/{notice.pk}/']").click()
    page.wait_for_selector("td.masked-id")
    number = decl.applicant.id_number
    masked = page.locator("td.masked-id").all_inner_texts()
    assert masked == [mask_id(number, notice_setting(notice).mask_style)]
    assert masked[0].endswith(number[-4:]) and "*" * 8 in masked[0]
    assert number not in page.content()
    row = page.locator("tr", has_text="赵建国")
    expect(row).to_contain_text("副高级")
    screenshot("review-journey-04-public-notice-masked")

    # … and objects, leaving a phone number (§4.1.3: contact details are required).
    row.locator("a:has-text('提出异议')").click()
    page.fill("#o-name", "陈群众")
    page.fill("#o-phone", "13800001111")
    page.fill("#o-text", "其《城市道路排水设计》项目的主持人另有其人。")
    page.locator("main button:has-text('提交异议')").click()
    expect(page.locator(".msg-success")).to_contain_text("您对「赵建国」的异议已提交")
    expect(page.locator("tr", has_text="赵建国")).to_contain_text("异议1条，已答复0条")
    assert "13800001111" not in page.content()
    screenshot("review-journey-05-objection-lodged")

    # The unit sees the contact details and answers.
    unit.goto(f"{base}/notices/unit/{notice.pk}/")
    objection = Objection.objects.get(entry__notice=notice)
    expect(unit.locator(f"#objection-{objection.pk}")).to_contain_text("电话 13800001111")
    unit.fill(f"#a-{objection.pk}", "经核查项目合同与验收材料，赵建国为该项目主持人，异议不成立。")
    unit.locator(f"#objection-{objection.pk} button:has-text('提交答复')").click()
    expect(unit.locator(".msg-success")).to_contain_text("已答复对「赵建国」的异议。")
    shoot(unit, "review-journey-06-objection-answered")

    # After the notice period: interview on or before the deliberation (§4.1.4), recommend.
    settings.ZHICHENG_TODAY = (notice.ends_on + datetime.timedelta(days=3)).isoformat()
    unit.goto(review_url)
    expect(unit.get_by_test_id("state")).to_have_text("单位公示中")
    unit.fill("#id_iv-held_on", "2017-07-05")
    unit.fill("#id_iv-panel", "李工（正高级工程师）、覃工（正高级工程师）、黄工（高级工程师）")
    unit.select_option("#id_iv-result", "passed")
    unit.fill("#id_iv-minutes", "陈述主持的排水工程设计业绩，回答专家提问，表达清楚。")
    unit.locator("main button:has-text('保存答辩记录')").click()
    expect(unit.locator(".msg-success")).to_contain_text("已记录面试答辩情况。")
    unit.fill("#id_dl-held_on", "2017-07-07")
    unit.fill("#id_dl-participants", "院长、分管副院长、总工程师、人事处处长、纪检组长")
    unit.fill("#id_dl-opinion", "经审议，同意推荐。")
    unit.fill("#id_dl-recommendation", "该同志业绩突出，符合申报条件，推荐申报高级工程师。")
    unit.locator("main button:has-text('保存审议记录')").click()
    expect(unit.locator(".msg-success")).to_contain_text("已记录单位审议情况及推荐意见。")
    shoot(unit, "review-journey-07-interview-deliberation")
    unit.get_by_test_id("do-recommend").click()
    expect(unit.get_by_test_id("confirm-dialog")).to_contain_text("推荐后申报即报送职改办审核")
    confirm(unit)
    expect(unit.locator(".msg-success")).to_contain_text("已办理「单位推荐」。")
    expect(unit.get_by_test_id("state")).to_have_text("单位已推荐")
    shoot(unit, "review-journey-08-recommended")
    unit_ctx.close()

    # The city office of 南宁 finds it in its queue, starts its check and accepts (§4.2).
    office_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    office = office_ctx.new_page()
    office.set_default_timeout(10_000)
    sign_in(office, base, "demo_city_office")
    office.goto(f"{base}/review/office/")
    queued = office.get_by_test_id("queue").locator("tr", has_text="赵建国")
    expect(queued).to_contain_text(UNIT)
    shoot(office, "review-journey-09-office-queue")
    queued.locator("a:has-text('审核')").click()
    office.get_by_test_id("do-start_office_review").click()
    office.get_by_test_id("confirm-cancel").click()  # cancelled: nothing happens
    expect(office.get_by_test_id("state")).to_have_text("单位已推荐")
    office.get_by_test_id("do-start_office_review").click()
    confirm(office)
    expect(office.locator(".msg-success")).to_contain_text("已办理「职改办开始审核」。")
    expect(office.locator("main")).to_contain_text("王审核")  # the unit's signed pledge
    # The office sees the same dossier, with the unit's conclusions beside each scan.
    assert previews(office) == EXPECTED_PREVIEWS
    expect(office.get_by_test_id("check-education")).to_contain_text(
        "属实 与学信网学历证书电子注册备案表一致")
    expect(office.get_by_test_id("check-education")).to_contain_text("职改办的结论")
    shoot(office, "review-journey-09a-office-dossier")

    # §4.2: the office records its own conclusions beside the same scans. 存疑 needs a remark;
    # a refused save keeps every choice.
    for item in CheckItem:
        office.get_by_test_id(f"check-{item.value}").locator(
            f"input[name=result_{item.value}][value={CheckResult.VERIFIED}]").check()
    office.get_by_test_id("check-seniority").locator(
        f"input[value={CheckResult.DOUBTFUL}]").check()
    office.locator("main button:has-text('保存审核结论')").click()
    expect(office.locator(".msg-error")).to_contain_text("「资历」审核结论为「存疑」，须填写审核意见")
    assert office.locator("input[name^=result_]:checked").count() == len(CheckItem)
    office.get_by_test_id("check-seniority").locator("textarea").fill("证书取得时间待核对原件")
    office.locator("main button:has-text('保存审核结论')").click()
    expect(office.locator(".msg-success")).to_contain_text(f"已记录{len(CheckItem)}项审核结论。")
    expect(office.get_by_test_id("check-seniority")).to_contain_text("存疑 证书取得时间待核对原件")
    # A doubtful item is not handed over (§4.2).
    office.get_by_test_id("do-accept_for_committee").click()
    confirm(office)
    expect(office.locator(".msg-error")).to_contain_text(
        "职改办逐项审核中以下项目的结论为存疑或虚假：资历（存疑：证书取得时间待核对原件）")
    expect(office.get_by_test_id("state")).to_have_text("职改办审核中")
    office.get_by_test_id("check-seniority").locator(
        f"input[value={CheckResult.VERIFIED}]").check()
    office.get_by_test_id("check-seniority").locator("textarea").fill("已核对原件，属实")
    office.locator("main button:has-text('保存审核结论')").click()
    expect(office.locator(".msg-success")).to_contain_text("已记录1项审核结论。")
    shoot(office, "review-journey-09b-office-checked")
    office.get_by_test_id("do-accept_for_committee").click()
    expect(office.get_by_test_id("confirm-dialog")).to_contain_text("申报材料即锁定")
    confirm(office)
    expect(office.locator(".msg-success")).to_contain_text("已办理「受理并移交评委会」。")
    expect(office.get_by_test_id("state")).to_have_text("评委会已受理")
    shoot(office, "review-journey-10-accepted")
    office_ctx.close()

    decl = Declaration.objects.get(pk=decl.pk)
    assert decl.state == State.ACCEPTED_BY_COMMITTEE
    allowed, why = can_change_materials(decl)
    assert allowed is False and "§3.2.1" in why

    # Every decision is in the audit chain with its actor and role: on the declaration …
    events = {e.action: e for e in events_for(decl)}
    expected = {
        "declaration.start_unit_review": ("unit_hr", "demo_unit"),
        "declaration.post_unit_notice": ("unit_hr", "demo_unit"),
        "declaration.recommend": ("unit_hr", "demo_unit"),
        "declaration.start_office_review": ("office", "demo_city_office"),
        "declaration.accept_for_committee": ("office", "demo_city_office"),
    }
    for action, (role, username) in expected.items():
        assert action in events, action
        assert (events[action].role, events[action].actor_username) == (role, username), action

    # … and the whole trail from submission to hand-over, in order, with each actor's scope.
    submitted = events["declaration.submit"].seq
    unit_scope = f"unit:{decl.unit_id}"
    office_scope = f"office:{Office.objects.get(name='南宁市职改办').pk}"
    by_unit = ("unit_hr", "demo_unit", unit_scope)
    by_office = ("office", "demo_city_office", office_scope)
    trail = [(e.action, e.role, e.actor_username, e.scope)
             for e in AuditEvent.objects.filter(seq__gt=submitted).order_by("seq")]
    assert trail == [
        ("review.pledge.sign", *by_unit),
        ("declaration.start_unit_review", *by_unit),
        *[("review.item_check", *by_unit)] * len(CheckItem),
        ("declaration.post_unit_notice", *by_unit),
        ("notice.post", *by_unit),
        ("notice.objection.lodge", "", "", ""),  # a member of the public, no account
        ("notice.objection.answer", *by_unit),
        ("review.interview", *by_unit),
        ("review.deliberation", *by_unit),
        ("declaration.recommend", *by_unit),
        ("declaration.start_office_review", *by_office),
        *[("review.item_check", *by_office)] * (len(CheckItem) + 1),
        ("declaration.accept_for_committee", *by_office),
    ]

    # `zhicheng audit verify` stays clean after the journey.
    settings.AUDIT_SIGNING_KEY_PATH = str(tmp_path / "audit-ed25519.pem")
    call_command("audit", "checkpoint", stdout=StringIO())
    out = StringIO()
    call_command("audit", "verify", stdout=out, stderr=StringIO())  # exits 1 if broken
    assert out.getvalue().startswith("审计链完整：")
