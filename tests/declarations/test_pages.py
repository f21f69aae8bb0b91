"""The applicant's pages: start, fill with autosave, live eligibility, submit (issue 4)."""

import pytest
from applying import REQUIRED, facts_post, upload
from factories import CommitteeFactory, PlanFactory, UnitFactory, applicant

from zhicheng.core.models import UnitBinding
from zhicheng.declarations.models import Declaration, State

pytestmark = pytest.mark.django_db


def test_edit_page_shows_sections_slots_and_the_eligibility_panel(client, draft):
    client.force_login(draft.applicant)
    page = client.get(f"/apply/{draft.pk}/edit/")
    assert page.status_code == 200
    for text in ("人事关系与户籍档案（§2.1.1、§2.1.2）", "继续教育（§3.2.2）",
                 "材料报送评委会后不允许补充（桂职办〔2017〕26号 §3.2.1）", "资格审查", "提交申报"):
        assert text in page.text
    panel = client.get(f"/apply/{draft.pk}/eligibility/")
    assert '<span class="clause">§3.2.2</span>' in panel.text
    assert "请在“申报材料”中上传：" in panel.text


def test_saving_valid_facts_stores_them_and_rows(client, draft):
    client.force_login(draft.applicant)
    response = client.post(f"/apply/{draft.pk}/edit/", facts_post(draft), follow=True)
    assert "草稿已保存。" in response.text
    draft.refresh_from_db()
    assert str(draft.current_title_obtained_on) == "2011-12-01"
    assert draft.continuing_education_hours == 90
    assert list(draft.education.values_list("school", "degree")) == [("广西大学", "bachelor")]
    assert draft.draft_data == {}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("relation_since", "2017-06-01",
     "「与现单位建立人事（劳动）关系时间」不能晚于今天（2017年5月15日）。"),
    ("relation_since", "2017-02-30",
     "「与现单位建立人事（劳动）关系时间」2017-02-30 不是有效的日期：2017年2月只有 28 天。"),
    ("previous_id_numbers", "450103198001011234",
     "曾用身份证号码 450103198001011234 无效："
     "身份证号码校验位不正确，请核对是否输错（GB 11643）。"),
])
def test_invalid_input_is_explained_and_nothing_typed_is_lost(client, draft, field, value,
                                                              message):
    client.force_login(draft.applicant)
    post = facts_post(draft, **{field: value, "current_title_certificate_no": "GX-2011-0099"})
    response = client.post(f"/apply/{draft.pk}/edit/", post)
    assert response.status_code == 200
    assert message in response.text
    assert "您填写的内容已保存为草稿，不会丢失" in response.text
    draft.refresh_from_db()
    assert draft.current_title_certificate_no == ""  # the record keeps its valid state …
    assert draft.draft_data[field] == value  # … and what was typed is kept
    again = client.get(f"/apply/{draft.pk}/edit/")  # e.g. after logging in again
    assert 'value="GX-2011-0099"' in again.text
    assert message in again.text


def test_autosave_answers_a_fragment_and_triggers_a_recheck(client, draft):
    client.force_login(draft.applicant)
    response = client.post(f"/apply/{draft.pk}/autosave/", facts_post(draft),
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Trigger"] == "declaration-saved"
    assert "已自动保存" in response.text


def test_autosave_after_the_session_ended_is_401_not_the_login_page(client, draft):
    response = client.post(f"/apply/{draft.pk}/autosave/", facts_post(draft),
                           headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.text == "登录已超时，请重新登录。"


def test_another_applicant_cannot_open_the_form(client, draft):
    client.force_login(applicant())
    assert client.get(f"/apply/{draft.pk}/edit/").status_code == 404
    assert client.get(f"/apply/{draft.pk}/eligibility/").status_code == 404
    assert client.post(f"/apply/{draft.pk}/submit/").status_code == 404


def test_submit_page_flow_and_status_timeline(client, ready):
    client.force_login(ready.applicant)
    response = client.post(f"/apply/{ready.pk}/submit/", follow=True)
    assert "申报已提交，等待单位审核。" in response.text
    assert "等待单位审核；单位处理前您可以撤回。" in response.text
    assert "提交申报" in response.text  # timeline
    assert "申报人" in response.text
    again = client.post(f"/apply/{ready.pk}/submit/", follow=True)
    assert "该申报已经提交，无需重复提交。" in again.text
    assert Declaration.objects.get(pk=ready.pk).state == State.SUBMITTED


def test_start_page_creates_a_draft_for_a_bound_applicant(client, settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    from applying import bind

    person = applicant()
    bind(person, UnitFactory())
    PlanFactory()
    committee = CommitteeFactory()
    client.force_login(person)
    response = client.post("/apply/new/", {"committee": committee.pk, "level": "deputy_senior",
                                           "kind": "regular", "channel": "unit"})
    decl = Declaration.objects.get(applicant=person)
    assert response["Location"] == f"/apply/{decl.pk}/edit/"
    assert (decl.state, decl.unit_id) == (State.DRAFT, UnitBinding.objects.get().unit_id)


def test_start_without_binding_is_refused(client, settings):
    settings.ZHICHENG_TODAY = "2017-05-15"
    PlanFactory()
    person = applicant()
    client.force_login(person)
    response = client.post("/apply/new/", {"committee": CommitteeFactory().pk,
                                           "level": "deputy_senior", "kind": "regular",
                                           "channel": "unit"})
    assert "请先绑定您的工作单位（§3.1.1 通过所在单位申报）。" in response.text
    assert not Declaration.objects.exists()


def test_all_required_slots_are_listed(client, draft):
    for code in REQUIRED:
        upload(draft, code)
    client.force_login(draft.applicant)
    panel = client.get(f"/apply/{draft.pk}/eligibility/")
    assert 'data-testid="ready"' in panel.text


def test_returned_declaration_is_editable_with_the_reason(client, ready, settings,
                                                         without_guards):
    from factories import official

    from zhicheng.core.models import Role
    from zhicheng.declarations.domain.submission import submit_declaration
    from zhicheng.declarations.domain.workflow import perform

    submit_declaration(ready.pk, actor=ready.applicant)
    settings.ZHICHENG_TODAY = "2017-07-05"
    perform("unit_return", ready.pk, actor=official(Role.UNIT_HR, unit=ready.unit),
            reason="学历证书扫描件不清晰，请重新上传。")
    client.force_login(ready.applicant)
    page = client.get(f"/apply/{ready.pk}/edit/")
    assert page.status_code == 200
    assert "学历证书扫描件不清晰，请重新上传。" in page.text
    status = client.get(f"/declarations/{ready.pk}/")
    assert "退回申报人修改" in status.text
    assert "按退回理由修改后重新提交。" in status.text
    response = client.post(f"/apply/{ready.pk}/submit/", follow=True)
    assert "申报已提交，等待单位审核。" in response.text
    ready.refresh_from_db()
    assert ready.state == State.SUBMITTED


def test_insurance_months_are_asked_of_non_public_units_only(client, draft, settings):
    from applying import make_draft

    from zhicheng.core.models import UnitType

    client.force_login(draft.applicant)
    assert "已缴纳社会保险的月份" not in client.get(f"/apply/{draft.pk}/edit/").text
    other = make_draft(unit=UnitFactory(unit_type=UnitType.NON_PUBLIC))
    client.force_login(other.applicant)
    page = client.get(f"/apply/{other.pk}/edit/").text
    assert "继续教育与社会保险（§3.2.2、§3.2.4.1）" in page
    assert "2017年4月" in page and "2016年5月" in page


def test_eligibility_fragment_query_count_does_not_grow_with_materials(client, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(draft.applicant)
    client.get(f"/apply/{draft.pk}/eligibility/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/apply/{draft.pk}/eligibility/")
    for code in REQUIRED:
        upload(draft, code)
    with CaptureQueriesContext(connection) as many:
        panel = client.get(f"/apply/{draft.pk}/eligibility/")
    assert 'data-testid="ready"' in panel.text
    assert len(many.captured_queries) == len(few.captured_queries)
    material_reads = [q for q in many.captured_queries
                      if "materials_materialfile" in q["sql"]]
    assert len(material_reads) == 1
