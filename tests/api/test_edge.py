"""The API checks its input at the edge (issue 8 part 5): each case a fuzzing run answered
with HTTP 500, now a 4xx with one error shape {code, message, field} in Chinese."""

import json
import re

import pytest
from applying import bind
from django.contrib.staticfiles import finders
from factories import CommitteeFactory, DeclarationFactory, PlanFactory, UnitFactory, applicant

from zhicheng.api.main import api
from zhicheng.declarations.models import Declaration

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/declarations/", "/api/v1/approvals/inbox", "/api/v1/approvals/config-changes",
         "/api/v1/integrity/cases", "/api/v1/integrity/reported", "/api/v1/integrity/records",
         "/api/v1/integrity/committee"]


@pytest.fixture
def person(client):
    p = applicant()
    client.force_login(p)
    return p


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(("param", "value", "message"), [
    ("offset", -1, "「起始位置」不能小于 0。"),
    ("offset", 10**12, "「起始位置」不能大于 1000000。"),
    ("limit", 0, "「每页条数」不能小于 1。"),
    ("limit", 101, "「每页条数」不能大于 100。"),
])
def test_list_bounds(client, person, url, param, value, message):
    r = client.get(url, {param: value})
    assert r.status_code == 400
    assert r.json() == {"code": "invalid", "field": param, "message": message}


def test_lists_are_paginated(client, person):
    ds = [DeclarationFactory(applicant=person) for _ in range(3)]
    body = client.get("/api/v1/declarations/", {"limit": 2, "offset": 1}).json()
    assert body["count"] == 3
    assert [d["id"] for d in body["items"]] == [ds[1].pk, ds[0].pk]


def test_nul_in_a_query_string_is_400(client, person):
    r = client.get("/api/v1/integrity/records", {"q": "李\x00明"})
    assert r.status_code == 400
    assert r.json() == {"code": "nul", "field": "q",
                        "message": "「查询关键词」含有空字符（NUL），请删除后重试。"}


def test_nul_in_a_json_string_is_400(client):
    r = client.post("/api/v1/notices/1/objections",
                    {"entry_id": 1, "name": "王\x00明", "text": "x"},
                    content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"code": "nul", "field": "name",
                        "message": "「姓名」含有空字符（NUL），请删除后重试。"}


def test_nul_in_a_path_is_400(client, person):
    r = client.get("/api/v1/materials/declarations/1/slots/a%00b/history")
    assert r.status_code == 400 and r.json()["code"] == "nul"


@pytest.fixture
def starter(client):
    person = applicant()
    bind(person, UnitFactory())
    PlanFactory()
    CommitteeFactory(code="gx-eng-senior")
    client.force_login(person)
    return person


@pytest.mark.parametrize(("field", "value", "message"), [
    ("level", "super", "「申报级别」应为以下之一：junior、intermediate、deputy_senior、senior。"),
    ("kind", "bogus", "「申报类型」应为以下之一：regular、no_title、exceptional、second_title、"
                      "probation_confirmation。"),
    ("channel", "bogus", "「申报途径」应为以下之一：unit、talent_market、"
                         "central_or_external_branch、entrusted。"),
])
def test_choices_are_validated_and_nothing_is_stored(client, starter, field, value, message):
    body = {"committee": "gx-eng-senior", "level": "deputy_senior", field: value}
    r = client.post("/api/v1/declarations/", body, content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"code": "invalid", "field": field, "message": message}
    assert Declaration.objects.count() == 0


def test_unknown_committee_is_400_naming_the_field(client, starter):
    r = client.post("/api/v1/declarations/", {"committee": "nope", "level": "senior"},
                    content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"code": "invalid", "field": "committee",
                        "message": "该评审委员会代码不存在。"}


@pytest.fixture
def draft(client):
    d = DeclarationFactory()
    client.force_login(d.applicant)
    return d


LABEL = "「与现单位建立人事（劳动）关系时间」"


@pytest.mark.parametrize(("value", "message"), [
    (True, LABEL + "应为有效日期（YYYY-MM-DD）。"),
    ("0001-01-01", LABEL + "不能小于 1900-01-01。"),
    ("2101-01-01", LABEL + "不能大于 2100-12-31。"),
])
def test_facts_are_typed_and_bounded(client, draft, value, message):
    before = draft.relation_since
    r = client.patch(f"/api/v1/declarations/{draft.pk}/facts", {"relation_since": value},
                     content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"code": "invalid", "field": "relation_since", "message": message}
    draft.refresh_from_db()
    assert draft.relation_since == before


def test_unknown_fact_is_400(client, draft):
    r = client.patch(f"/api/v1/declarations/{draft.pk}/facts", {"salary": 1},
                     content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"code": "invalid", "field": "salary",
                        "message": "「salary」不是可用的字段。"}


def test_period_far_in_the_future_is_400(client):
    r = client.get("/api/v1/notices/period", {"starts_on": "9999-12-28", "working_days": 60})
    assert r.status_code == 400
    assert r.json() == {"code": "invalid", "field": "starts_on",
                        "message": "「公示开始日期」不能大于 2100-12-31。"}
    r = client.get("/api/v1/notices/period", {"starts_on": "2017-09-28", "working_days": 61})
    assert r.json() == {"code": "invalid", "field": "working_days",
                        "message": "「工作日数」不能大于 60。"}


def test_body_over_the_limit_is_413(client):
    body = json.dumps({"entry_id": 1, "name": "王明", "text": "x" * 2_700_000})
    r = client.post("/api/v1/notices/1/objections", body, content_type="application/json")
    assert r.status_code == 413
    assert r.json()["code"] == "too_large" and r.json()["field"] is None
    assert "2.5 MB" in r.json()["message"]


def test_the_input_is_never_echoed(client):
    r = client.post("/api/v1/notices/1/objections", {"entry_id": "7" * 100 + "x" * 2_000_000,
                                                     "name": "王明", "text": "x"},
                    content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"code": "invalid", "field": "entry_id",
                        "message": "「公示条目编号」应为整数。"}


def test_broken_json_is_400_in_chinese(client):
    r = client.post("/api/v1/notices/1/objections", "{not json",
                    content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"code": "invalid", "field": None,
                        "message": "请求体不是有效的 JSON（UTF-8 编码）。"}


def test_auth_and_csrf_refusals_are_chinese(client):
    from django.test import Client

    assert client.get("/api/v1/declarations/").json() == {
        "code": "not_authenticated", "field": None, "message": "请先登录（会话已过期或未登录）。"}
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(applicant())
    r = strict.post("/api/v1/declarations/", {}, content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_huge_ids_are_400_not_a_database_overflow(client, person):
    r = client.get(f"/api/v1/declarations/{10**30}")
    assert r.status_code == 400 and r.json()["field"] == "pk"


def test_every_operation_documents_the_error_shape():
    spec = json.loads(json.dumps(api.get_openapi_schema()))  # as published: string keys
    assert spec["components"]["schemas"]["ErrorOut"]["required"] == ["code", "message"]
    assert set(spec["components"]["schemas"]["ErrorOut"]["properties"]) == {
        "code", "message", "field"}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            statuses = set(op["responses"])
            assert {"400", "404", "409"} <= statuses, (method, path)
            assert "422" not in statuses, (method, path)
            for status in statuses & {"400", "401", "403", "404", "409", "413"}:
                ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/ErrorOut", (method, path, status)
            if method != "get":
                assert "413" in statuses, (method, path)


def test_docs_need_login_and_use_local_assets(client):
    assert client.get("/api/v1/docs").status_code == 302
    client.force_login(applicant())
    html = client.get("/api/v1/docs").content.decode()
    assert re.findall(r'(?:src|href)="([^"]+)"', html) and not re.search(r"https?://|//cdn", html)
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), asset
    assert "swagger-ui-bundle.js" in html
