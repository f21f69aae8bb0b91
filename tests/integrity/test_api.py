"""The integrity API: the same rules as the pages; 404 outside scope, 409 with the message."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import DeclarationFactory, official
from integrity.casework import answer, open_on
from samples import EXE, pdf_bytes

from zhicheng.core.models import Role
from zhicheng.declarations.models import State
from zhicheng.integrity.domain.cases import decide_false
from zhicheng.integrity.models import CaseState, FraudCase, IntegrityRecord

pytestmark = pytest.mark.django_db

API = "/api/v1/integrity"


def test_the_whole_path_through_the_api(client, decl, officer, regional):
    decl.state = State.CERTIFIED
    decl.save()
    client.force_login(officer)
    r = client.post(f"{API}/cases", {"declaration": decl.pk, "item": "title",
                                     "allegation": "职称证书编号不存在。", "working_days": 5},
                    content_type="application/json")
    assert r.status_code == 201, r.content
    case = r.json()
    assert (case["proof_deadline"], case["status"]) == ("2017-07-17", "待申报人举证")

    client.force_login(decl.applicant)
    r = client.post(f"{API}/cases/{case['id']}/answer", {
        "text": "证书真实。", "files": [SimpleUploadedFile("证书.pdf", pdf_bytes())]})
    assert r.status_code == 201, r.content
    assert [f["name"] for f in r.json()["answers"][0]["files"]] == ["证书.pdf"]

    client.force_login(officer)
    r = client.post(f"{API}/cases/{case['id']}/decide", {
        "decision": "false", "grounds": "证书系伪造。", "penalty": "撤销资格。",
        "period_to": "2020-07-10", "unit_responsible": True}, content_type="application/json")
    assert r.status_code == 200, r.content
    out = r.json()
    assert (out["state"], out["reported_to_region"], out["result_revoked"]) == (
        "false", True, True)
    decl.refresh_from_db()
    assert decl.state == State.REVOKED

    r = client.get(f"{API}/records", {"q": "李明"})
    rec = r.json()["items"][0]
    assert rec["id_number_masked"] == decl.id_number[:6] + "********" + decl.id_number[-4:]
    assert (rec["unit"], rec["expired"], rec["source_case"]) == (decl.unit.name, False,
                                                                case["id"])
    assert client.get(f"{API}/reported").status_code == 404
    client.force_login(regional)
    assert [c["id"] for c in client.get(f"{API}/reported").json()["items"]] == [case["id"]]


def test_out_of_scope_is_404(client, decl, officer, other_officer):
    case = open_on(decl, officer)
    client.force_login(other_officer)
    r = client.post(f"{API}/cases", {"declaration": decl.pk, "item": "papers",
                                     "allegation": "x", "working_days": 5},
                    content_type="application/json")
    assert r.status_code == 404
    assert client.get(f"{API}/cases/{case.pk}").status_code == 404
    assert client.get(f"{API}/cases").json() == {"items": [], "count": 0}
    r = client.post(f"{API}/cases/{case.pk}/decide", {"decision": "genuine", "grounds": "x"},
                    content_type="application/json")
    assert r.status_code == 404
    assert FraudCase.objects.get().state == CaseState.OPEN


def test_refusals_are_409_with_the_message(client, decl, officer, settings):
    case = open_on(decl, officer)
    client.force_login(officer)
    r = client.post(f"{API}/cases/{case.pk}/decide", {
        "decision": "false", "grounds": "x", "penalty": "y", "period_to": "2020-01-01"},
        content_type="application/json")
    assert r.status_code == 409
    assert r.json()["code"] == "deadline_open"
    settings.ZHICHENG_TODAY = "2017-07-18"
    client.force_login(decl.applicant)
    r = client.post(f"{API}/cases/{case.pk}/answer", {"text": "迟到"})
    assert r.status_code == 409
    assert r.json()["message"] == ("举证期限已于2017年7月17日届满，不能再提交证明材料；"
                                   "如有正当理由，请与南宁市职改办联系"
                                   "（桂职办〔2017〕26号 §4.2.2）")


def test_a_bad_proof_file_is_400(client, decl, officer):
    case = open_on(decl, officer)
    client.force_login(decl.applicant)
    r = client.post(f"{API}/cases/{case.pk}/answer", {
        "text": "说明", "files": [SimpleUploadedFile("x.pdf", EXE)]})
    assert r.status_code == 400
    assert (r.json()["code"], r.json()["field"]) == ("wrong_type", "files")
    assert not FraudCase.objects.get().answers.exists()


def test_committee_flags(client, decl, secretary, officer):
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    decide_false(case_id=case.pk, actor=officer, grounds="伪造。", penalty="处罚。",
                 period_to=datetime.date(2020, 7, 10))
    decl.refresh_from_db()
    decl.state = State.ACCEPTED_BY_COMMITTEE  # handed over to the committee
    decl.save()
    DeclarationFactory(committee=decl.committee, state=State.UNDER_EVALUATION)
    DeclarationFactory(committee=decl.committee, state=State.RECOMMENDED)  # not yet held
    client.force_login(secretary)
    rows = {row["declaration"]: row for row in client.get(f"{API}/committee").json()["items"]}
    assert len(rows) == 2
    assert [r["reason"] for r in rows[decl.pk]["records"]] == [
        IntegrityRecord.objects.get().reason]
    assert sum(len(r["records"]) for r in rows.values()) == 1
    client.force_login(officer)
    assert client.get(f"{API}/committee").status_code == 404
    client.force_login(official(Role.EXPERT, committee=decl.committee))
    assert client.get(f"{API}/committee").status_code == 404
