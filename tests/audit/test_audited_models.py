import pytest

from zhicheng.audit.base import UnauditedWriteError
from zhicheng.core.models import Series

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(db):
    return Series.objects.create(code="gc", name="工程")


def test_queryset_update_is_refused(series):
    with pytest.raises(UnauditedWriteError,
                       match=r"Series: 不允许绕过审计的批量update（QuerySet\.update）"):
        Series.objects.update(name="x")
    with pytest.raises(UnauditedWriteError):
        Series.objects.filter(pk=series.pk).update(name="x")
    series.refresh_from_db()
    assert series.name == "工程"


@pytest.mark.parametrize("write", [
    lambda: Series.objects.all().delete(),
    lambda: Series.objects.bulk_update(list(Series.objects.all()), ["name"]),
    lambda: Series.objects.update_or_create(code="gc", defaults={"name": "x"}),
])
def test_other_bulk_writes_are_refused(series, write):
    with pytest.raises(UnauditedWriteError):
        write()
    assert list(Series.objects.values_list("code", "name")) == [("gc", "工程")]


def test_instance_save_still_works(series):
    series.name = "工程技术"
    series.save()
    assert Series.objects.get(pk=series.pk).name == "工程技术"
