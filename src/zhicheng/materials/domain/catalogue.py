"""The regional office edits the material catalogue; every change is audited."""

from django.db import transaction

from zhicheng.audit.domain import record, snapshot
from zhicheng.core.domain.errors import Refused
from zhicheng.core.domain.scopes import assignments_of, has_role
from zhicheng.core.models import Level, Role, Series, User
from zhicheng.declarations.models import DeclarationKind
from zhicheng.materials.domain.limits import upload_max_mb
from zhicheng.materials.models import Condition, FileFormat, MaterialType

EDITABLE = {"name", "clause", "instruction", "formats", "max_size_mb", "max_files",
            "max_pages", "condition", "required", "series", "levels", "kinds", "sort_order",
            "active"}


def _check(field: str, value, ok: bool, message: str) -> None:
    if not ok:
        raise Refused(f"「{MaterialType._meta.get_field(field).verbose_name}」{message}",
                      code="invalid_value")


def validate_changes(changes: dict) -> None:
    unknown = set(changes) - EDITABLE
    if unknown:
        raise Refused(f"不能修改这些字段：{'、'.join(sorted(unknown))}。", code="invalid_field")
    for field, value in changes.items():
        match field:
            case "name":
                _check(field, value, bool(str(value).strip()), "不能为空。")
            case "formats":
                _check(field, value, bool(value) and set(value) <= set(FileFormat.values),
                       "须为 pdf、jpeg、png 中的一种或几种。")
            case "max_size_mb":
                _check(field, value, 1 <= int(value) <= upload_max_mb(),
                       f"须在 1 到 {upload_max_mb()} MB 之间（系统上限）。")
            case "max_files":
                _check(field, value, int(value) >= 1, "至少为 1。")
            case "max_pages":
                _check(field, value, value is None or int(value) >= 1, "至少为 1，或留空不限。")
            case "condition":
                _check(field, value, value in Condition.values, "不是已知的适用条件。")
            case "levels":
                _check(field, value, set(value) <= set(Level.values), "含有未知的级别。")
            case "kinds":
                _check(field, value, set(value) <= set(DeclarationKind.values),
                       "含有未知的申报类型。")


def update_material_type(*, material_type: MaterialType, actor: User, **changes) -> MaterialType:
    """Change a catalogue entry (not its code, which the eligibility engine relies on)."""
    if not has_role(actor, Role.REGIONAL_OFFICE):
        raise Refused("只有自治区职改办可以修改申报材料目录。", code="wrong_role")
    validate_changes(changes)
    acting = next(a for a in assignments_of(actor) if a.role == Role.REGIONAL_OFFICE)
    series = changes.pop("series", None)
    fields = sorted(set(changes) | ({"series"} if series is not None else set()))
    with transaction.atomic():
        mt = MaterialType.objects.select_for_update().get(pk=material_type.pk)
        before = snapshot(mt, fields)
        for name, value in changes.items():
            setattr(mt, name, value)
        if changes:
            mt.save(update_fields=list(changes))
        if series is not None:
            ids = [s.pk if isinstance(s, Series) else int(s) for s in series]
            mt.series.set(Series.objects.filter(pk__in=ids))
        record(actor=actor, action="material_type.update", obj=mt, role=acting.role,
               scope=acting.scope_key, before=before, after=snapshot(mt, fields))
    return mt
