"""The meeting's pages with the Django test client: the member's sessions and dossiers with
the opinion form, the leader's group report, the chair's conflicts queue and deliberation,
the secretariat's appointment and start/end on its session page, the applicant's recusal
request — each gated, each a Chinese 404 for foreign objects, bad input answered plainly."""

import pytest
from meeting_world import appointed, build, started

from zhicheng.declarations.models import State
from zhicheng.evaluation.domain.conflicts import decide_conflict, declare_conflict
from zhicheng.evaluation.domain.group_review import record_group_report, record_opinion
from zhicheng.evaluation.models import Conflict, Deliberation, GroupReport, Opinion, Seat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.ZHICHENG_TODAY = "2017-09-20"


def text(r):
    return r.content.decode()


def test_the_members_session_list_and_dossier(client, django_assert_max_num_queries):
    w = started(build())
    client.force_login(w.user(3))
    r = client.get("/evaluation/meetings/")
    assert r.status_code == 200 and w.session.name in text(r)
    assert "我的评审会议" in text(client.get("/"))  # the 工作台 and the menu
    with django_assert_max_num_queries(16):
        r = client.get(f"/evaluation/meetings/{w.session.pk}/")
    assert r.status_code == 200
    for d in w.decls:
        assert d.applicant.real_name in text(r)
    with django_assert_max_num_queries(60):
        r = client.get(f"/evaluation/meetings/{w.session.pk}/d/{w.decls[1].pk}/")
    assert r.status_code == 200
    body = text(r)
    assert "我的评议意见" in body and "诚信记录（§4.2.1）" in body
    assert "资格审查结论" in body  # the frozen eligibility record, via the review dossier
    assert "保存评议意见" in body


def test_the_members_dossier_shows_education_results_without_the_offices_link(client):
    """Experts read the education rows and their verification, but the 学历核验 page is the
    unit's and the offices' (a 404 for an expert): the dossier offers no link to it."""
    import datetime

    from zhicheng.declarations.models import Education

    w = started(build())
    decl = w.decls[1]
    Education.objects.create(declaration=decl, school="广西大学", major="土木工程",
                             degree="bachelor", graduated_on=datetime.date(2002, 7, 1))
    client.force_login(w.user(3))
    body = text(client.get(f"/evaluation/meetings/{w.session.pk}/d/{decl.pk}/"))
    assert "广西大学" in body and "未核验" in body
    assert f"/approvals/declarations/{decl.pk}/education/" not in body
    assert client.get(f"/approvals/declarations/{decl.pk}/education/").status_code == 404


def test_query_counts_stay_flat_with_more_applicants(client, django_assert_max_num_queries):
    from factories import DeclarationFactory

    w = started(build())
    client.force_login(w.user(3))
    url = f"/evaluation/meetings/{w.session.pk}/"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        d = DeclarationFactory(committee=w.committee, series=w.committee.series,
                               specialty=w.road, state=State.UNDER_EVALUATION)
        w.session.declarations.add(d)
    with django_assert_max_num_queries(len(few)):
        r = client.get(url)
    assert text(r).count('data-decl="') == 7


def test_opinion_form_saves_and_bad_input_keeps_the_remark(client):
    w = started(build())
    client.force_login(w.user(3))
    url = f"/evaluation/meetings/{w.session.pk}/d/{w.decls[1].pk}/opinion/"
    r = client.post(url, {"remark": "业绩突出"})
    assert r.status_code == 422
    assert "请选择「推荐」或「不推荐」" in text(r) and "业绩突出" in text(r)
    assert Opinion.objects.count() == 0
    r = client.post(url, {"recommend": "yes", "remark": "业绩突出"})
    assert r.status_code == 302
    client.post(url, {"recommend": "yes", "remark": "业绩突出"})  # a double click
    o = Opinion.objects.get()
    assert (o.expert_id, o.recommend, o.remark) == (w.expert(3).pk, True, "业绩突出")
    # A building member is refused plainly on a road applicant.
    client.force_login(w.user(1))
    r = client.post(url, {"recommend": "no"})
    assert r.status_code == 422 and "道路与桥梁" in text(r)


def test_no_other_members_opinion_is_shown(client):
    w = started(build())
    record_opinion(actor=w.user(4), session_id=w.session.pk, declaration_id=w.decls[1].pk,
                   recommend=False, remark="秘密的意见XYZ")
    client.force_login(w.user(3))
    r = client.get(f"/evaluation/meetings/{w.session.pk}/d/{w.decls[1].pk}/")
    assert "秘密的意见XYZ" not in text(r)
    client.force_login(w.user(2))  # the leader: who is missing, no counts yet
    r = client.get(f"/evaluation/meetings/{w.session.pk}/d/{w.decls[1].pk}/")
    body = text(r)
    assert "秘密的意见XYZ" not in body and 'data-testid="for-count"' not in body
    assert w.user(3).real_name in body and w.user(2).real_name in body  # missing ones


def test_the_leader_records_the_group_report(client):
    w = started(build())
    for i in (2, 3, 4):
        record_opinion(actor=w.user(i), session_id=w.session.pk,
                       declaration_id=w.decls[1].pk, recommend=i != 4)
    client.force_login(w.user(2))
    page = f"/evaluation/meetings/{w.session.pk}/d/{w.decls[1].pk}/"
    r = client.get(page)
    assert 'data-testid="for-count">2<' in text(r) and 'data-testid="against-count">1<' in text(r)
    r = client.post(page + "report/", {"recommend": "yes", "summary": ""})
    assert r.status_code == 422 and "请填写小组评议意见" in text(r)
    r = client.post(page + "report/", {"recommend": "yes", "summary": "建议推荐"})
    assert r.status_code == 302
    g = GroupReport.objects.get()
    assert (g.for_count, g.against_count, g.recommend, g.summary) == (2, 1, True, "建议推荐")


def test_the_chair_records_the_deliberation_and_the_secretariat_may_too(client):
    w = started(build())
    for i in (2, 3, 4):
        record_opinion(actor=w.user(i), session_id=w.session.pk,
                       declaration_id=w.decls[1].pk, recommend=True)
    record_group_report(actor=w.user(2), session_id=w.session.pk,
                        declaration_id=w.decls[1].pk, recommend=True, summary="推荐")
    client.force_login(w.user(2))
    url = f"/evaluation/meetings/{w.session.pk}/d/{w.decls[1].pk}/deliberation/"
    assert client.post(url, {"notes": "一致同意推荐"}).status_code == 302
    assert Deliberation.objects.get().notes == "一致同意推荐"
    client.force_login(w.user(3))  # not the chair
    r = client.post(url, {"notes": "改写"})
    assert r.status_code == 422 and "主任委员" in text(r)
    client.force_login(w.secretariat)
    r = client.get(f"/evaluation/sessions/{w.session.pk}/")
    assert "一致同意推荐" in text(r)
    r = client.post(f"/evaluation/sessions/{w.session.pk}/deliberation/",
                    {"declaration": w.decls[1].pk, "notes": "办事机构更正记录"})
    assert r.status_code == 302
    assert Deliberation.objects.get().notes == "办事机构更正记录"


def test_a_recused_member_and_another_sessions_member_get_the_404(client):
    w = started(build())
    c = declare_conflict(actor=w.user(4), session_id=w.session.pk,
                         declaration_id=w.decls[1].pk, kind="relative", detail="亲属")
    decide_conflict(actor=w.user(2), conflict_id=c.pk, confirm=True, reason="属实")
    client.force_login(w.user(4))
    r = client.get(f"/evaluation/meetings/{w.session.pk}/d/{w.decls[1].pk}/")
    assert r.status_code == 404 and "未找到" in text(r)
    r = client.get(f"/evaluation/meetings/{w.session.pk}/")
    assert f'data-decl="{w.decls[1].pk}"' not in text(r)
    assert f'data-decl="{w.decls[0].pk}"' in text(r)
    other = build()
    client.force_login(other.user(0))
    assert client.get(f"/evaluation/meetings/{w.session.pk}/").status_code == 404
    assert client.get(f"/evaluation/meetings/{w.session.pk}/d/{w.decls[0].pk}/"
                      ).status_code == 404
    client.force_login(w.secretariat)  # not an expert: the page does not exist for them
    assert client.get(f"/evaluation/meetings/{w.session.pk}/").status_code == 404


def test_the_chairs_conflict_queue(client):
    w = started(build())
    c = declare_conflict(actor=w.user(1), session_id=w.session.pk,
                         declaration_id=w.decls[0].pk, kind="collaborator", detail="共同课题")
    own = declare_conflict(actor=w.user(2), session_id=w.session.pk,
                           declaration_id=w.decls[1].pk, kind="other", detail="本人")
    client.force_login(w.user(2))
    r = client.get(f"/evaluation/meetings/{w.session.pk}/conflicts/")
    assert r.status_code == 200 and "共同课题" in text(r)
    assert f'data-testid="decide-{c.pk}"' in text(r)
    assert f'data-testid="decide-{own.pk}"' not in text(r)
    assert "由副主任委员决定" in text(r)
    url = f"/evaluation/meetings/{w.session.pk}/conflicts/{c.pk}/"
    r = client.post(url, {"decision": "confirm", "reason": ""}, follow=True)
    assert "请写明回避的理由" in text(r)
    assert Conflict.objects.get(pk=c.pk).state == "declared"
    client.post(url, {"decision": "confirm", "reason": "确有合作"})
    assert Conflict.objects.get(pk=c.pk).state == "confirmed"
    client.force_login(w.user(3))  # the vice-chair decides the chair's own
    client.post(f"/evaluation/meetings/{w.session.pk}/conflicts/{own.pk}/",
                {"decision": "dismiss", "reason": "不构成"})
    assert Conflict.objects.get(pk=own.pk).state == "dismissed"
    client.force_login(w.user(4))  # an ordinary member has no queue
    assert client.get(f"/evaluation/meetings/{w.session.pk}/conflicts/").status_code == 404
    other = started(build())
    client.force_login(other.user(2))  # another session's chair
    assert client.post(url, {"decision": "dismiss", "reason": "x"}).status_code == 404


def test_the_secretariat_appoints_starts_and_ends_on_the_session_page(client):
    w = build()
    client.force_login(w.secretariat)
    page = f"/evaluation/sessions/{w.session.pk}/"
    assert 'data-testid="appoint"' in text(client.get(page))
    r = client.post(page + "appoint/", {"chair": "", "leader_building": w.expert(0).code,
                                        "leader_road_bridge": w.expert(2).code}, follow=True)
    assert "不是本次会议的在任委员" in text(r)
    r = client.post(page + "appoint/", {
        "chair": w.expert(2).code, "vice_chairs": [w.expert(3).code],
        "leader_building": w.expert(0).code, "leader_road_bridge": w.expert(2).code},
        follow=True)
    assert "已指定主任委员" in text(r)
    assert Seat.objects.get(session=w.session, role="chair").expert_id == w.expert(2).pk
    r = client.post(page + "start/", follow=True)
    assert "评审会议已开始" in text(r)
    r = client.post(page + "start/", follow=True)  # a double click
    assert "评审会议已于" in text(r)
    r = client.post(page + "end/", follow=True)
    assert "尚无评审结论" in text(r)
    other = build()
    client.force_login(other.secretariat)
    assert client.post(page + "start/").status_code == 404


def test_the_applicants_recusal_request_says_nothing_about_the_members(client):
    w = appointed(build())
    decl = w.decls[0]
    client.force_login(decl.applicant)
    r = client.get(f"/declarations/{decl.pk}/")
    assert r.status_code == 200 and 'data-testid="recusal"' in text(r)
    url = f"/evaluation/recusal/{decl.pk}/"
    seated = client.post(url, {"person_name": w.user(1).real_name, "employer_name": "",
                               "kind": "relative", "detail": "亲属"}, follow=True)
    absent = client.post(url, {"person_name": "王不在", "employer_name": "",
                               "kind": "relative", "detail": "亲属"}, follow=True)
    msg = "已收到您的回避申请"
    assert msg in text(seated) and msg in text(absent)
    assert Conflict.objects.filter(source="applicant").count() == 1
    r = client.post(url, {"person_name": "", "kind": "relative", "detail": "亲属"},
                    follow=True)
    assert "请填写申请回避人员的姓名" in text(r)
    client.force_login(w.decls[1].applicant)
    assert client.post(url, {"person_name": "某人", "kind": "other",
                             "detail": "x"}).status_code == 404
