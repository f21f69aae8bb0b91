"""Declarations in the REST API with the pages' permissions (issue 4 §7)."""

import pytest
from applying import bind
from factories import CommitteeFactory, PlanFactory, UnitFactory, applicant, official

from zhicheng.core.models import Role
from zhicheng.declarations.models import State

pytestmark = pytest.mark.django_db


def test_openapi_is_published_to_logged_in_users(client):
    assert client.get("/api/v1/openapi.json").status_code == 302  # to the login page
    client.force_login(applicant())
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert "/api/v1/declarations/" in paths
    assert "/api/v1/declarations/{pk}/submit" in paths
    assert any(p.startswith("/api/v1/materials/") for p in paths)


def test_api_requires_login(client):
    assert client.get("/api/v1/declarations/").status_code == 401


def test_start_fill_check_and_submit_through_the_api(client, settings, today):
    person = applicant()
    bind(person, UnitFactory())
    PlanFactory()
    committee = CommitteeFactory(code="gx-eng-senior")
    client.force_login(person)

    created = client.post("/api/v1/declarations/", {"committee": "gx-eng-senior",
                                                    "level": "deputy_senior"},
                          content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["state"] == "draft"
    assert created.json()["committee"] == committee.code

    bad = client.patch(f"/api/v1/declarations/{pk}/facts", {"relation_since": "2017-02-30"},
                       content_type="application/json")
    assert bad.status_code == 400
    assert bad.json() == {"code": "invalid", "field": "relation_since",
                          "message": "「与现单位建立人事（劳动）关系时间」"
                                     "应为有效日期（YYYY-MM-DD）。"}

    ok = client.patch(f"/api/v1/declarations/{pk}/facts",
                      {"relation_since": "2010-07-01", "current_level": "intermediate",
                       "current_title_name": "工程师", "continuing_education_completed": True},
                      content_type="application/json")
    assert ok.status_code == 200, ok.json()

    check = client.get(f"/api/v1/declarations/{pk}/eligibility").json()
    assert check["complete"] is True and check["eligible"] is True and check["ready"] is False
    assert [(f["clause"], f["severity"]) for f in check["findings"]] == [("3.2.2", "missing")]

    refused = client.post(f"/api/v1/declarations/{pk}/submit")
    assert refused.status_code == 409
    assert refused.json()["code"] == "not_ready"


def test_other_peoples_declarations_are_404(client, ready):
    client.force_login(applicant())
    assert client.get(f"/api/v1/declarations/{ready.pk}").status_code == 404
    assert client.post(f"/api/v1/declarations/{ready.pk}/submit").status_code == 404
    client.force_login(official(Role.UNIT_HR, unit=UnitFactory()))
    assert client.get(f"/api/v1/declarations/{ready.pk}").status_code == 404
    assert client.get("/api/v1/declarations/").json() == {"items": [], "count": 0}


def test_own_unit_lists_and_reads_timeline(client, ready):
    from zhicheng.declarations.domain.submission import submit_declaration

    submit_declaration(ready.pk, actor=ready.applicant)
    client.force_login(official(Role.UNIT_HR, unit=ready.unit))
    rows = client.get("/api/v1/declarations/?state=submitted").json()["items"]
    assert [(r["id"], r["state"], r["state_label"]) for r in rows] == [
        (ready.pk, "submitted", State.SUBMITTED.label)]
    steps = client.get(f"/api/v1/declarations/{ready.pk}/timeline").json()
    assert [(s["label"], s["role"]) for s in steps][-1] == ("提交申报", "申报人")
