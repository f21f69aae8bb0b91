"""Before and at the opening of a round: trustees, check-in with a device key, quorum
(⌈2/3⌉ of the members present, 人社部令第40号), one election per distinct voter list
(recusals), sealed credentials only, the trustee keys returned once."""

import datetime
import json

import pytest
from ballot_world import Device, needs_tool

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.evaluation.ballot import engine
from zhicheng.evaluation.domain import ballots
from zhicheng.evaluation.models import (
    BallotRound,
    Conflict,
    ConflictKind,
    ConflictSource,
    ConflictState,
    Election,
    Seat,
    Trustee,
    VoterSlot,
)

pytestmark = pytest.mark.django_db


def recuse(w, expert, decl):
    return Conflict.objects.create(
        session=w.session, expert=expert, declaration=decl, kind=ConflictKind.SAME_UNIT,
        source=ConflictSource.DETECTED, detail="同单位",
        declared_at=datetime.datetime(2017, 9, 19, tzinfo=datetime.UTC),
        state=ConflictState.CONFIRMED)


def test_trustees_are_three_distinct_people(world):
    w = world
    assert [(t.position, t.capacity) for t in Trustee.objects.filter(session=w.session)] == [
        (1, "主任委员"), (2, "监督人员"), (3, "职改办代表")]
    with pytest.raises(Refused, match="至少 3 人"):
        ballots.name_trustees(actor=w.secretariat, session_id=w.session.pk, trustees=[
            {"name": "甲", "capacity": "主任委员"}, {"name": "乙", "capacity": "监督人员"}])
    with pytest.raises(Refused, match="不能重复"):
        ballots.name_trustees(actor=w.secretariat, session_id=w.session.pk, trustees=[
            {"name": "甲", "capacity": "主任委员"}, {"name": "甲", "capacity": "监督人员"},
            {"name": "丙", "capacity": "职改办代表"}])
    with pytest.raises(Refused, match="身份"):
        ballots.name_trustees(actor=w.secretariat, session_id=w.session.pk, trustees=[
            {"name": "甲", "capacity": ""}, {"name": "乙", "capacity": "监督人员"},
            {"name": "丙", "capacity": "职改办代表"}])
    # Refusals changed nothing.
    assert Trustee.objects.filter(session=w.session).count() == 3
    with pytest.raises(NotFound):  # a member is not the secretariat
        ballots.name_trustees(actor=w.user(1), session_id=w.session.pk, trustees=[])


def test_check_in_stores_the_device_key_and_refuses_junk(world):
    w = world
    with pytest.raises(Refused, match="公钥格式不正确"):
        ballots.check_in(actor=w.user(1), session_id=w.session.pk, device_key="not base64!")
    seat = Seat.objects.get(session=w.session, expert=w.experts[1])
    assert seat.checked_in_at is None and seat.device_key == ""
    w.check_in(1)
    seat.refresh_from_db()
    assert seat.device_key == w.devices[w.experts[1].code].public
    assert seat.checked_in_at is not None
    first = seat.checked_in_at
    # Before a round opens another browser may replace the key; the check-in time stays.
    other = Device()
    ballots.check_in(actor=w.user(1), session_id=w.session.pk, device_key=other.public)
    seat.refresh_from_db()
    assert (seat.device_key, seat.checked_in_at) == (other.public, first)
    with pytest.raises(NotFound):  # not seated here
        ballots.check_in(actor=w.secretariat, session_id=w.session.pk,
                         device_key=other.public)


def test_no_round_below_quorum(world, ballot_root):
    w = world
    w.check_in(0, 1)  # 2 of 4 present; ⌈8/3⌉ = 3 needed
    with pytest.raises(Refused, match=r"到会委员 2 人，不足应到 4 人的三分之二（至少 3 人）"):
        ballots.open_round(actor=w.secretariat, session_id=w.session.pk)
    assert not BallotRound.objects.exists()
    assert not ballot_root.exists() or not any(ballot_root.rglob("*"))


def test_no_round_before_the_session_starts(world):
    w = world
    w.session.started_at = None
    w.session.save()
    w.check_in(0, 1, 2)
    with pytest.raises(Refused, match="尚未开始"):
        ballots.open_round(actor=w.secretariat, session_id=w.session.pk)


@needs_tool
@pytest.mark.slow
def test_recusal_makes_a_second_election_and_keys_come_once(world, ballot_root):
    w = world
    recuse(w, w.experts[3], w.decls[1])
    w.check_in(0, 1, 2, 3)
    rnd, keys = ballots.open_round(actor=w.secretariat, session_id=w.session.pk)
    e1, e2 = Election.objects.filter(round=rnd).order_by("pk")
    codes = [e.code for e in w.experts]
    assert (e1.voters, e1.declarations) == (sorted(codes), [w.decls[0].pk])
    assert (e2.voters, e2.declarations) == (sorted(codes[:3]), [w.decls[1].pk])
    assert ballots.entitled_voters(w.session, w.decls[1].pk) == set(codes[:3])
    # The recused member has no slot in the second election.
    assert not VoterSlot.objects.filter(election=e2, seat__expert=w.experts[3]).exists()
    assert VoterSlot.objects.filter(election=e2).count() == 3
    # Each slot's credential opens only with that member's device key, and is a real one.
    slot = VoterSlot.objects.get(election=e1, seat__expert=w.experts[2])
    cred = w.devices[w.experts[2].code].open(slot.sealed_credential)
    with pytest.raises(ValueError):
        w.devices[w.experts[1].code].open(slot.sealed_credential)
    assert len(cred) > 10 and cred not in slot.sealed_credential
    # One bundle per trustee, with one key per election.
    bundle = json.loads(keys[0].bundle)
    assert (bundle["round"], bundle["trustee"], sorted(bundle["keys"])) == (
        rnd.pk, 1, sorted([e1.uuid, e2.uuid]))
    (event,) = AuditEvent.objects.filter(action="evaluation.ballot.open")
    assert event.after["present"] == 4 and event.after["round"] == 1
    assert [x["voters"] for x in event.after["elections"]] == [4, 3]
    text = json.dumps(event.after, ensure_ascii=False)
    assert all(key not in text for k in keys for key in json.loads(k.bundle)["keys"].values())
    assert cred not in text
    # The round directory holds no trustee key.
    files = b"".join(p.read_bytes() for p in ballot_root.rglob("*") if p.is_file())
    for k in keys:
        for key in json.loads(k.bundle)["keys"].values():
            assert key.encode() not in files
    # A second opening (a double click) is refused: the round is not sealed.
    with pytest.raises(Refused, match="尚未封存"):
        ballots.open_round(actor=w.secretariat, session_id=w.session.pk)
    assert BallotRound.objects.count() == 1


@needs_tool
def test_a_failed_opening_leaves_no_round_and_no_directory(world, ballot_root, monkeypatch):
    w = world
    w.check_in(0, 1, 2)

    def broken(path, **kw):
        path.mkdir(parents=True)
        (path / "half.bel").write_text("x")
        raise engine.Refused("建立投票轮次失败（belenios-tool 出错），请联系系统管理员。")

    monkeypatch.setattr(engine, "open_round", broken)
    with pytest.raises(Refused, match="建立投票轮次失败"):
        ballots.open_round(actor=w.secretariat, session_id=w.session.pk)
    assert not BallotRound.objects.exists()
    assert [p for p in ballot_root.rglob("*") if p.is_file()] == []


def test_voting_refuses_plainly_without_belenios(world, monkeypatch):
    w = world
    w.check_in(0, 1, 2)
    monkeypatch.setattr(engine, "tool_path", lambda: None)
    with pytest.raises(Refused, match="未找到投票引擎 belenios-tool"):
        ballots.open_round(actor=w.secretariat, session_id=w.session.pk)
    assert not BallotRound.objects.exists()


def test_present_without_a_device_key_is_named(world):
    w = world
    w.check_in(0, 1)
    seat = Seat.objects.get(session=w.session, expert=w.experts[2])
    seat.checked_in_at = datetime.datetime(2017, 9, 20, 1, tzinfo=datetime.UTC)
    seat.save()  # attendance recorded elsewhere, without the member's device
    with pytest.raises(Refused, match=f"委员 {w.experts[2].code} 尚未在本人设备上签到"):
        ballots.open_round(actor=w.secretariat, session_id=w.session.pk)
    assert not BallotRound.objects.exists()
