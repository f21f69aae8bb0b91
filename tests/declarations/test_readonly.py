"""The applicant's declaration read-only with its materials; Back after submitting (issue 9)."""

import pytest
from applying import facts_post
from factories import applicant

from zhicheng.declarations.domain.submission import submit_declaration

pytestmark = pytest.mark.django_db


def test_back_after_submitting_redirects_to_the_read_only_page_with_materials(client, ready):
    submit_declaration(ready.pk, actor=ready.applicant)
    client.force_login(ready.applicant)
    back = client.get(f"/apply/{ready.pk}/edit/")
    assert (back.status_code, back["Location"]) == (302, f"/apply/{ready.pk}/")
    page = client.get(back["Location"])
    assert page.status_code == 200
    assert ("该申报当前状态为「已提交，待单位审核」，不能再修改。如需修改，请在单位处理前撤回，"
            "或等待退回修改。以下是您提交的申报表和材料（只读）。") in page.text
    assert "申报已已" not in page.text
    assert "工程师" in page.text and "2010-07-01" in page.text
    from zhicheng.materials.models import MaterialFile

    files = MaterialFile.objects.filter(declaration=ready, is_current=True)
    assert files.count() == 5
    for f in files:
        assert f'href="/materials/files/{f.pk}/download/"' in page.text
        assert client.get(f"/materials/files/{f.pk}/download/").status_code == 200
    assert client.post(f"/apply/{ready.pk}/edit/", facts_post(ready)).status_code == 302
    status = client.get(f"/declarations/{ready.pk}/")
    assert f'href="/apply/{ready.pk}/"' in status.text


def test_another_applicant_gets_404_on_the_read_only_page(client, ready):
    client.force_login(applicant())
    assert client.get(f"/apply/{ready.pk}/").status_code == 404


def test_all_errors_at_once_and_the_panel_does_not_say_eligible(client, ready):
    client.force_login(ready.applicant)
    post = facts_post(ready, **{
        "current_title_name": "工" * 61, "relation_since": "2017-02-30",
        "work_history-0-starts_on": "2015-03-01", "work_history-0-ends_on": "2014-01-01",
        "work_history-0-employer": "南宁市政院", "work_history-0-position": "设计"})
    response = client.post(f"/apply/{ready.pk}/autosave/", post, headers={"HX-Request": "true"})
    assert "已保存草稿，有 4 处填写项待修改" in response.text, response.text
    for message in ("「现有职称名称」不能超过 60 个字符（现有 61 个）。",
                    "「与现单位建立人事（劳动）关系时间」2017-02-30 不是有效的日期："
                    "2017年2月只有 28 天。",
                    "工作经历第 1 行：「截止时间」不能早于「起始时间」（2015-03-01）。"):
        assert message in response.text
    assert "确保" not in response.text and "。；" not in response.text
    ready.refresh_from_db()
    assert ready.draft_data["relation_since"] == "2017-02-30"
    assert ready.draft_data["work_history-0-ends_on"] == "2014-01-01"
    panel = client.get(f"/apply/{ready.pk}/eligibility/").text
    assert 'data-testid="form-errors"' in panel
    assert "符合申报条件" not in panel
    page = client.get(f"/apply/{ready.pk}/edit/").text
    assert 'value="2017-02-30"' in page and 'value="2014-01-01"' in page
