"""The regional office edits the catalogue; everyone else is refused; every change audited."""

import pytest
from factories import OfficeFactory, SeriesFactory, official

from zhicheng.audit.base import UnauditedWriteError
from zhicheng.audit.domain import events_for
from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import OfficeKind, Role
from zhicheng.materials.domain import update_material_type
from zhicheng.materials.models import MaterialFile, MaterialType

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional():
    return official(Role.REGIONAL_OFFICE,
                    office=OfficeFactory(kind=OfficeKind.REGIONAL, city=None, name="自治区职改办"))


def test_regional_office_edits_and_is_audited(regional):
    mt = MaterialType.objects.get(code="continuing_education_certificate")
    health = SeriesFactory(code="health", name="卫生")
    update_material_type(material_type=mt, actor=regional, max_size_mb=20, formats=["pdf"],
                         instruction="新的说明", series=[health])
    mt.refresh_from_db()
    assert (mt.max_size_mb, mt.formats, mt.instruction) == (20, ["pdf"], "新的说明")
    assert list(mt.series.all()) == [health]
    [event] = events_for(mt)
    assert event.action == "material_type.update"
    assert event.before == {"formats": ["pdf", "jpeg", "png"], "instruction": event.before[
        "instruction"], "max_size_mb": 10, "series": []}
    assert event.after == {"formats": ["pdf"], "instruction": "新的说明", "max_size_mb": 20,
                           "series": [health.pk]}
    assert event.role == "regional_office"


def test_others_are_refused():
    mt = MaterialType.objects.get(code="pledge")
    hr = official(Role.OFFICE, office=OfficeFactory())
    with pytest.raises(Refused) as exc:
        update_material_type(material_type=mt, actor=hr, required=False)
    assert exc.value.message == "只有自治区职改办可以修改申报材料目录。"
    assert events_for(mt).count() == 0


@pytest.mark.parametrize(("changes", "message"), [
    ({"formats": ["pdf", "exe"]}, "「允许格式」须为 pdf、jpeg、png 中的一种或几种。"),
    ({"formats": []}, "「允许格式」须为 pdf、jpeg、png 中的一种或几种。"),
    ({"max_size_mb": 500}, "「单个文件上限（MB）」须在 1 到 50 MB 之间（系统上限）。"),
    ({"max_files": 0}, "「文件个数上限」至少为 1。"),
    ({"condition": "sometimes"}, "「适用条件」不是已知的适用条件。"),
    ({"levels": ["expert"]}, "「适用级别」含有未知的级别。"),
    ({"code": "renamed"}, "不能修改这些字段：code。"),
])
def test_invalid_changes(regional, changes, message):
    mt = MaterialType.objects.get(code="pledge")
    with pytest.raises(Refused) as exc:
        update_material_type(material_type=mt, actor=regional, **changes)
    assert exc.value.message == message


def test_bulk_writes_are_refused():
    with pytest.raises(UnauditedWriteError):
        MaterialType.objects.update(required=False)
    with pytest.raises(UnauditedWriteError):
        MaterialFile.objects.all().delete()
