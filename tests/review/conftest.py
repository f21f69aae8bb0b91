"""Fixtures for the review app: a day in the review phase, declarations in a state, the
officials who act on them, and helpers to take a declaration through the unit review."""

import datetime

import pytest
from conftest import conditions_only
from factories import DeclarationFactory, OfficeFactory, UnitFactory, official

from zhicheng.core.models import Level, OfficeKind, Role
from zhicheng.declarations.models import State
from zhicheng.review.domain.checks import Entry, record_checks
from zhicheng.review.domain.pledges import sign_pledge
from zhicheng.review.models import CheckItem, CheckResult

REVIEW_DAY = datetime.date(2017, 7, 10)


@pytest.fixture(autouse=True)
def today(settings):
    settings.ZHICHENG_TODAY = REVIEW_DAY.isoformat()
    return REVIEW_DAY


@pytest.fixture(autouse=True)
def only_review_guards(monkeypatch):
    """Other apps (notices, approvals, integrity) add their own guards to the same transitions;
    these tests check this app's guards alone (test_guards_registered checks the table)."""
    conditions_only(monkeypatch, "zhicheng.review.guards")


def make(state=State.SUBMITTED, level=Level.DEPUTY_SENIOR, hosted=False, **kw):
    if hosted:
        kw["host_centre"] = UnitFactory(is_talent_centre=True, name="南宁市人才交流服务中心")
    decl = DeclarationFactory(level=level, **kw)
    decl.state = state
    decl.save()
    return decl


def hr(decl):
    return official(Role.UNIT_HR, unit=decl.unit)


def centre(decl):
    return official(Role.TALENT_CENTRE, unit=decl.host_centre)


def city_office(decl):
    office = OfficeFactory(kind=OfficeKind.CITY, city=decl.unit.city)
    return official(Role.OFFICE, office=office)


def pledge(user, plan, name="王审核"):
    return sign_pledge(actor=user, plan=plan, reviewer_name=name, reviewer_post="人事处处长",
                       accepted=True)


def check_all(decl, user, result=CheckResult.VERIFIED):
    remark = "" if result == CheckResult.VERIFIED else "与档案记载不一致"
    return record_checks(decl.pk, actor=user,
                         entries=[Entry(i.value, result, remark) for i in CheckItem])


class Helpers:
    make = staticmethod(make)
    hr = staticmethod(hr)
    centre = staticmethod(centre)
    city_office = staticmethod(city_office)
    pledge = staticmethod(pledge)
    check_all = staticmethod(check_all)


@pytest.fixture
def h(db):
    """The helpers above (test modules cannot import this conftest by name)."""
    return Helpers
