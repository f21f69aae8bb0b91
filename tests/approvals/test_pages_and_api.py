"""The approvals pages and API: same permissions, 404 outside one's scope (issue 5 §5, §6)."""

import datetime

import pytest
from factories import (
    CommitteeFactory,
    DeclarationFactory,
    OfficeFactory,
    SeriesFactory,
    UnitFactory,
    official,
)

from zhicheng.approvals.models import ConfigChangeRequest, EducationVerification, OfficeApproval
from zhicheng.core.models import Level, OfficeKind, Role, UnitType
from zhicheng.declarations.models import Channel, Education, State
from zhicheng.materials.models import MaterialType

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_title(today):
    return DeclarationFactory(kind="no_title", current_level="", level=Level.DEPUTY_SENIOR,
                              state=State.DRAFT)


def series_office(decl):
    return official(Role.OFFICE, office=decl.committee.office)


def stranger_office():
    return official(Role.OFFICE, office=OfficeFactory(
        kind=OfficeKind.SERIES, city=None, series=SeriesFactory(code="health", name="卫生")))


def test_inbox_lists_what_the_office_has_to_decide(client, no_title):
    CommitteeFactory()  # another committee of the same series: not pending anything
    regular = DeclarationFactory(committee=no_title.committee)
    client.force_login(series_office(no_title))
    page = client.get("/approvals/")
    assert page.status_code == 200
    assert f"/approvals/declarations/{no_title.pk}/series_office_prior_approval/" in page.text
    assert f"/approvals/declarations/{regular.pk}/" not in page.text

    client.force_login(stranger_office())
    assert "没有待审批的事项。" in client.get("/approvals/").text
    client.force_login(no_title.applicant)
    assert client.get("/approvals/").status_code == 404


def test_decide_page_records_a_strict_approval(client, no_title):
    url = f"/approvals/declarations/{no_title.pk}/series_office_prior_approval/"
    client.force_login(stranger_office())
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "granted"}).status_code == 404

    client.force_login(series_office(no_title))
    page = client.get(url)
    assert "从严审核意见" in page.text and "副高级无职称申报须从严审核" in page.text
    form = {"decision": "granted", "document_number": "桂工职改〔2017〕12号",
            "decided_on": "2017-05-10", "reasons": ""}
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "副高级无职称申报须从严审核：同意时请填写从严审核意见" in refused.text
    assert not OfficeApproval.objects.exists()
    future = client.post(url, {**form, "decided_on": "2017-06-01",
                               "strict_justification": "符合条件。"})
    assert "审批日期（2017年6月1日）不能晚于今天（2017年5月15日）。" in future.text
    done = client.post(url, {**form, "strict_justification": "符合条件。"}, follow=True)
    assert "已录入「系列职改办事先审批同意（§2.2.3）」的审批结果。" in done.text
    approval = OfficeApproval.objects.get()
    assert (approval.document_number, approval.strict_justification) == (
        "桂工职改〔2017〕12号", "符合条件。")
    assert "已于 2017年5月10日 审批同意（桂工职改〔2017〕12号），不能更改。" in client.get(url).text


def test_api_approvals_with_the_same_permissions(client, no_title):
    url = f"/api/v1/approvals/declarations/{no_title.pk}/approvals/series_office_prior_approval"
    body = {"decision": "granted", "document_number": "", "decided_on": "2017-05-10",
            "strict_justification": "符合条件。"}
    client.force_login(stranger_office())
    assert client.post(url, body, content_type="application/json").status_code == 404
    assert client.get(f"/api/v1/approvals/declarations/{no_title.pk}/approvals").status_code \
        == 404

    client.force_login(series_office(no_title))
    inbox = client.get("/api/v1/approvals/inbox").json()["items"]
    assert [(r["declaration"], r["pending"]) for r in inbox] == [
        (no_title.pk, ["series_office_prior_approval"])]
    missing = client.post(url, body, content_type="application/json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "document_number_required"
    ok = client.post(url, {**body, "document_number": "桂工职改〔2017〕12号"},
                     content_type="application/json")
    assert ok.status_code == 201
    assert (ok.json()["decision"], ok.json()["strict_review"]) == ("granted", True)
    listed = client.get(f"/api/v1/approvals/declarations/{no_title.pk}/approvals").json()
    assert [a["document_number"] for a in listed] == ["桂工职改〔2017〕12号"]
    assert client.get("/api/v1/approvals/inbox").json() == {"items": [], "count": 0}


def test_education_page_and_api(client, review_day):
    decl = DeclarationFactory(unit=UnitFactory(unit_type=UnitType.NON_PUBLIC),
                              state=State.OFFICE_REVIEW, channel=Channel.UNIT)
    edu = Education.objects.create(declaration=decl, school="广西大学", major="土木工程",
                                   degree="bachelor", graduated_on=datetime.date(2002, 7, 1),
                                   certificate_no="105931200205000123")
    url = f"/approvals/declarations/{decl.pk}/education/"
    client.force_login(stranger_office())
    assert client.get(url).status_code == 404
    assert client.post(f"{url}{edu.pk}/service/").status_code == 404
    assert client.get(f"/api/v1/approvals/declarations/{decl.pk}/education").status_code == 404

    client.force_login(series_office(decl))
    page = client.get(url)
    assert "第三方学历认证（如学信网）（§4.3.2）" in page.text
    assert "通过学历核验服务查询" in page.text
    down = client.post(f"{url}{edu.pk}/service/", follow=True)
    assert "学历核验服务（人工核验）暂时无法使用" in down.text
    bad = client.post(f"{url}{edu.pk}/record/", {f"e{edu.pk}-result": "genuine",
                                                  f"e{edu.pk}-verified_on": "2017-07-09"},
                      follow=True)
    assert "请填写第三方学历认证报告编号（桂职办〔2017〕26号 §4.3.2）。" in bad.text
    done = client.post(f"{url}{edu.pk}/record/", {
        f"e{edu.pk}-result": "genuine", f"e{edu.pk}-verified_on": "2017-07-09",
        f"e{edu.pk}-verifier": "学信网", f"e{edu.pk}-report_number": "A2017"}, follow=True)
    assert "已录入学历核验结果。" in done.text and "报告编号 A2017" in done.text
    rows = client.get(f"/api/v1/approvals/declarations/{decl.pk}/education").json()
    assert [(r["path"], r["verification"]["report_number"], r["verification"]["method"])
            for r in rows] == [("third_party", "A2017", "manual")]
    again = client.post(f"/api/v1/approvals/education/{edu.pk}/verification",
                        {"result": "genuine", "verified_on": "2017-07-09",
                         "report_number": "B"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_verified"
    assert EducationVerification.objects.count() == 1


def test_config_change_pages_and_api(client, today, regional):
    office = official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.SERIES, city=None,
                                                        series=SeriesFactory()))
    mt = MaterialType.objects.get(code="continuing_education_certificate")
    client.force_login(office)
    page = client.get("/approvals/config/")
    assert "提出修改申请" in page.text and "同意</button>" not in page.text
    posted = client.post("/approvals/config/", {
        "target": f"material_type:{mt.pk}", "field": "material_type:max_files",
        "new_value": "2", "reason": "多份证明。"}, follow=True)
    assert "修改申请已提交，经自治区职改办同意后生效（§7.1.2）。" in posted.text
    req = ConfigChangeRequest.objects.get()
    assert client.post(f"/approvals/config/{req.pk}/consent/").status_code == 404
    assert client.post(f"/api/v1/approvals/config-changes/{req.pk}/consent", {},
                       content_type="application/json").status_code == 404

    client.force_login(stranger_office())
    assert client.get("/api/v1/approvals/config-changes").json() == {"items": [], "count": 0}
    client.force_login(official(Role.UNIT_HR, unit=UnitFactory()))
    assert client.get("/approvals/config/").status_code == 404

    client.force_login(regional)
    assert "同意</button>" in client.get("/approvals/config/").text
    done = client.post(f"/approvals/config/{req.pk}/consent/", follow=True)
    assert "已同意，修改已生效。" in done.text
    assert MaterialType.objects.get(pk=mt.pk).max_files == 2

    client.force_login(office)
    api = client.post("/api/v1/approvals/config-changes", {
        "target_type": "material_type", "target_id": mt.pk, "field": "max_files",
        "new_value": 3, "reason": "再多一份。"}, content_type="application/json")
    assert api.status_code == 201 and api.json()["state"] == "pending"
    client.force_login(regional)
    refused = client.post(f"/api/v1/approvals/config-changes/{api.json()['id']}/refuse",
                          {"note": "不必要。"}, content_type="application/json")
    assert refused.json()["state"] == "refused"
    assert MaterialType.objects.get(pk=mt.pk).max_files == 2
