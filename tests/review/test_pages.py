"""The review pages: scope (404), pledge, item checks, interview and deliberation forms,
decisions, the office queue with filters, paging and bulk form."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import CityFactory, OfficeFactory, UnitFactory, official

from zhicheng.core.models import OfficeKind, Role
from zhicheng.declarations.models import State
from zhicheng.review.models import Deliberation, Interview, ItemCheck, Pledge

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_unit_queue_and_review_page(client, h):
    decl = h.make(State.SUBMITTED)
    h.make(State.SUBMITTED)  # another unit's
    login(client, h.hr(decl))
    page = client.get("/review/unit/")
    assert page.status_code == 200
    assert [d.pk for d in page.context["page"]] == [decl.pk]
    assert "签署审核承诺书" in page.text
    review = client.get(f"/review/unit/{decl.pk}/")
    assert review.status_code == 200
    assert f'href="/declarations/{decl.pk}/"' in review.text
    assert "开始单位审核" in review.text


def test_pages_answer_404_outside_scope(client, h):
    decl = h.make(State.UNIT_REVIEW)
    login(client, h.hr(h.make()))
    for url in (f"/review/unit/{decl.pk}/", f"/review/office/{decl.pk}/"):
        assert client.get(url).status_code == 404
    for url in (f"/review/unit/{decl.pk}/checks/", f"/review/unit/{decl.pk}/interview/",
                f"/review/unit/{decl.pk}/deliberation/",
                f"/review/unit/{decl.pk}/do/unit_reject/"):
        assert client.post(url, {"reason": "x", "result_education": "verified"}).status_code \
            == 404
    decl.refresh_from_db()
    assert decl.state == State.UNIT_REVIEW and not ItemCheck.objects.exists()
    assert client.get("/review/office/").status_code == 404  # not an office
    login(client, decl.applicant)
    assert client.get("/review/unit/").status_code == 404


def test_sign_pledge_through_the_page(client, h):
    decl = h.make(State.SUBMITTED)
    user = h.hr(decl)
    login(client, user)
    refused = client.post("/review/unit/pledge/", {"reviewer_name": "王审核",
                                                   "next": f"/review/unit/{decl.pk}/"},
                          follow=True)
    assert ("请阅读承诺书全文并勾选“本单位承诺”后再签署（桂职办〔2017〕26号 §4.1.1）。"
            in refused.text)
    assert not Pledge.objects.exists()
    done = client.post("/review/unit/pledge/", {
        "reviewer_name": "王审核", "reviewer_post": "人事处处长", "accepted": "on",
        "next": f"/review/unit/{decl.pk}/"}, follow=True)
    assert done.redirect_chain[-1][0] == f"/review/unit/{decl.pk}/"
    assert "已签署2017年度审核承诺书，审查责任人：王审核。" in done.text
    assert "审核承诺书（已签署）" in done.text
    assert Pledge.objects.get().signed_by == user
    # An outside "next" is ignored.
    again = client.post("/review/unit/pledge/", {"reviewer_name": "x", "accepted": "on",
                                                 "next": "https://evil.example/"})
    assert again.url == "/review/unit/"


def test_decision_without_pledge_shows_clause(client, h):
    decl = h.make(State.SUBMITTED)
    login(client, h.hr(decl))
    r = client.post(f"/review/unit/{decl.pk}/do/start_unit_review/",
                    {"expected_state": "submitted"}, follow=True)
    assert "尚未签署2017年度审核承诺书" in r.text and "§4.1.1" in r.text
    decl.refresh_from_db()
    assert decl.state == State.SUBMITTED


def test_item_checks_form(client, h):
    decl = h.make(State.UNIT_REVIEW)
    user = h.hr(decl)
    h.pledge(user, decl.plan)
    login(client, user)
    bad = client.post(f"/review/unit/{decl.pk}/checks/", {
        "result_education": "verified", "result_papers": "doubtful", "remark_papers": ""})
    assert bad.status_code == 422
    assert "「论文著作」审核结论为「存疑」，须填写审核意见" in bad.text
    assert not ItemCheck.objects.exists()
    ok = client.post(f"/review/unit/{decl.pk}/checks/", {
        "result_education": "verified", "result_papers": "doubtful",
        "remark_papers": "期刊为增刊"}, follow=True)
    assert "已记录2项审核结论。" in ok.text
    assert sorted(ItemCheck.objects.values_list("item", "result")) == [
        ("education", "verified"), ("papers", "doubtful")]


def test_interview_and_deliberation_forms_keep_typed_text_on_refusal(client, h):
    decl = h.make(State.UNIT_NOTICE)
    user = h.hr(decl)
    h.pledge(user, decl.plan)
    login(client, user)
    r = client.post(f"/review/unit/{decl.pk}/deliberation/", {
        "dl-held_on": "2017-07-08", "dl-participants": "院务会", "dl-opinion": "同意推荐",
        "dl-recommendation": "业绩突出"})
    assert r.status_code == 422
    assert "本申报尚无面试答辩记录（桂职办〔2017〕26号 §4.1.4）。请先记录面试答辩。" in r.text
    assert "业绩突出" in r.text
    r = client.post(f"/review/unit/{decl.pk}/interview/", {
        "iv-held_on": "2017-07-06", "iv-panel": "陈教授、刘高工", "iv-result": "passed",
        "iv-minutes": "答辩顺利"}, follow=True)
    assert "已记录面试答辩情况。" in r.text
    r = client.post(f"/review/unit/{decl.pk}/deliberation/", {
        "dl-held_on": "2017-07-08", "dl-participants": "院务会", "dl-opinion": "同意推荐",
        "dl-recommendation": "业绩突出"}, follow=True)
    assert "已记录单位审议情况及推荐意见。" in r.text
    assert Interview.objects.count() == Deliberation.objects.count() == 1
    bad = client.post(f"/review/unit/{decl.pk}/interview/", {"iv-held_on": "not a date"})
    assert bad.status_code == 422 and "有填写项需要修改" in bad.text
    r = client.post(f"/review/unit/{decl.pk}/do/recommend/", {"expected_state": "unit_notice"},
                    follow=True)
    assert "已办理「单位推荐」。" in r.text
    decl.refresh_from_db()
    assert decl.state == State.RECOMMENDED


def test_unknown_or_office_transition_on_unit_page_is_404(client, h):
    decl = h.make(State.SUBMITTED)
    login(client, h.hr(decl))
    assert client.post(f"/review/unit/{decl.pk}/do/accept_for_committee/").status_code == 404


@pytest.fixture
def office_user():
    return official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.CITY, city=CityFactory()))


def test_office_queue_filters_paging_and_flat_queries(client, h, office_user):
    login(client, office_user)
    unit = UnitFactory(name="南宁市第一设计院")
    for _ in range(3):
        h.make(State.RECOMMENDED)
    client.get("/review/office/")  # warm session
    with CaptureQueriesContext(connection) as small:
        r = client.get("/review/office/")
    assert r.status_code == 200 and r.context["page"].paginator.count == 3
    for _ in range(22):
        h.make(State.OFFICE_REVIEW, unit=unit)
    with CaptureQueriesContext(connection) as large:
        r = client.get("/review/office/")
    assert len(r.context["page"].object_list) == 20
    assert len(large) == len(small)
    r = client.get("/review/office/", {"unit": unit.pk, "state": "office_review", "page": 2})
    assert r.context["page"].number == 2 and len(r.context["page"].object_list) == 2
    assert f"?unit={unit.pk}&amp;state=office_review&amp;page=1" in r.text
    assert "南宁市第一设计院" in r.text


def test_office_bulk_form_reports_partial_success(client, h, office_user):
    login(client, office_user)
    a, b = h.make(State.OFFICE_REVIEW), h.make(State.OFFICE_REVIEW)
    b.applicant.real_name = "周晓"
    b.applicant.save()
    r = client.post("/review/office/bulk/", {
        "action": "office_return", "reason": "请补充社保缴费证明",
        "pick": [f"{a.pk}:office_review", f"{b.pk}:recommended"],
        "next": "/review/office/?state=office_review"}, follow=True)
    assert r.redirect_chain[-1][0] == "/review/office/?state=office_review"
    assert "批量办理「职改办退回修改」：1件已办理。" in r.text
    assert (f"第{b.pk}号申报（周晓）未办理：该申报的状态已变为「职改办审核中」，"
            "可能已由他人处理，请刷新页面后再操作。") in r.text
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, b.state) == (State.RETURNED, State.OFFICE_REVIEW)
    r = client.post("/review/office/bulk/", {"action": "office_return", "reason": "",
                                             "pick": [f"{b.pk}:office_review"]}, follow=True)
    assert "批量办理「职改办退回修改」须填写统一的理由" in r.text


def test_office_review_page_and_decision(client, h, office_user):
    login(client, office_user)
    decl = h.make(State.OFFICE_REVIEW)
    r = client.get(f"/review/office/{decl.pk}/")
    assert r.status_code == 200
    for text in ("受理并移交评委会", "职改办退回修改", "职改办审核不通过", "材料逐项审核（§4.1.2）",
                 "未签署"):
        assert text in r.text
    r = client.post(f"/review/office/{decl.pk}/do/accept_for_committee/",
                    {"expected_state": "office_review"}, follow=True)
    assert "已办理「受理并移交评委会」。" in r.text
    # A second click (stale page) is told, not failed.
    r = client.post(f"/review/office/{decl.pk}/do/office_return/",
                    {"expected_state": "office_review", "reason": "x"}, follow=True)
    assert "该申报的状态已变为「评委会已受理」，可能已由他人处理，请刷新页面后再操作。" in r.text
    decl.refresh_from_db()
    assert decl.state == State.ACCEPTED_BY_COMMITTEE
    other = h.make(State.OFFICE_REVIEW, unit=UnitFactory(city=CityFactory(code="450200",
                                                                          name="柳州市")))
    assert client.get(f"/review/office/{other.pk}/").status_code == 404
    assert client.post(f"/review/office/{other.pk}/do/accept_for_committee/").status_code == 404
