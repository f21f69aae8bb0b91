import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from factories import UnitFactory, credit_code

from zhicheng.audit.base import UnauditedWriteError
from zhicheng.core.models import Level, Office, OfficeKind, Series, Unit
from zhicheng.core.models.organisations import validate_credit_code

pytestmark = pytest.mark.django_db


def test_credit_code_is_validated():
    validate_credit_code(credit_code())
    with pytest.raises(ValidationError) as exc:
        validate_credit_code("91450100MA5K000010")
    assert "统一社会信用代码无效" in exc.value.messages[0]


def test_unit_full_clean_rejects_bad_credit_code():
    unit = UnitFactory.build(credit_code="123")
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert "credit_code" in exc.value.message_dict


def test_office_scope_must_match_kind():
    with pytest.raises(IntegrityError):
        Office.objects.create(name="错误的市职改办", kind=OfficeKind.CITY)


def test_bulk_update_of_official_records_is_refused():
    UnitFactory()
    with pytest.raises(UnauditedWriteError):
        Unit.objects.update(name="x")
    with pytest.raises(UnauditedWriteError):
        Series.objects.all().delete()


def test_level_ranks():
    assert [Level.rank(x) for x in (None, "junior", "intermediate", "deputy_senior",
                                    "senior")] == [0, 1, 2, 3, 4]
    assert Level.is_senior("deputy_senior") and not Level.is_senior("intermediate")
