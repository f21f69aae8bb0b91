"""Fixtures for the notices tests.

The review app registers its own guards on post_unit_notice and recommend (pledge, item
checks, deliberation). These tests are about the notice rules, so by default only this app's
condition runs; test_posting puts a stand-in foreign condition in the registry to show
its message surfaces."""

import datetime

import pytest
from conftest import conditions_only
from factories import DeclarationFactory, UnitFactory, applicant, official

from zhicheng.core.models import Role
from zhicheng.declarations.models import State
from zhicheng.notices.guards import unit_notice_complete

POST_DAY = datetime.date(2017, 7, 10)  # a Monday in the review phase (Annex 1)


@pytest.fixture(autouse=True)
def notice_guards_only(monkeypatch):
    return conditions_only(monkeypatch, unit_notice_complete.__module__)


@pytest.fixture(autouse=True)
def pinned_today(settings):
    settings.ZHICHENG_TODAY = POST_DAY.isoformat()
    return settings


@pytest.fixture
def unit():
    return UnitFactory(name="南宁市第一设计院")


@pytest.fixture
def hr(unit):
    return official(Role.UNIT_HR, unit=unit)


@pytest.fixture
def make_decl(unit):
    def make(name="张三", state=State.UNIT_REVIEW, **fields):
        person = applicant(real_name=name)
        return DeclarationFactory(applicant=person, unit=fields.pop("unit", unit), state=state,
                                  current_title_name="工程师", **fields)
    return make
