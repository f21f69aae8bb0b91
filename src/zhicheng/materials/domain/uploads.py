"""Uploading, replacing and removing an applicant's material files (§3.2.1)."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.acting import acting_assignment
from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import Role, RoleAssignment, User
from zhicheng.declarations.models import Declaration
from zhicheng.materials.domain import storage
from zhicheng.materials.domain.limits import MB
from zhicheng.materials.domain.locking import can_change_materials, lock_code
from zhicheng.materials.domain.reduction import Stored, stored_form
from zhicheng.materials.domain.slots import applies_statically
from zhicheng.materials.domain.validation import CheckedUpload, check_upload
from zhicheng.materials.models import MaterialFile, MaterialType, StoredFile

NOT_APPLICANT = "只有申报人本人可以上传、更换或删除申报材料。"
FILE_FIELDS = ["declaration", "material_type", "stored_file", "version", "copy_no",
               "revision", "replaces", "is_current", "superseded_at", "removed_at",
               "removed_by"]
STORED_FIELDS = ["storage_name", "original_name", "size", "sha256", "content_type",
                 "page_count", "width", "height", "original_size", "original_sha256",
                 "original_width", "original_height"]


def applicant_assignment(actor: User, declaration: Declaration) -> RoleAssignment:
    """The actor's applicant role on this declaration (the one resolver): NotFound if they
    cannot see it at all, Refused if they can (an official) but it is not theirs to change."""
    return acting_assignment(actor, declaration, roles=[Role.APPLICANT],
                             refusal=NOT_APPLICANT, code="not_applicant")


def ensure_changeable(declaration: Declaration) -> None:
    allowed, why = can_change_materials(declaration)
    if not allowed:
        raise Refused(why, code=lock_code(declaration))


def ensure_applies(declaration: Declaration, material_type: MaterialType) -> None:
    series_ok = (not material_type.series.exists()
                 or material_type.series.filter(pk=declaration.series_id).exists())
    if not (material_type.active and series_ok
            and applies_statically(material_type, level=declaration.level,
                                   kind=declaration.kind)):
        raise Refused(f"「{material_type.name}」不适用于本申报（系列、级别或申报类型不符），"
                      "请上传到对应的材料栏目。", code="type_not_applicable")


def _audit_view(mf: MaterialFile) -> dict:
    return {**snapshot(mf, FILE_FIELDS), **snapshot(mf.stored_file, STORED_FIELDS)}


def upload_material(
    *,
    declaration: Declaration,
    material_type: MaterialType,
    upload: UploadedFile,
    actor: User,
    replaces: MaterialFile | None = None,
) -> MaterialFile:
    """Check the file, store it under a random name and record it in the declaration's slot.

    A single-file slot that is full is replaced; `replaces` names the file to replace in a
    multi-file slot. The old version stays, marked superseded. A picture beyond the stored
    limits is reduced first (domain.reduction) and its original's facts kept. Either the
    file and its rows both exist afterwards, or neither does."""
    acting = applicant_assignment(actor, declaration)
    ensure_changeable(declaration)  # early: do not even read a file that cannot be taken
    ensure_applies(declaration, material_type)
    checked = check_upload(upload, material_type)
    facts = checked.inspected
    with stored_form(upload, fmt=checked.sniffed.format, size=checked.size,
                     sha256=checked.sha256, width=facts.width, height=facts.height,
                     orientation=facts.orientation,
                     max_bytes=material_type.max_size_mb * MB) as stored:
        storage_name = storage.store(stored.content, checked.sniffed.extension)
        try:
            return _record_upload(declaration, material_type, checked, stored, storage_name,
                                  actor, acting, replaces)
        except BaseException:
            storage.discard(storage_name)  # no file without a record
            raise


def _stored_file(checked: CheckedUpload, stored: Stored, storage_name: str, actor: User,
                 now) -> StoredFile:
    original = ({"original_size": checked.size, "original_sha256": checked.sha256,
                 "original_width": checked.inspected.width,
                 "original_height": checked.inspected.height} if stored.reduced else {})
    return StoredFile.objects.create(
        storage_name=storage_name, original_name=checked.name, size=stored.size,
        sha256=stored.sha256, content_type=checked.sniffed.content_type,
        page_count=checked.inspected.page_count, width=stored.width, height=stored.height,
        uploaded_by=actor, uploaded_at=now, **original)


def _numbers(decl: Declaration, material_type: MaterialType,
             old: MaterialFile | None) -> dict:
    """version: upload count in the slot; copy_no/revision: 第N份, and 第N版 of that file."""
    agg = (MaterialFile.objects.filter(declaration=decl, material_type=material_type)
           .aggregate(v=Max("version"), c=Max("copy_no")))
    if old is not None:
        copy_no, revision = old.copy_no, old.revision + 1
    else:
        copy_no, revision = (agg["c"] or 0) + 1, 1
    return {"version": (agg["v"] or 0) + 1, "copy_no": copy_no, "revision": revision}


def _record_upload(declaration: Declaration, material_type: MaterialType,
                   checked: CheckedUpload, stored: Stored, storage_name: str, actor: User,
                   acting: RoleAssignment, replaces: MaterialFile | None) -> MaterialFile:
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().get(pk=declaration.pk)
        ensure_changeable(decl)  # again under the lock: hand-over may just have happened
        current = list(MaterialFile.objects.select_for_update()
                       .filter(declaration=decl, material_type=material_type, is_current=True)
                       .select_related("stored_file").order_by("version"))
        old = _file_to_replace(material_type, current, replaces)
        numbers = _numbers(decl, material_type, old)
        now = clock.now()
        stored_file = _stored_file(checked, stored, storage_name, actor, now)
        before = None
        if old is not None:
            before = _audit_view(old)
            old.is_current = False
            old.superseded_at = now
            old.save(update_fields=["is_current", "superseded_at"])
        mf = MaterialFile.objects.create(
            declaration=decl, material_type=material_type, stored_file=stored_file,
            replaces=old, created_at=now, **numbers)
        record(actor=actor, action="material.replace" if old else "material.upload", obj=mf,
               role=acting.role, scope=acting.scope_key, before=before, after=_audit_view(mf),
               note=f"{material_type.code} v{mf.version}")
    return mf


def _file_to_replace(material_type: MaterialType, current: list[MaterialFile],
                     replaces: MaterialFile | None) -> MaterialFile | None:
    if replaces is not None:
        match = next((mf for mf in current if mf.pk == replaces.pk), None)
        if match is None:
            raise Refused("要替换的文件已不是当前有效的版本，请刷新页面后再操作。", code="stale")
        return match
    if len(current) < material_type.max_files:
        return None
    if material_type.max_files == 1:
        return current[0]
    raise Refused(f"「{material_type.name}」最多上传 {material_type.max_files} 个文件，已达上限。"
                  "请先删除或替换其中一个。", code="too_many_files")


def remove_material(*, material_file: MaterialFile, actor: User) -> MaterialFile:
    """Take a file out of its slot. The row and the stored file stay, as history."""
    acting = applicant_assignment(actor, material_file.declaration)
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().get(pk=material_file.declaration_id)
        ensure_changeable(decl)
        mf = (MaterialFile.objects.select_for_update().select_related("stored_file")
              .get(pk=material_file.pk))
        if not mf.is_current:
            raise Refused("该文件已被替换或删除，请刷新页面后再操作。", code="stale")
        before = _audit_view(mf)
        mf.is_current = False
        mf.removed_at = clock.now()
        mf.removed_by = actor
        mf.save(update_fields=["is_current", "removed_at", "removed_by"])
        record(actor=actor, action="material.remove", obj=mf, role=acting.role,
               scope=acting.scope_key, before=before, after=_audit_view(mf),
               note=f"{mf.material_type.code} v{mf.version}")
    return mf


def history(declaration: Declaration, material_type: MaterialType) -> list[MaterialFile]:
    """Every version ever uploaded to a slot, newest first."""
    return list(MaterialFile.objects.filter(declaration=declaration, material_type=material_type)
                .select_related("stored_file", "stored_file__uploaded_by", "removed_by")
                .order_by("-version"))
