import datetime

import pytest
from factories import CityFactory, DeclarationFactory, OfficeFactory, applicant, official

from zhicheng.core.models import OfficeKind, Role
from zhicheng.declarations.models import State

TODAY = datetime.date(2017, 7, 10)  # a Monday in the review phase (Annex 1)


@pytest.fixture
def today(settings):
    settings.ZHICHENG_TODAY = TODAY.isoformat()
    return TODAY


@pytest.fixture
def decl(db, today):
    """A declaration under office review, applicant 李明, in 南宁市."""
    d = DeclarationFactory(applicant=applicant(real_name="李明"))
    d.state = State.OFFICE_REVIEW
    d.save()
    return d


@pytest.fixture
def city_office(decl):
    """The office of the declaration's city: its scope covers the declaration."""
    return OfficeFactory(kind=OfficeKind.CITY, city=decl.unit.city, name="南宁市职改办")


@pytest.fixture
def officer(city_office):
    return official(Role.OFFICE, office=city_office)


@pytest.fixture
def other_officer(db):
    liuzhou = CityFactory(code="450200", name="柳州市")
    return official(Role.OFFICE, office=OfficeFactory(kind=OfficeKind.CITY, city=liuzhou,
                                                      name="柳州市职改办"))


@pytest.fixture
def regional(db):
    office = OfficeFactory(kind=OfficeKind.REGIONAL, city=None, name="自治区职改办")
    return official(Role.REGIONAL_OFFICE, office=office)


@pytest.fixture
def secretary(decl):
    return official(Role.SECRETARIAT, committee=decl.committee)
