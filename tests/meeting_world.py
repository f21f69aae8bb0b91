"""A drawn session for the meeting's tests: a committee with two specialty groups (建筑工程 2
seats, 道路与桥梁 3 seats), its secretariat, two applicants handed over to the committee, and
five seated members (as the draw would seat them)."""

import datetime
from dataclasses import dataclass

from factories import (
    CityFactory,
    CommitteeFactory,
    DeclarationFactory,
    UnitFactory,
    expert_of,
    official,
    session_with,
)

from zhicheng.core.models import Role, Specialty
from zhicheng.declarations.models import State
from zhicheng.evaluation.models import DrawState, MemberDraw

NOW = datetime.datetime(2017, 9, 20, 9, 0, tzinfo=datetime.UTC)


@dataclass
class World:
    committee: object
    secretariat: object
    building: object
    road: object
    decls: list
    experts: list  # b1, b2 (building), r1, r2, r3 (road_bridge)
    session: object

    def expert(self, i):
        return self.experts[i]

    def user(self, i):
        return self.experts[i].user


def drawn(session) -> MemberDraw:
    """The draw's row as draw_members leaves it (the seats are already there)."""
    codes = list(session.seats.order_by("pk").values_list("expert__code", flat=True))
    return MemberDraw.objects.create(
        session=session, state=DrawState.DRAWN, inputs={}, inputs_sha256="0" * 64,
        commitment="0" * 64, server_secret="0" * 64, committed_at=NOW,
        record={"members": codes, "reserves": {}, "replacements": [], "witness": "42"},
        record_sha256="1" * 64, drawn_at=NOW)


def build(*, draw: bool = True, cross_evaluation: bool = False) -> World:
    committee = CommitteeFactory()
    building, _ = Specialty.objects.get_or_create(series=committee.series, code="building",
                                                  defaults={"name": "建筑工程"})
    road, _ = Specialty.objects.get_or_create(series=committee.series, code="road_bridge",
                                              defaults={"name": "道路与桥梁"})
    secretariat = official(Role.SECRETARIAT, committee=committee)
    city = CityFactory()
    decls = [
        DeclarationFactory(committee=committee, series=committee.series, specialty=building,
                           unit=UnitFactory(city=city), state=State.ACCEPTED_BY_COMMITTEE),
        DeclarationFactory(committee=committee, series=committee.series, specialty=road,
                           unit=UnitFactory(city=CityFactory(code="450200", name="柳州市")),
                           state=State.ACCEPTED_BY_COMMITTEE),
    ]
    experts = [expert_of(committee, specialty=building), expert_of(committee, specialty=building),
               expert_of(committee, specialty=road), expert_of(committee, specialty=road),
               expert_of(committee, specialty=road)]
    session = session_with(decls, experts=experts, groups={"building": 2, "road_bridge": 3},
                           cross_evaluation=cross_evaluation)
    if draw:
        drawn(session)
    return World(committee, secretariat, building, road, decls, experts, session)


def appointed(w: World, *, chair: int = 2, vice: int = 3) -> World:
    from zhicheng.evaluation.domain.meeting import appoint

    appoint(actor=w.secretariat, session_id=w.session.pk, chair=w.expert(chair).code,
            vice_chairs=[w.expert(vice).code],
            leaders={"building": w.expert(0).code, "road_bridge": w.expert(2).code})
    return w


def started(w: World) -> World:
    from zhicheng.evaluation.domain.meeting import start_session

    appointed(w)
    start_session(actor=w.secretariat, session_id=w.session.pk)
    w.session.refresh_from_db()
    return w
