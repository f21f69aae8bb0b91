"""Faults: a trustee key that does not match, and kill -9 of the belenios-tool child while a
member casts or while the round is counted — no ballot lost, none counted twice, the archive
still verifies, the member can still vote exactly once."""

import json
import shutil

import pytest
from ballot_world import needs_tool

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.evaluation.ballot import engine
from zhicheng.evaluation.domain import ballots
from zhicheng.evaluation.models import RoundState, TrusteeShare, VoterSlot

pytestmark = [pytest.mark.django_db, needs_tool, pytest.mark.slow]

CHOICES = {0: "同意", 1: "不同意"}


@pytest.fixture
def opened(world):
    world.check_in(0, 1, 2)
    rnd, keys = ballots.open_round(actor=world.secretariat, session_id=world.session.pk)
    return world, rnd, rnd.elections.get(), {k.position: k.bundle for k in keys}


@pytest.fixture
def killer(tmp_path, monkeypatch):
    """belenios-tool behind a wrapper that SIGKILLs itself on the call naming `marker`
    (before the real tool runs, or after it has done its work but before it returns)."""
    real = shutil.which("belenios-tool")

    def arm(marker: str, when: str):
        script = tmp_path / "belenios-tool"
        run = f'"{real}" "$@"; ' if when == "after" else ""
        script.write_text('#!/bin/sh\ncase "$*" in\n'
                          f'  *"{marker}"*) {run}kill -9 $$ ;;\nesac\nexec "{real}" "$@"\n')
        script.chmod(0o755)
        monkeypatch.setattr(engine, "tool_path", lambda: str(script))

    yield arm
    monkeypatch.setattr(engine, "tool_path", lambda: real)


def test_a_key_that_does_not_match_is_refused(opened):
    w, rnd, _, keys = opened
    for i in range(3):
        w.vote(i, rnd.pk, CHOICES)
    ballots.close_round(actor=w.secretariat, round_id=rnd.pk)
    with pytest.raises(Refused, match="属于另一位受托人"):
        ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=2,
                        private_key=keys[1])
    # Trustee 2's bundle with trustee 1's key inside it: Belenios refuses the share.
    (key1,) = json.loads(keys[1])["keys"].values()
    (key2,) = json.loads(keys[2])["keys"].values()
    forged = keys[2].replace(key2, key1)
    with pytest.raises(Refused, match="私钥与其解密份额不符"):
        ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=2,
                        private_key=forged)
    # Anything else is taken as a bare key of this one-election round, and does not match.
    with pytest.raises(Refused, match="私钥与其解密份额不符"):
        ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=2,
                        private_key="{not json")
    with pytest.raises(Refused, match="请粘贴或上传"):
        ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=2,
                        private_key="  ")
    assert not TrusteeShare.objects.exists()
    # The right key still works, once.
    ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=2,
                    private_key=keys[2])
    with pytest.raises(Refused, match="已提交过"):
        ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=2,
                        private_key=keys[2])
    assert TrusteeShare.objects.count() == 1
    # A member who is not a trustee's account cannot decrypt on their own.
    with pytest.raises(NotFound):
        ballots.decrypt(actor=w.user(1), round_id=rnd.pk, trustee_position=3,
                        private_key=keys[3])


@pytest.mark.parametrize("when", ["before", "after"])
def test_kill_9_mid_cast(opened, killer, when):
    w, rnd, e, _ = opened
    creds = w.credentials(1, rnd.pk)
    choices = {d.pk: "同意" for d in w.decls}
    # The ballot is appended on a copy of the archive: kill the append itself.
    killer("--type=Ballot", when)
    with pytest.raises(Refused, match="选票未通过校验，未予记录"):
        ballots.cast(actor=w.user(1), election_id=e.pk, choices=choices,
                     private_credential=creds[e.pk])
    killer("__never__", "before")
    engine.verify(ballots._dir(e))
    assert engine.trackers(ballots._dir(e)) == []
    slot = VoterSlot.objects.get(election=e, seat__expert=w.experts[1])
    assert slot.voted_at is None
    tracker = ballots.cast(actor=w.user(1), election_id=e.pk, choices=choices,
                           private_credential=creds[e.pk])
    with pytest.raises(Refused, match="已投过票"):
        ballots.cast(actor=w.user(1), election_id=e.pk, choices=choices,
                     private_credential=creds[e.pk])
    assert engine.trackers(ballots._dir(e)) == [tracker]
    engine.verify(ballots._dir(e))


def test_kill_9_mid_tally(opened, killer):
    w, rnd, e, keys = opened
    for i in range(3):
        w.vote(i, rnd.pk, CHOICES)
    killer("compute-encrypted-tally", "after")
    with pytest.raises(Refused):
        ballots.close_round(actor=w.secretariat, round_id=rnd.pk)
    killer("__never__", "before")
    rnd.refresh_from_db()
    assert rnd.state == RoundState.OPEN
    engine.verify(ballots._dir(e))
    ballots.close_round(actor=w.secretariat, round_id=rnd.pk)
    ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=1,
                    private_key=keys[1])
    ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=2,
                    private_key=keys[2])
    killer("compute-result", "after")
    with pytest.raises(Refused, match="计票失败"):
        ballots.tally(actor=w.secretariat, round_id=rnd.pk)
    killer("__never__", "before")
    rnd.refresh_from_db()
    assert rnd.state == RoundState.CLOSED
    rnd = ballots.tally(actor=w.secretariat, round_id=rnd.pk)
    e.refresh_from_db()
    assert e.ballots == 3
    assert e.tally == {str(w.decls[0].pk): {"同意": 3, "不同意": 0, "弃权": 0},
                       str(w.decls[1].pk): {"同意": 0, "不同意": 3, "弃权": 0}}
    engine.verify(ballots._dir(e))


def test_kill_9_mid_decrypt(opened, killer):
    w, rnd, e, keys = opened
    for i in range(3):
        w.vote(i, rnd.pk, CHOICES)
    ballots.close_round(actor=w.secretariat, round_id=rnd.pk)
    killer("decrypt-threshold", "after")
    with pytest.raises(Refused):
        ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=1,
                        private_key=keys[1])
    killer("__never__", "before")
    assert not TrusteeShare.objects.exists()
    engine.verify(ballots._dir(e))
    ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=1,
                    private_key=keys[1])
    assert TrusteeShare.objects.count() == 1
