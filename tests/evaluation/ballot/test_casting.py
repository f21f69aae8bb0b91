"""Casting (§5.3.2, 无记名投票): one ballot per member per election, none after close, none
from an absent member, none on an applicant one is recused from, none from a second device;
bad input loses nothing and the member can still vote once."""

import pytest
from ballot_world import Device, needs_tool

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.evaluation.ballot import engine
from zhicheng.evaluation.domain import ballots
from zhicheng.evaluation.models import Seat, VoterSlot

pytestmark = [pytest.mark.django_db, needs_tool, pytest.mark.slow]

AGREE = {0: "同意", 1: "弃权"}


@pytest.fixture
def opened(world):
    """Members 0–2 present (3 of 4 is the quorum), member 3 absent; the round open."""
    world.check_in(0, 1, 2)
    rnd, _ = ballots.open_round(actor=world.secretariat, session_id=world.session.pk)
    return world, rnd, rnd.elections.get()


def ballots_in(election):
    return len(engine.trackers(ballots._dir(election)))


def test_one_ballot_per_member(opened):
    w, rnd, e = opened
    (tracker,) = w.vote(1, rnd.pk, AGREE)
    assert tracker in engine.trackers(ballots._dir(e))
    slot = VoterSlot.objects.get(election=e, seat__expert=w.experts[1])
    assert slot.voted_at is not None and slot.sealed_credential == ""
    # A second cast (a double click, or a replayed request) is refused.
    assert ballots.sealed_credentials(actor=w.user(1), round_id=rnd.pk)[0]["voted"] is True
    with pytest.raises(Refused, match="已投过票"):
        ballots.cast(actor=w.user(1), election_id=e.pk, choices={d.pk: "同意" for d in w.decls},
                     private_credential="whatever")
    assert ballots_in(e) == 1


def test_the_same_credential_twice_counts_once(opened):
    """Even when the slot was not marked (the first request died after the archive took the
    ballot), the archive refuses the credential again: counted once, slot marked now."""
    w, rnd, e = opened
    creds = w.credentials(2, rnd.pk)
    choices = {d.pk: "同意" for d in w.decls}
    first = ballots.cast(actor=w.user(2), election_id=e.pk, choices=choices,
                         private_credential=creds[e.pk])
    slot = VoterSlot.objects.get(election=e, seat__expert=w.experts[2])
    slot.voted_at = None  # as if the first request's transaction had not committed
    slot.save()
    again = ballots.cast(actor=w.user(2), election_id=e.pk, choices=choices,
                         private_credential=creds[e.pk])
    assert (len(first), again, ballots_in(e)) == (64, "", 1)
    slot.refresh_from_db()
    assert slot.voted_at is not None


def test_no_ballot_after_close(opened):
    w, rnd, e = opened
    creds = w.credentials(2, rnd.pk)
    w.vote(1, rnd.pk, AGREE)
    ballots.close_round(actor=w.secretariat, round_id=rnd.pk)
    with pytest.raises(Refused, match="已经结束"):
        ballots.cast(actor=w.user(2), election_id=e.pk,
                     choices={d.pk: "同意" for d in w.decls}, private_credential=creds[e.pk])
    assert ballots_in(e) == 1
    with pytest.raises(Refused, match="不能再结束"):  # a double click on 结束投票
        ballots.close_round(actor=w.secretariat, round_id=rnd.pk)


def test_absent_member_cannot_vote(opened):
    w, rnd, e = opened
    assert ballots.sealed_credentials(actor=w.user(3), round_id=rnd.pk) == []
    with pytest.raises(Refused, match="未签到（缺席）"):
        ballots.cast(actor=w.user(3), election_id=e.pk,
                     choices={d.pk: "同意" for d in w.decls}, private_credential="x")
    # Checking in after the round opened gives no slot in it.
    w.check_in(3)
    with pytest.raises(Refused, match="不在本项表决的有表决权委员名单中"):
        ballots.cast(actor=w.user(3), election_id=e.pk,
                     choices={d.pk: "同意" for d in w.decls}, private_credential="x")
    assert ballots_in(e) == 0


def test_stranger_gets_not_found(opened):
    w, rnd, e = opened
    with pytest.raises(NotFound):
        ballots.cast(actor=w.secretariat, election_id=e.pk, choices={},
                     private_credential="x")
    with pytest.raises(NotFound):
        ballots.sealed_credentials(actor=w.trustee_user, round_id=rnd.pk)


def test_bad_input_loses_nothing(opened):
    w, rnd, e = opened
    creds = w.credentials(0, rnd.pk)
    with pytest.raises(Refused, match="选择“同意”“不同意”或“弃权”之一"):
        ballots.cast(actor=w.user(0), election_id=e.pk, choices={w.decls[0].pk: "同意"},
                     private_credential=creds[e.pk])
    with pytest.raises(Refused, match="选择“同意”“不同意”或“弃权”之一"):
        ballots.cast(actor=w.user(0), election_id=e.pk,
                     choices={w.decls[0].pk: "同意", w.decls[1].pk: "都行"},
                     private_credential=creds[e.pk])
    with pytest.raises(Refused):  # a broken credential
        ballots.cast(actor=w.user(0), election_id=e.pk,
                     choices={d.pk: "同意" for d in w.decls}, private_credential="12345")
    slot = VoterSlot.objects.get(election=e, seat__expert=w.experts[0])
    assert slot.voted_at is None and slot.sealed_credential != ""
    assert ballots_in(e) == 0
    (tracker,) = w.vote(0, rnd.pk, AGREE)
    assert engine.trackers(ballots._dir(e)) == [tracker]


def test_second_browser_during_the_round(opened):
    w, rnd, e = opened
    seat = Seat.objects.get(session=w.session, expert=w.experts[1])
    other = Device()
    with pytest.raises(Refused, match="已在另一设备签到"):
        ballots.check_in(actor=w.user(1), session_id=w.session.pk, device_key=other.public)
    seat.refresh_from_db()
    assert seat.device_key == w.devices[w.experts[1].code].public
    # What the second browser fetches it cannot open: the key is on the first device only.
    (sealed,) = ballots.sealed_credentials(actor=w.user(1), round_id=rnd.pk)
    with pytest.raises(ValueError):
        other.open(sealed["sealed"])
    # The first device still votes, once.
    w.vote(1, rnd.pk, AGREE)
    assert ballots_in(e) == 1
