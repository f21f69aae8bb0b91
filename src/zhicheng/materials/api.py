"""REST endpoints for material slots. Same domain functions and permissions as the pages:
anything outside the caller's scope is 404; a refusal is 409 (global handler), and a file
that fails the checks is 400, each with {"code", "message", "field"} in Chinese.

Size cap: the API parses the body before this code runs (for the CSRF check), so the
streaming cap applies here only when CappedUploadHandler is in FILE_UPLOAD_HANDLERS;
without it an oversized file is spooled to a temporary file and then refused."""

import datetime

from django.http import Http404
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from zhicheng.api_edge.errors import ErrorOut, InputError
from zhicheng.api_edge.types import Code, Id
from zhicheng.core.domain.errors import NotFound
from zhicheng.core.domain.usernames import account_label
from zhicheng.declarations.domain.scope import Access, access_for
from zhicheng.declarations.models import Declaration
from zhicheng.materials import upload_handlers
from zhicheng.materials.domain import (
    InvalidUpload,
    history,
    remove_material,
    upload_material,
)
from zhicheng.materials.domain.viewing import seen_file, seen_slots
from zhicheng.materials.models import MaterialFile, MaterialType
from zhicheng.materials.serving import file_response

router = Router(tags=["申报材料"])


class FileOut(Schema):
    id: int
    material_type: str
    version: int
    label: str  # 第2份 (a separate file) or 第1份 · 第2版 (a replacement)
    name: str
    size: int
    sha256: str
    content_type: str
    page_count: int | None
    width: int | None
    height: int | None
    uploaded_by: str
    uploaded_at: datetime.datetime
    status: str
    is_current: bool
    download_url: str


class SlotOut(Schema):
    code: str
    name: str
    clause: str
    instruction: str
    required: bool
    missing: bool
    formats: list[str]
    max_size_mb: int
    max_files: int
    max_pages: int | None
    files: list[FileOut]


def _file_out(mf: MaterialFile) -> dict:
    sf = mf.stored_file
    return {
        "id": mf.pk, "material_type": mf.material_type.code, "version": mf.version,
        "label": mf.label,
        "name": sf.original_name, "size": sf.size, "sha256": sf.sha256,
        "content_type": sf.content_type, "page_count": sf.page_count, "width": sf.width,
        "height": sf.height, "uploaded_by": account_label(sf.uploaded_by),
        "uploaded_at": sf.uploaded_at, "status": mf.status_label, "is_current": mf.is_current,
        "download_url": reverse("materials:download", args=[mf.pk]),
    }


def _access(request, declaration_id: Id) -> Access:
    decl = (Declaration.objects.select_related("unit", "series", "committee")
            .filter(pk=declaration_id).first())
    access = access_for(request.user, decl)
    if access is None:
        raise NotFound()
    return access


def _declaration(request, declaration_id: int) -> Declaration:
    return _access(request, declaration_id).declaration


def _material_type(code: str) -> MaterialType:
    mt = MaterialType.objects.filter(code=code).first()
    if mt is None:
        raise NotFound("没有这一材料类型。")
    return mt


def _material_file(request, file_id: int) -> MaterialFile:
    mf = seen_file(request.user, file_id)
    if mf is None:
        raise NotFound()
    return mf


@router.get("/declarations/{declaration_id}/slots", response=list[SlotOut],
            summary="申报的材料栏目及当前文件")
def list_slots(request, declaration_id: Id):
    slots = seen_slots(_access(request, declaration_id))
    out = []
    for s in slots:
        mt = s.material_type
        for mf in s.files:
            mf.material_type = mt  # already known: no query per file
        out.append({
            "code": mt.code, "name": mt.name, "clause": mt.clause,
            "instruction": mt.instruction, "required": s.required, "missing": s.missing,
            "formats": mt.formats, "max_size_mb": mt.max_size_mb, "max_files": mt.max_files,
            "max_pages": mt.max_pages,
            "files": [_file_out(mf) for mf in s.files]})
    return out


@router.post("/declarations/{declaration_id}/slots/{code}/files",
             response={201: FileOut, 400: ErrorOut}, summary="上传（或替换）材料文件")
def upload(request, declaration_id: Id, code: Code,
           file: File[UploadedFile | None] = None, replaces: Form[Id | None] = None):
    decl = _declaration(request, declaration_id)
    mt = _material_type(code)
    refused = upload_handlers.refusal(request)
    try:
        if refused:
            raise InvalidUpload(refused)
        if file is None:
            raise InvalidUpload("请选择要上传的文件（表单字段 file）。", code="no_file")
        old = None
        if replaces is not None:
            old = MaterialFile.objects.filter(pk=replaces, declaration=decl,
                                              material_type=mt).first()
            if old is None:
                raise NotFound("要替换的文件不存在。")
        mf = upload_material(declaration=decl, material_type=mt, upload=file,
                             actor=request.user, replaces=old)
    except InvalidUpload as exc:
        raise InputError(exc.message, field="file", code=exc.code) from None
    return Status(201, _file_out(mf))


@router.delete("/files/{file_id}", response=FileOut, summary="删除材料文件（保留历史）")
def remove(request, file_id: Id):
    mf = _material_file(request, file_id)
    return _file_out(remove_material(material_file=mf, actor=request.user))


@router.get("/files/{file_id}/download", summary="下载材料文件", response={200: None})
def download(request, file_id: Id):
    try:
        return file_response(_material_file(request, file_id).stored_file)
    except Http404:
        raise NotFound("文件已不在存储中，请联系系统管理员。") from None


@router.get("/declarations/{declaration_id}/slots/{code}/history", response=list[FileOut],
            summary="材料栏目的全部历史版本")
def slot_history(request, declaration_id: Id, code: Code):
    access = _access(request, declaration_id)
    mt = _material_type(code)
    if not access.sees_material(mt.code):
        raise NotFound()
    return [_file_out(mf) for mf in history(access.declaration, mt)]
