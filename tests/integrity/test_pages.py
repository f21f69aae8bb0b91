"""The integrity pages: same rules as the domain, 404 outside scope, Chinese messages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from integrity.casework import answer, open_on, proof
from samples import pdf_bytes

from zhicheng.declarations.models import State
from zhicheng.integrity.models import CaseAnswer, CaseState, FraudCase, IntegrityRecord

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_office_opens_a_case_through_the_form(client, decl, officer):
    client.force_login(officer)
    page = client.get(f"/integrity/declarations/{decl.pk}/open/")
    assert page.status_code == 200 and "李明" in text(page)
    response = client.post(f"/integrity/declarations/{decl.pk}/open/", {
        "item": "achievements", "allegation": "业绩证明的盖章单位已注销。", "working_days": "3"},
        follow=True)
    case = FraudCase.objects.get()
    assert response.redirect_chain[-1][0] == f"/integrity/cases/{case.pk}/"
    assert case.proof_deadline == datetime.date(2017, 7, 13)
    html = text(response)
    assert f"已立案（案件 #{case.pk}），已要求申报人于2017年7月13日前提供证明材料。" in html
    assert "立案核查，要求申报人提供证明材料" in html  # the timeline


def test_open_form_shows_the_domains_refusal(client, decl, officer):
    client.force_login(officer)
    response = client.post(f"/integrity/declarations/{decl.pk}/open/", {
        "item": "papers", "allegation": "x", "deadline": "2017-07-01"})
    assert response.status_code == 200
    assert "举证截止日期须晚于今天（2017年7月10日）" in text(response)
    response = client.post(f"/integrity/declarations/{decl.pk}/open/", {
        "item": "papers", "allegation": "x"})
    assert "请填写举证期限：工作日天数或截止日期。" in text(response)
    assert FraudCase.objects.count() == 0


def test_the_number_box_leads_to_the_form(client, decl, officer):
    client.force_login(officer)
    response = client.get(f"/integrity/cases/open/?declaration={decl.pk}")
    assert response["Location"] == f"/integrity/declarations/{decl.pk}/open/"


def test_another_citys_office_gets_404_everywhere(client, decl, officer, other_officer):
    case = open_on(decl, officer)
    ans = answer(case, decl.applicant)
    client.force_login(other_officer)
    proof_pk = ans.proofs.get().pk
    for url in (f"/integrity/declarations/{decl.pk}/open/", f"/integrity/cases/{case.pk}/",
                f"/integrity/my/{case.pk}/", f"/integrity/proofs/{proof_pk}/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/integrity/cases/{case.pk}/decide/", {
        "decision": "genuine", "grounds": "x"}).status_code == 404
    assert f"#{case.pk}" not in text(client.get("/integrity/cases/"))
    case.refresh_from_db()
    assert case.state == CaseState.OPEN


def test_case_list_for_the_office(client, decl, officer):
    case = open_on(decl, officer)
    client.force_login(officer)
    html = text(client.get("/integrity/cases/"))
    assert f"#{case.pk}" in html and "待申报人举证" in html and "南宁市职改办" in html
    client.force_login(decl.applicant)
    assert client.get("/integrity/cases/").status_code == 404


def test_applicant_sees_the_allegation_and_answers_with_a_file(client, decl, officer):
    case = open_on(decl, officer)
    client.force_login(decl.applicant)
    assert f"/integrity/my/{case.pk}/" in text(client.get("/integrity/my/"))
    html = text(client.get(f"/integrity/my/{case.pk}/"))
    assert "学历证书编号在学信网查无此证，疑为伪造。" in html
    assert "2017年7月17日（含当日）" in html
    response = client.post(f"/integrity/my/{case.pk}/answer/", {
        "text": "证书真实。", "files": [SimpleUploadedFile("报告.pdf", pdf_bytes(),
                                                          "application/pdf")]}, follow=True)
    assert "答复已提交，职改办将据此核实。" in text(response)
    assert "报告.pdf" in text(response)
    assert CaseAnswer.objects.get().proofs.get().stored_file.original_name == "报告.pdf"
    # The applicant's link to the office page leads back to their own page.
    assert client.get(f"/integrity/cases/{case.pk}/")["Location"] == f"/integrity/my/{case.pk}/"


def test_applicant_after_the_deadline(client, decl, officer, settings):
    case = open_on(decl, officer)
    settings.ZHICHENG_TODAY = "2017-07-18"
    client.force_login(decl.applicant)
    html = text(client.get(f"/integrity/my/{case.pk}/"))
    assert "举证期限已于2017年7月17日届满，不能再提交证明材料" in html
    assert f"/integrity/my/{case.pk}/answer/" not in html
    response = client.post(f"/integrity/my/{case.pk}/answer/", {"text": "迟到的说明"},
                           follow=True)
    assert ("举证期限已于2017年7月17日届满，不能再提交证明材料；如有正当理由，请与南宁市职改办联系"
            in text(response))
    assert CaseAnswer.objects.count() == 0


def test_answer_without_text_shows_the_field_error(client, decl, officer):
    case = open_on(decl, officer)
    client.force_login(decl.applicant)
    response = client.post(f"/integrity/my/{case.pk}/answer/", {"text": ""})
    assert response.status_code == 200
    assert "这个字段是必填项。" in text(response)
    assert CaseAnswer.objects.count() == 0


def test_office_confirms_false_and_the_record_appears(client, decl, officer, regional):
    decl.state = State.PASSED
    decl.save()
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    client.force_login(officer)
    html = text(client.get(f"/integrity/cases/{case.pk}/"))
    assert "申报人已答复，待职改办决定" in html and "学历认证报告.pdf" in html
    response = client.post(f"/integrity/cases/{case.pk}/decide/", {
        "decision": "false", "grounds": "报告系伪造。", "penalty": "取消评审结果，三年内不得申报。",
        "period_to": "2020-07-10"}, follow=True)
    html = text(response)
    assert ("已认定提供虚假材料：处罚已记录，已列入失信档案并报自治区职改办备案，评审结果已取消"
            "（§4.2.2）。") in html
    assert "失信记录（§4.2.1）" in html and "2017-07-10 至 2020-07-10" in html
    assert "已撤销（材料造假）" in html
    decl.refresh_from_db()
    assert decl.state == State.REVOKED
    assert IntegrityRecord.objects.get().source_case_id == case.pk
    # The proof file is served to the office.
    proof_pk = case.answers.get().proofs.get().pk
    download = client.get(f"/integrity/proofs/{proof_pk}/")
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    # The regional office sees the reported case; the city office does not see that list.
    assert client.get("/integrity/reported/").status_code == 404
    client.force_login(regional)
    html = text(client.get("/integrity/reported/"))
    assert f"#{case.pk}" in html and "取消评审结果，三年内不得申报。" in html and "已取消" in html


def test_decide_form_errors(client, decl, officer):
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    client.force_login(officer)
    response = client.post(f"/integrity/cases/{case.pk}/decide/", {
        "decision": "false", "grounds": "伪造。"})
    html = text(response)
    assert "认定材料造假须填写处罚决定（§4.2.2）。" in html
    assert "请填写失信记录截止日（§4.2.1）。" in html
    case.refresh_from_db()
    assert case.state == CaseState.OPEN


def test_decide_refusal_is_a_message(client, decl, officer):
    case = open_on(decl, officer)
    client.force_login(officer)
    response = client.post(f"/integrity/cases/{case.pk}/decide/", {
        "decision": "false", "grounds": "伪造。", "penalty": "处罚", "period_to": "2020-01-01"},
        follow=True)
    assert "举证期限（2017年7月17日）未满且申报人尚未答复，不能认定材料造假" in text(response)
    case.refresh_from_db()
    assert case.state == CaseState.OPEN


def test_proven_genuine_through_the_page(client, decl, officer):
    case = open_on(decl, officer)
    answer(case, decl.applicant, files=[proof()])
    client.force_login(officer)
    response = client.post(f"/integrity/cases/{case.pk}/decide/", {
        "decision": "genuine", "grounds": "认证报告真实。"}, follow=True)
    assert "已认定材料真实，案件结案。" in text(response)
    case.refresh_from_db()
    assert case.state == CaseState.GENUINE
    assert IntegrityRecord.objects.count() == 0
