import datetime

import pytest
from applying import APPLY_DAY
from factories import OfficeFactory, official

from zhicheng.core.models import OfficeKind, Role

REVIEW_DAY = datetime.date(2017, 7, 10)


@pytest.fixture
def today(settings):
    settings.ZHICHENG_TODAY = APPLY_DAY.isoformat()
    return APPLY_DAY


@pytest.fixture
def review_day(settings):
    settings.ZHICHENG_TODAY = REVIEW_DAY.isoformat()
    return REVIEW_DAY


@pytest.fixture
def regional():
    office = OfficeFactory(name="自治区职改办", kind=OfficeKind.REGIONAL, city=None)
    return official(Role.REGIONAL_OFFICE, office=office)

