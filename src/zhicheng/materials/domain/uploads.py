"""Uploading, replacing and removing an applicant's material files (§3.2.1)."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role, RoleAssignment, User
from zhicheng.declarations.domain.scope import covering_assignments
from zhicheng.declarations.models import Declaration
from zhicheng.materials.domain import storage
from zhicheng.materials.domain.locking import can_change_materials, lock_code
from zhicheng.materials.domain.slots import applies_statically
from zhicheng.materials.domain.validation import CheckedUpload, check_upload
from zhicheng.materials.models import MaterialFile, MaterialType, StoredFile

NOT_APPLICANT = "只有申报人本人可以上传、更换或删除申报材料。"
FILE_FIELDS = ["declaration", "material_type", "stored_file", "version", "replaces",
               "is_current", "superseded_at", "removed_at", "removed_by"]
STORED_FIELDS = ["storage_name", "original_name", "size", "sha256", "content_type",
                 "page_count", "width", "height"]


def applicant_assignment(actor: User, declaration: Declaration) -> RoleAssignment:
    """The actor's applicant role on this declaration: NotFound if they cannot see it at all,
    Refused if they can (an official) but it is not theirs to change."""
    covering = covering_assignments(actor, declaration)
    if not covering:
        raise NotFound()
    acting = next((a for a in covering if a.role == Role.APPLICANT), None)
    if acting is None or declaration.applicant_id != actor.pk:
        raise Refused(NOT_APPLICANT, code="not_applicant")
    return acting


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
    multi-file slot. The old version stays, marked superseded. Either the file and its rows
    both exist afterwards, or neither does."""
    acting = applicant_assignment(actor, declaration)
    ensure_changeable(declaration)  # early: do not even read a file that cannot be taken
    ensure_applies(declaration, material_type)
    checked = check_upload(upload, material_type)
    storage_name = storage.store(upload, checked.sniffed.extension)
    try:
        return _record_upload(declaration, material_type, checked, storage_name, actor,
                              acting, replaces)
    except BaseException:
        storage.discard(storage_name)  # no file without a record
        raise


def _record_upload(declaration: Declaration, material_type: MaterialType,
                   checked: CheckedUpload, storage_name: str, actor: User,
                   acting: RoleAssignment, replaces: MaterialFile | None) -> MaterialFile:
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().get(pk=declaration.pk)
        ensure_changeable(decl)  # again under the lock: hand-over may just have happened
        current = list(MaterialFile.objects.select_for_update()
                       .filter(declaration=decl, material_type=material_type, is_current=True)
                       .select_related("stored_file").order_by("version"))
        old = _file_to_replace(material_type, current, replaces)
        last = (MaterialFile.objects.filter(declaration=decl, material_type=material_type)
                .aggregate(v=Max("version"))["v"] or 0)
        now = clock.now()
        stored = StoredFile.objects.create(
            storage_name=storage_name, original_name=checked.name, size=checked.size,
            sha256=checked.sha256, content_type=checked.sniffed.content_type,
            page_count=checked.inspected.page_count, width=checked.inspected.width,
            height=checked.inspected.height, uploaded_by=actor, uploaded_at=now)
        before = None
        if old is not None:
            before = _audit_view(old)
            old.is_current = False
            old.superseded_at = now
            old.save(update_fields=["is_current", "superseded_at"])
        mf = MaterialFile.objects.create(
            declaration=decl, material_type=material_type, stored_file=stored,
            version=last + 1, replaces=old, created_at=now)
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
