import datetime

import pytest
from ballot_world import World


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs a whole Belenios round (about a second)")



@pytest.fixture
def ballot_root(settings, tmp_path):
    settings.BALLOT_ROOT = tmp_path / "ballots"
    return settings.BALLOT_ROOT


@pytest.fixture
def world(settings, ballot_root, db):
    """4 seated experts (the first is the chair), 2 applicants under evaluation, a started
    session, 3 trustees (the chair, the witness, an office representative)."""
    from factories import CommitteeFactory, DeclarationFactory, expert_of, official, session_with

    from zhicheng.core.models import Role
    from zhicheng.declarations.models import State
    from zhicheng.evaluation.domain import ballots
    from zhicheng.evaluation.models import Seat, SeatRole

    settings.ZHICHENG_TODAY = "2017-09-20"
    committee = CommitteeFactory()
    secretariat = official(Role.SECRETARIAT, committee=committee)
    decls = [DeclarationFactory(committee=committee, series=committee.series,
                                state=State.UNDER_EVALUATION) for _ in range(2)]
    experts = [expert_of(committee) for _ in range(4)]
    session = session_with(decls, experts=experts,
                           started_at=datetime.datetime(2017, 9, 20, 1, tzinfo=datetime.UTC))
    seat = Seat.objects.get(session=session, expert=experts[0])
    seat.role = SeatRole.CHAIR
    seat.save()
    trustee_user = official(Role.OFFICE, office=committee.office)
    ballots.name_trustees(actor=secretariat, session_id=session.pk, trustees=[
        {"name": experts[0].user.real_name, "capacity": "主任委员", "user_id": experts[0].user_id},
        {"name": "监督员", "capacity": "监督人员"},
        {"name": trustee_user.real_name, "capacity": "职改办代表", "user_id": trustee_user.pk}])
    return World(committee, secretariat, session, decls, experts, experts[0].user, trustee_user)


def keys_of(bundles):
    """position → bundle text."""
    return {k.position: k.bundle for k in bundles}
