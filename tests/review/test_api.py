"""The review API: same domain, same scopes (404 outside), refusals as 409 with the message."""

import pytest
from factories import CityFactory, OfficeFactory, official

from zhicheng.core.models import OfficeKind, Role
from zhicheng.declarations.models import State

pytestmark = pytest.mark.django_db

API = "/api/v1/review"


def test_unit_journey_through_the_api(client, h):
    decl = h.make(State.SUBMITTED)
    client.force_login(h.hr(decl))
    r = client.post(f"{API}/declarations/{decl.pk}/transitions/start_unit_review",
                    {"expected_state": "submitted"}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "pledge_required"
    assert client.get(f"{API}/pledges/current").status_code == 404
    r = client.post(f"{API}/pledges", {"reviewer_name": "王审核", "accepted": True},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["reviewer_name"] == "王审核"
    assert client.get(f"{API}/pledges/current").json()["id"] == r.json()["id"]
    r = client.post(f"{API}/declarations/{decl.pk}/transitions/start_unit_review",
                    {"expected_state": "submitted"}, content_type="application/json")
    assert r.json()["state"] == "unit_review"
    r = client.post(f"{API}/declarations/{decl.pk}/checks", {"checks": [
        {"item": "education", "result": "false"}]}, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "remark_required"
    r = client.post(f"{API}/declarations/{decl.pk}/checks", {"checks": [
        {"item": i, "result": "verified"} for i in (
            "education", "seniority", "work_experience", "achievements", "papers",
            "exemption_proofs")]}, content_type="application/json")
    assert r.status_code == 201 and len(r.json()) == 6
    decl.state = State.UNIT_NOTICE
    decl.save()
    r = client.post(f"{API}/declarations/{decl.pk}/deliberation", {
        "held_on": "2017-07-08", "participants": "院务会", "opinion": "同意",
        "recommendation": "同意推荐"}, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "interview_required"
    r = client.post(f"{API}/declarations/{decl.pk}/interview", {
        "held_on": "2017-07-06", "panel": "陈教授", "result": "passed", "minutes": "顺利"},
        content_type="application/json")
    assert r.status_code == 201
    r = client.post(f"{API}/declarations/{decl.pk}/deliberation", {
        "held_on": "2017-07-08", "participants": "院务会", "opinion": "同意",
        "recommendation": "同意推荐"}, content_type="application/json")
    assert r.status_code == 201
    record = client.get(f"{API}/declarations/{decl.pk}").json()
    assert record["missing"] == {} and record["false_items"] == []
    assert record["interview"]["held_on"] == "2017-07-06"
    r = client.post(f"{API}/declarations/{decl.pk}/transitions/recommend", {},
                    content_type="application/json")
    assert r.json()["state"] == "recommended"


def test_api_404_outside_scope(client, h):
    decl = h.make(State.UNIT_REVIEW)
    client.force_login(h.hr(h.make()))
    assert client.get(f"{API}/declarations/{decl.pk}").status_code == 404
    r = client.post(f"{API}/declarations/{decl.pk}/checks", {"checks": [
        {"item": "education", "result": "verified"}]}, content_type="application/json")
    assert r.status_code == 404
    r = client.post(f"{API}/declarations/{decl.pk}/transitions/unit_reject", {"reason": "x"},
                    content_type="application/json")
    assert r.status_code == 404
    assert client.get(f"{API}/office/queue").status_code == 404


def test_office_queue_and_bulk(client, h):
    user = official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.CITY, city=CityFactory()))
    client.force_login(user)
    ds = [h.make(State.OFFICE_REVIEW) for _ in range(3)]
    q = client.get(f"{API}/office/queue", {"state": "office_review"}).json()
    assert q["count"] == 3 and [r["id"] for r in q["results"]] == [d.pk for d in ds]
    r = client.post(f"{API}/office/bulk", {
        "action": "office_return", "reason": "请补充",
        "items": [{"id": ds[0].pk, "expected_state": "office_review"},
                  {"id": ds[1].pk, "expected_state": "recommended"}]},
        content_type="application/json")
    body = r.json()
    assert body["done"] == [ds[0].pk]
    assert body["refused"][0]["id"] == ds[1].pk
    assert "可能已由他人处理" in body["refused"][0]["message"]
    r = client.post(f"{API}/office/bulk", {"action": "office_reject", "reason": "x",
                                           "items": [{"id": ds[2].pk}]},
                    content_type="application/json")
    assert r.status_code == 400 and r.json()["code"] == "not_bulk"
    r = client.post(f"{API}/declarations/{ds[2].pk}/transitions/void", {"reason": "x"},
                    content_type="application/json")
    assert r.status_code == 400 and r.json()["field"] == "action"
    assert r.json()["message"] == (
        "「操作」应为以下之一：start_unit_review、unit_return、unit_reject、recommend、"
        "start_office_review、office_return、office_reject、accept_for_committee。")
