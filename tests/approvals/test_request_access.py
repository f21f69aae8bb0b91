"""The approval page is where a draft's request reaches its recipient (issue 8): the request's
facts and proofs, a link to each proof, never the ID card; the approval records over the API
to the same people."""

import re

import pytest
from applying import upload
from factories import DeclarationFactory, applicant, id_number, official

from zhicheng.core.models import Role
from zhicheng.declarations.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def exceptional(today):
    decl = DeclarationFactory(kind="exceptional", state=State.DRAFT,
                              applicant=applicant(real_name="黄志强"))
    return decl, upload(decl, "id_card"), upload(decl, "exceptional_conditions_proof")


def facts_of(html: str) -> list[tuple[str, str]]:
    block = html.split('data-testid="request-facts">')[1].split("</dl>")[0]
    return re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)


def test_the_series_office_sees_the_requests_facts_and_proofs(client, exceptional):
    decl, id_card, proof = exceptional
    client.force_login(official(Role.OFFICE, office=decl.committee.office))
    page = client.get(f"/approvals/declarations/{decl.pk}/series_office_prior_approval/")
    assert page.status_code == 200
    assert facts_of(page.text) == [
        ("申报人", "黄志强"), ("申报单位", decl.unit.name), ("系列", "工程"),
        ("申报级别", "副高级"), ("申报类型", "破格申报"), ("申报途径", "所在单位申报"),
        ("评委会", decl.committee.name), ("状态", "草稿"), ("专业", "—"),
        ("现有职称级别", "中级"), ("现有职称名称", "—"), ("现有职称取得时间", "—"),
        ("由国家机关分流或交流到企事业单位", "否")]
    assert f"/materials/files/{proof.pk}/download/" in page.text
    assert f"/materials/files/{id_card.pk}/download/" not in page.text
    assert decl.id_number not in page.text
    assert "身份证等其他材料不予显示" in page.text
    assert client.get(f"/materials/files/{proof.pk}/download/").status_code == 200
    assert client.get(f"/materials/files/{id_card.pk}/download/").status_code == 404
    assert client.get(f"/api/v1/approvals/declarations/{decl.pk}/approvals").json() == []


def test_a_request_without_proofs_says_so(client, today):
    decl = DeclarationFactory(channel="central_or_external_branch", state=State.DRAFT)
    upload(decl, "id_card")
    client.force_login(official(Role.OFFICE, office=decl.committee.office))
    page = client.get(f"/approvals/declarations/{decl.pk}/hq_channel_opinion_filed/")
    assert "本事项无需查看申报人上传的材料。" in page.text
    assert "/materials/files/" not in page.text


def test_others_get_404_on_the_request(client, exceptional):
    decl, _, _ = exceptional
    client.force_login(official(Role.UNIT_HR, unit=decl.unit))
    assert client.get(f"/approvals/declarations/{decl.pk}/series_office_prior_approval/"
                      ).status_code == 404
    assert client.get(f"/api/v1/approvals/declarations/{decl.pk}/approvals").status_code == 404


def test_the_inbox_api_never_names_an_applicant_by_id_number(client, today):
    number = id_number()
    legacy = applicant(username=number, id_number=number, real_name="")  # before core 0003
    decl = DeclarationFactory(kind="no_title", current_level="", state=State.DRAFT,
                              applicant=legacy, id_number=number)
    client.force_login(official(Role.OFFICE, office=decl.committee.office))
    inbox = client.get("/api/v1/approvals/inbox")
    masked = number[:6] + "********" + number[-4:]
    assert [r["applicant"] for r in inbox.json()["items"]] == [masked]
    assert number not in inbox.text
