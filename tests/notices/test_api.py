"""The notices API: public reading and objections without an account; unit actions scoped."""

import pytest
from factories import UnitFactory, official

from zhicheng.core.models import Role
from zhicheng.notices.models import Notice, Objection

pytestmark = pytest.mark.django_db

API = "/api/v1/notices"


@pytest.fixture
def posted(client, hr, make_decl):
    decl = make_decl("张三")
    client.force_login(hr)
    response = client.post(f"{API}/unit/notices", {"declaration_ids": [decl.pk]},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    client.logout()
    return decl, Notice.objects.get()


def test_public_list_and_detail_without_login(client, posted):
    decl, notice = posted
    listed = client.get(f"{API}/").json()
    assert [n["id"] for n in listed["items"]] == [notice.pk] and listed["count"] == 1
    body = client.get(f"{API}/{notice.pk}").json()
    assert body["ends_on"] == "2017-07-14"
    [entry] = body["entries"]
    assert entry["masked_id"] == decl.id_number[:6] + "********" + decl.id_number[-4:]
    assert decl.id_number not in str(body)


def test_period_endpoint():
    from django.test import Client
    body = Client().get(f"{API}/period", {"starts_on": "2017-09-28", "working_days": 5}).json()
    assert body == {"starts_on": "2017-09-28", "working_days": 5, "ends_on": "2017-10-10",
                    "warnings": []}


def test_lodge_without_contact_is_400(client, posted):
    _, notice = posted
    entry = notice.entries.get()
    response = client.post(f"{API}/{notice.pk}/objections",
                           {"entry_id": entry.pk, "name": "王明", "text": "x"},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "no_contact"
    assert Objection.objects.count() == 0
    response = client.post(f"{API}/{notice.pk}/objections",
                           {"entry_id": entry.pk, "name": "王明", "email": "w@example.cn",
                            "text": "x"}, content_type="application/json")
    assert response.status_code == 201


def test_unit_answers_and_others_get_404(client, hr, posted):
    _, notice = posted
    o = Objection.objects.create(entry=notice.entries.get(), objector_name="王明",
                                 phone="13800000000", text="x",
                                 lodged_at="2017-07-11T10:00:00+08:00")
    client.force_login(official(Role.UNIT_HR, unit=UnitFactory()))
    assert client.get(f"{API}/unit/notices/{notice.pk}/objections").status_code == 404
    assert client.post(f"{API}/objections/{o.pk}/answer", {"answer": "x"},
                       content_type="application/json").status_code == 404
    client.force_login(hr)
    assert client.get(f"{API}/unit/notices/{notice.pk}/objections").json()["items"][0]["phone"] == \
        "13800000000"
    body = client.post(f"{API}/objections/{o.pk}/answer", {"answer": "已核实"},
                       content_type="application/json").json()
    assert body["answer"] == "已核实" and body["answered_at"]


def test_unit_endpoints_need_login(client):
    assert client.get(f"{API}/unit/notices").status_code == 401
