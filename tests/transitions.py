"""Helpers for tests that take transitions of the workflow table: a declaration in a state,
the official of each role whose scope covers it, and a day in each transition's phase."""

import datetime

from factories import (
    ANNEX1,
    DeclarationFactory,
    OfficeFactory,
    UnitFactory,
    expert_of,
    official,
    session_with,
)

from zhicheng.core.models import OfficeKind, Role, UnitType
from zhicheng.declarations.models import Declaration

ANYTIME = datetime.date(2017, 12, 15)


def day_in(phase: str) -> datetime.date:
    (m1, d1), _ = ANNEX1[phase]
    return datetime.date(2017, m1, d1) + datetime.timedelta(days=10)


def day_for(t) -> datetime.date:
    return day_in(sorted(t.phases)[0]) if t.phases else ANYTIME


def day_outside(t) -> datetime.date:
    return next(day_in(p) for p in ANNEX1 if p not in t.phases)


def make_declaration(state: str) -> Declaration:
    centre = UnitFactory(is_talent_centre=True, name="南宁市人才交流服务中心")
    decl = DeclarationFactory(host_centre=centre, unit__unit_type=UnitType.NON_PUBLIC)
    decl.state = state
    decl.save()
    return decl


def actor_for(role: str, decl: Declaration):
    if role == Role.APPLICANT:
        return decl.applicant
    if role == Role.UNIT_HR:
        return official(role, unit=decl.unit)
    if role == Role.TALENT_CENTRE:
        return official(role, unit=decl.host_centre)
    if role == Role.OFFICE:
        return official(role, office=decl.committee.office)
    if role == Role.SECRETARIAT:
        return official(role, committee=decl.committee)
    if role == Role.EXPERT:  # an expert reaches a declaration only through a session seat
        expert = expert_of(decl.committee)
        session_with([decl], experts=[expert])
        return expert.user
    regional = OfficeFactory(kind=OfficeKind.REGIONAL, city=None, name="自治区职改办")
    return official(role, office=regional)


def officials_around(decl) -> dict[str, object]:
    """One official of every role whose area includes the declaration."""
    return {
        "unit_hr": official(Role.UNIT_HR, unit=decl.unit),
        "talent_centre": official(Role.TALENT_CENTRE, unit=decl.host_centre),
        "city_office": official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.CITY,
                                                                  city=decl.unit.city)),
        "series_office": official(Role.OFFICE, office=decl.committee.office),
        "secretariat": official(Role.SECRETARIAT, committee=decl.committee),
        "regional_office": official(Role.REGIONAL_OFFICE, office=OfficeFactory(
            kind=OfficeKind.REGIONAL, city=None)),
        "expert": official(Role.EXPERT, committee=decl.committee),
    }
