"""A session's draw through the domain (draw.md): inputs frozen from the pool with their
exclusions, the commitment in the audit chain before the witness types, the record stored with
its hash, replacements; the stored record re-derives with zhicheng.draw.verify."""

import datetime
import json

import pytest
from factories import CommitteeFactory, DeclarationFactory, UnitFactory, credit_code, official

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role, Specialty
from zhicheng.declarations.models import State
from zhicheng.draw import canonical, sha256_hex, verify
from zhicheng.evaluation.domain.draws import commit, current_members, draw_members, replace_member
from zhicheng.evaluation.domain.pool import add_expert, change_status
from zhicheng.evaluation.domain.sessions import create_session
from zhicheng.evaluation.models import DrawState, EvaluationSession, MemberDraw

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def setup(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ZHICHENG_TODAY = "2017-09-05"


@pytest.fixture
def world():
    committee = CommitteeFactory()
    for code, name in (("building", "建筑工程"), ("road_bridge", "道路与桥梁")):
        Specialty.objects.create(series=committee.series, code=code, name=name)
    secretariat = official(Role.SECRETARIAT, committee=committee)
    unit = UnitFactory()
    decl = DeclarationFactory(committee=committee, series=committee.series, unit=unit,
                              state=State.ACCEPTED_BY_COMMITTEE)
    codes = [credit_code() for _ in range(6)]
    experts = []
    for n in range(12):
        experts.append(add_expert(
            actor=secretariat, committee_id=committee.pk, username=f"expert{n}",
            real_name=f"专家{n}", password="Gx-Expert-2017", title_name="正高级工程师",
            level="senior",
            specialty=Specialty.objects.get(code="building" if n % 2 else "road_bridge"),
            employer_name=f"单位{n % 6}",
            employer_code=unit.credit_code if n == 1 else codes[n % 6],
            term_starts=D(2017, 1, 1), term_ends=D(2017, 6, 30) if n == 3 else D(2019, 12, 31)))
    change_status(actor=secretariat, expert_id=experts[5].pk, to_status="suspended",
                  reason="借调外省")
    change_status(actor=secretariat, expert_id=experts[7].pk, to_status="out", reason="退出")
    return committee, secretariat, decl, experts


def session_of(world, **over):
    committee, secretariat, decl, _ = world
    kw = dict(actor=secretariat, committee_id=committee.pk, code="eng-senior-2017-1",
              name="2017年度第一次评审会议", held_on=D(2017, 9, 20), witness_name="黄纪检",
              witness_org="自治区人社厅驻厅纪检组", groups={"building": 2, "road_bridge": 3},
              declaration_ids=[decl.pk], max_per_unit=0, reserves=1)
    return create_session(**{**kw, **over})


def test_inputs_are_frozen_with_their_exclusions_and_committed_first(world):
    _, secretariat, decl, experts = world
    session = session_of(world)
    draw = commit(actor=secretariat, session_id=session.pk)
    inputs = draw.inputs
    # Out of the pool: not in it at all; suspended, expired and same-unit: excluded with why.
    assert [e["id"] for e in inputs["pool"]] == [e.code for e in experts if e.code != "E000008"]
    name = decl.applicant.real_name or decl.applicant.username
    assert inputs["excluded"] == [
        {"id": "E000002", "reason": "same_unit", "detail": f"与申报人 {name} 同单位"},
        {"id": "E000004", "reason": "term_expired", "detail": "聘期 2017-01-01 至 2017-06-30"},
        {"id": "E000006", "reason": "suspended", "detail": "暂停参加评审"},
    ]
    assert inputs["requirements"] == {"size": 5, "groups": {"building": 2, "road_bridge": 3},
                                      "max_per_unit": 0, "min_external": 0, "reserves": 1}
    assert draw.inputs_sha256 == sha256_hex(canonical(inputs))
    event = AuditEvent.objects.get(action="evaluation.draw.commit")
    assert event.after["commitment"] == draw.commitment
    assert draw.server_secret not in str(event.after)  # the secret stays hidden until drawn

    drawn = draw_members(actor=secretariat, session_id=session.pk, witness="4 6 1 3")
    assert drawn.state == DrawState.DRAWN
    recorded = AuditEvent.objects.get(action="evaluation.draw.record")
    assert recorded.seq > event.seq
    assert recorded.after["record_sha256"] == sha256_hex(canonical(drawn.record))
    assert verify(drawn.record)[0] is True
    assert len(drawn.record["members"]) == 5
    assert not {"E000002", "E000004", "E000006", "E000008"} & set(drawn.record["members"])


def test_the_witness_comes_after_the_commitment_and_only_once(world):
    _, secretariat, _, _ = world
    session = session_of(world)
    with pytest.raises(Refused) as exc:
        draw_members(actor=secretariat, session_id=session.pk, witness="1")
    assert exc.value.code == "not_committed"
    commit(actor=secretariat, session_id=session.pk)
    draw_members(actor=secretariat, session_id=session.pk, witness="1")
    with pytest.raises(Refused):
        draw_members(actor=secretariat, session_id=session.pk, witness="2")
    with pytest.raises(Refused) as exc:
        commit(actor=secretariat, session_id=session.pk)
    assert exc.value.message == "本次会议的评委抽取已抽取，不能重新冻结输入。"


def test_a_draw_short_of_experts_is_recorded_as_failed_with_the_reason(world):
    _, secretariat, _, _ = world
    session = session_of(world, code="eng-senior-2017-2", groups={"building": 5})
    commit(actor=secretariat, session_id=session.pk)
    draw = draw_members(actor=secretariat, session_id=session.pk, witness="42")
    assert draw.state == DrawState.FAILED
    assert draw.failure == ("抽取未能完成：专业组「building」需 5 人，符合条件的候选人只有 2 人"
                            "（回避排除 3 人）。")
    event = AuditEvent.objects.get(action="evaluation.draw.failed")
    assert (event.note, event.after["server_secret"]) == (draw.failure, draw.server_secret)
    again = commit(actor=secretariat, session_id=session.pk)  # a fresh commitment
    assert again.state == DrawState.COMMITTED
    assert again.server_secret != event.after["server_secret"]


def test_a_declining_member_is_replaced_by_the_reserve(world):
    _, secretariat, _, _ = world
    session = session_of(world)
    commit(actor=secretariat, session_id=session.pk)
    draw = draw_members(actor=secretariat, session_id=session.pk, witness="7")
    group = "road_bridge"  # 6 candidates for 3 seats: it has a reserve (building has none)
    gone = next(m for m in draw.record["members"]
                if next(e["group"] for e in draw.inputs["pool"] if e["id"] == m) == group)
    draw = replace_member(actor=secretariat, session_id=session.pk, declined=gone, reason="出差")
    [rep] = draw.record["replacements"]
    assert (rep["declined"], rep["replaced_by"], rep["reason"]) == (
        gone, draw.record["reserves"][group][0], "出差")
    seated = current_members(draw)
    assert seated[draw.record["members"].index(gone)] == rep["replaced_by"]
    assert gone not in seated
    assert verify(draw.record)[0] is True
    with pytest.raises(Refused) as exc:
        replace_member(actor=secretariat, session_id=session.pk, declined=gone, reason="x")
    assert exc.value.code == "not_member"


def test_sessions_need_an_odd_size_held_declarations_and_their_own_secretariat(world):
    decl = world[2]
    with pytest.raises(Refused) as exc:
        session_of(world, groups={"building": 2, "road_bridge": 2})
    assert exc.value.message == "评审会议出席的评委人数须为单数（人社部令第40号），现为4人。"
    other = DeclarationFactory(state=State.UNDER_EVALUATION)  # another committee's
    with pytest.raises(Refused) as exc:
        session_of(world, declaration_ids=[decl.pk, other.pk])
    assert exc.value.code == "bad_declarations"
    stranger = official(Role.SECRETARIAT, committee=CommitteeFactory())
    with pytest.raises(NotFound):
        session_of(world, actor=stranger)
    session = session_of(world)
    with pytest.raises(NotFound):
        commit(actor=stranger, session_id=session.pk)


def test_the_session_and_draw_pages(client, world):

    committee, secretariat, decl, _ = world
    client.force_login(secretariat)
    assert client.get("/evaluation/sessions/").status_code == 200
    form = {"code": "eng-senior-2017-9", "name": "第九次评审会议", "held_on": "2017-09-20",
            "witness_name": "黄纪检", "witness_org": "驻厅纪检组", "max_per_unit": "0",
            "min_external": "0", "reserves": "1", "seats_building": "2",
            "seats_road_bridge": "2", "declarations": [str(decl.pk)]}
    refused = client.post("/evaluation/sessions/", form)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "评审会议出席的评委人数须为单数（人社部令第40号），现为4人。" in html
    assert 'value="第九次评审会议"' in html and "checked" in html  # nothing typed is lost
    created = client.post("/evaluation/sessions/", {**form, "seats_road_bridge": "3"})
    session = EvaluationSession.objects.get(code="eng-senior-2017-9")
    assert created["Location"] == f"/evaluation/sessions/{session.pk}/"
    page = client.post(f"/evaluation/sessions/{session.pk}/commit/", follow=True)
    draw = MemberDraw.objects.get(session=session)
    assert draw.commitment in page.content.decode()
    page = client.post(f"/evaluation/sessions/{session.pk}/draw/", {"witness": "3 5 2"},
                       follow=True)
    assert "抽取已完成" in page.content.decode()
    draw.refresh_from_db()
    members = draw.record["members"]
    assert all(code in page.content.decode() for code in members)
    record = json.loads(client.get(f"/evaluation/sessions/{session.pk}/record.json").content)
    assert record == draw.record and verify(record)[0] is True
    group = {e["id"]: e["group"] for e in draw.inputs["pool"]}
    road = next(m for m in members if group[m] == "road_bridge")  # a group with a reserve
    page = client.post(f"/evaluation/sessions/{session.pk}/replace/",
                       {"declined": road, "reason": "出差"}, follow=True)
    assert "已由候补委员递补。" in page.content.decode()
    # The member list is the secretariat's: an expert of the committee does not see it.
    client.force_login(official(Role.EXPERT, committee=committee))
    assert client.get(f"/evaluation/sessions/{session.pk}/").status_code == 404
    assert client.get(f"/evaluation/sessions/{session.pk}/record.json").status_code == 404


def test_the_pages_answer_bad_input_plainly(client, world):
    _, secretariat, _, experts = world
    client.force_login(secretariat)
    form = {"code": "eng-senior-2017-8", "name": "第八次评审会议", "held_on": "2017-09-20",
            "witness_name": "黄纪检", "witness_org": "驻厅纪检组", "max_per_unit": "0",
            "min_external": "0", "reserves": "1", "seats_building": "两", "declarations": []}
    page = client.post("/evaluation/sessions/", form)
    assert page.status_code == 422 and "「建筑工程」的席位数应为整数。" in page.content.decode()
    assert 'value="两"' in page.content.decode()
    page = client.post("/evaluation/sessions/", {**form, "seats_building": "1"})
    assert "评审对象须为本评委会已受理、尚未作出评审结论的申报" in page.content.decode()
    session = session_of(world)
    page = client.post(f"/evaluation/sessions/{session.pk}/draw/", {"witness": "1"}, follow=True)
    assert "请先冻结抽取输入并生成承诺值" in page.content.decode()
    client.post(f"/evaluation/sessions/{session.pk}/commit/")
    page = client.post(f"/evaluation/sessions/{session.pk}/draw/", {"witness": " "}, follow=True)
    assert "请监督人员输入1～200个字符" in page.content.decode()
    client.post(f"/evaluation/sessions/{session.pk}/draw/", {"witness": "5"})
    drawn = MemberDraw.objects.get(session=session).record
    again = client.post(f"/evaluation/sessions/{session.pk}/draw/", {"witness": "6"},
                        follow=True)  # a double click: the first draw stands
    assert "请先冻结抽取输入并生成承诺值" in again.content.decode()
    assert MemberDraw.objects.get(session=session).record == drawn
    page = client.post(f"/evaluation/pool/{experts[0].pk}/status/",
                       {"to_status": "retired", "reason": "x"}, follow=True)
    assert "请选择新的状态并写明原因。" in page.content.decode()


def test_a_reserve_joining_a_started_session_is_checked_for_conflicts(world):
    import datetime

    from zhicheng.evaluation.models import Conflict, EvaluationSession, Expert

    _, secretariat, decl, _ = world
    session = session_of(world)
    commit(actor=secretariat, session_id=session.pk)
    draw = draw_members(actor=secretariat, session_id=session.pk, witness="7")
    group = "road_bridge"
    gone = next(m for m in draw.record["members"]
                if next(e["group"] for e in draw.inputs["pool"] if e["id"] == m) == group)
    reserve = Expert.objects.get(code=draw.record["reserves"][group][0])
    # Since the draw, the reserve has moved to the applicant's unit (a data change).
    reserve.employer_code = decl.unit.credit_code
    reserve.save()
    s = EvaluationSession.objects.get(pk=session.pk)
    s.started_at = datetime.datetime(2017, 9, 20, 1, tzinfo=datetime.UTC)
    s.save()
    replace_member(actor=secretariat, session_id=session.pk, declined=gone, reason="出差")
    [c] = Conflict.objects.filter(session=session)
    assert (c.expert_id, c.declaration_id, c.kind, c.source, c.state) == (
        reserve.pk, decl.pk, "same_unit", "detected", "declared")
