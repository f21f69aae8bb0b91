import pytest
from applying import APPLY_DAY, make_draft, make_ready


@pytest.fixture
def today(settings):
    settings.ZHICHENG_TODAY = APPLY_DAY.isoformat()
    return APPLY_DAY


@pytest.fixture
def draft(db, today):
    """A declaration with a confirmed unit binding and its facts filled in, no materials."""
    return make_draft()


@pytest.fixture
def ready(db, today):
    """The same, with every required material uploaded: it can be submitted."""
    return make_ready()
