"""A whole round through the domain with the real belenios-tool: check-in, open, cast, close,
two trustees decrypt, tally, the chair seals, and the declarations become passed / failed
only through the sealed verdicts (§5.3.2; pass = 同意 ≥ ⌈2/3 × present and entitled⌉)."""

import datetime
from types import SimpleNamespace

import pytest
from ballot_world import needs_tool

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import Refused
from zhicheng.declarations.models import Declaration, State
from zhicheng.evaluation.ballot import engine
from zhicheng.evaluation.domain import ballots
from zhicheng.evaluation.models import RoundState, TrusteeShare, Verdict

pytestmark = [pytest.mark.django_db, needs_tool, pytest.mark.slow]

A, D, X = "同意", "不同意", "弃权"
# Member i's picks for (applicant 0, applicant 1): applicant 0 gets 3 of 4 (needed 3: passes),
# applicant 1 gets 2 of 4 (fails).
PICKS = [(A, A), (A, D), (A, X), (D, A)]


@pytest.mark.parametrize("held_on", [datetime.date(2017, 9, 20), datetime.date(2020, 9, 20)])
def test_rules_are_inclusive_two_thirds(held_on):
    s = SimpleNamespace(held_on=held_on)  # before and after 人社部令第40号 (2019-09-01)
    assert [ballots.pass_needed(s, n) for n in (25, 4, 3, 11)] == [17, 3, 2, 8]
    assert [ballots.quorum_needed(s, n) for n in (25, 4, 3)] == [17, 3, 2]


def test_the_pass_basis_cites_the_rule_in_force_that_day():
    assert ballots.pass_basis(SimpleNamespace(held_on=datetime.date(2020, 9, 20))).startswith(
        "§5.3.2；《职称评审管理暂行规定》（人社部令第40号）第二十五条")
    assert "人社部令第40号施行前" in ballots.pass_basis(
        SimpleNamespace(held_on=datetime.date(2017, 9, 20)))


def test_round_to_passed_and_failed_through_the_seal(world):
    w = world
    w.check_in(0, 1, 2, 3)
    rnd, keys = ballots.open_round(actor=w.secretariat, session_id=w.session.pk)
    assert [k.position for k in keys] == [1, 2, 3]
    trackers = [w.vote(i, rnd.pk, PICKS[i])[0] for i in range(4)]
    (election,) = rnd.elections.all()
    # Every member finds their tracker in the published ballot list.
    assert sorted(engine.trackers(ballots._dir(election))) == sorted(trackers)
    ballots.close_round(actor=w.secretariat, round_id=rnd.pk)
    bundles = {k.position: k.bundle for k in keys}
    # Trustee 1 on their own account, trustee 3 on the operator's screen.
    ballots.decrypt(actor=w.chair, round_id=rnd.pk, trustee_position=1, private_key=bundles[1])
    # One trustee is not enough: neither the domain nor the engine counts.
    with pytest.raises(Refused, match="至少需要 2 位"):
        ballots.tally(actor=w.secretariat, round_id=rnd.pk)
    with pytest.raises(engine.Refused, match="解密份额不足"):
        engine.compute_result(ballots._dir(election))
    ballots.decrypt(actor=w.secretariat, round_id=rnd.pk, trustee_position=3,
                    private_key=bundles[3])
    rnd = ballots.tally(actor=w.secretariat, round_id=rnd.pk)
    election.refresh_from_db()
    d0, d1 = (str(d.pk) for d in w.decls)
    assert election.tally == {d0: {A: 3, D: 1, X: 0}, d1: {A: 2, D: 1, X: 1}}
    assert election.ballots == 4
    assert election.archive_sha256 == engine.archive_sha256(ballots._dir(election))
    assert rnd.state == RoundState.TALLIED

    rnd = ballots.seal(actor=w.chair, round_id=rnd.pk)
    assert rnd.state == RoundState.SEALED and rnd.sealed_by == w.chair
    v = {x.declaration_id: x for x in Verdict.objects.filter(round=rnd)}
    assert [(v[d.pk].agree, v[d.pk].entitled, v[d.pk].needed, v[d.pk].passed)
            for d in w.decls] == [(3, 4, 3, True), (2, 4, 3, False)]
    assert "§5.3.2" in v[w.decls[0].pk].basis and "人社部令第40号" in v[w.decls[0].pk].basis
    states = [Declaration.objects.get(pk=d.pk).state for d in w.decls]
    assert states == [State.PASSED, State.FAILED]
    (event,) = AuditEvent.objects.filter(action="evaluation.ballot.seal")
    assert event.after["archives"] == {election.uuid: election.archive_sha256}
    assert event.after["trustees"] == [{"position": 1, "name": w.experts[0].user.real_name},
                                       {"position": 3, "name": w.trustee_user.real_name}]
    assert [(x["agree"], x["passed"]) for x in event.after["verdicts"]] == [(3, True),
                                                                            (2, False)]
    # The transitions were the chair's, through the verdicts.
    assert AuditEvent.objects.filter(action="declaration.record_pass",
                                     actor_id=w.chair.pk).count() == 1
    assert AuditEvent.objects.filter(action="declaration.record_fail",
                                     actor_id=w.chair.pk).count() == 1
    # A second seal (a double click) changes nothing.
    with pytest.raises(Refused, match="已经封存"):
        ballots.seal(actor=w.chair, round_id=rnd.pk)
    engine.verify(ballots._dir(election))
    assert TrusteeShare.objects.filter(election=election).count() == 2


def test_only_the_chair_seals_and_only_after_tally(world):
    w = world
    w.check_in(0, 1, 2)
    rnd, _ = ballots.open_round(actor=w.secretariat, session_id=w.session.pk)
    with pytest.raises(Refused, match="解密并计票后"):
        ballots.seal(actor=w.chair, round_id=rnd.pk)
    with pytest.raises(Refused, match="确认并封存计票结果由主任委员"):
        ballots.seal(actor=w.user(1), round_id=rnd.pk)
    with pytest.raises(Refused, match="不能计票"):
        ballots.tally(actor=w.secretariat, round_id=rnd.pk)


def test_recused_chair_leaves_the_record_to_a_vice_chair(world):
    """The chair is recused from applicant 1: two elections (4 and 3 voters, needed 3 and 2);
    the chair still seals, and a vice-chair records that applicant's result."""
    import datetime

    from ballot_world import run_round

    from zhicheng.evaluation.models import Conflict, Seat, SeatRole

    w = world
    Conflict.objects.create(session=w.session, expert=w.experts[0], declaration=w.decls[1],
                            kind="relative", source="expert", detail="亲属",
                            declared_at=datetime.datetime(2017, 9, 19, tzinfo=datetime.UTC),
                            state="confirmed")
    seat = Seat.objects.get(session=w.session, expert=w.experts[1])
    seat.role = SeatRole.VICE_CHAIR
    seat.save()
    rnd, _, _ = run_round(w, [(A, A), (A, A), (D, A), (A, D)])
    assert rnd.elections.count() == 2
    ballots.seal(actor=w.chair, round_id=rnd.pk)
    v = {x.declaration_id: x for x in Verdict.objects.filter(round=rnd)}
    assert [(v[d.pk].agree, v[d.pk].entitled, v[d.pk].needed, v[d.pk].passed)
            for d in w.decls] == [(3, 4, 3, True), (2, 3, 2, True)]
    assert AuditEvent.objects.get(action="declaration.record_pass",
                                  object_id=str(w.decls[1].pk)).actor_id == w.user(1).pk
    assert AuditEvent.objects.get(action="declaration.record_pass",
                                  object_id=str(w.decls[0].pk)).actor_id == w.chair.pk
