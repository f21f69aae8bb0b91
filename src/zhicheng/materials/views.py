"""Material pages: parse, check permission, call the domain, render.

Uploads work as ordinary form posts (redirect with a message) and as htmx posts (the
slots partial comes back, with the error next to its slot).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.declarations.domain.scope import Access, access_for
from zhicheng.declarations.models import Declaration
from zhicheng.materials import upload_handlers
from zhicheng.materials.domain import (
    InvalidUpload,
    context_for,
    history,
    remove_material,
    slots_for,
    upload_material,
)
from zhicheng.materials.domain.limits import interrupted_message
from zhicheng.materials.domain.viewing import seen_file, seen_slots
from zhicheng.materials.models import MaterialFile, MaterialType
from zhicheng.materials.preview import preview_response
from zhicheng.materials.serving import file_response

NOT_FOUND = "未找到该申报或材料，或您无权查看。"


def _access_or_404(request, pk: int) -> Access:
    decl = (Declaration.objects.select_related("applicant", "unit", "series", "committee")
            .filter(pk=pk).first())
    access = access_for(request.user, decl)
    if access is None:
        raise Http404(NOT_FOUND)
    return access


def _declaration_or_404(request, pk: int) -> Declaration:
    return _access_or_404(request, pk).declaration


def _file_or_404(request, file_pk: int) -> MaterialFile:
    mf = seen_file(request.user, file_pk)
    if mf is None:
        raise Http404(NOT_FOUND)
    return mf


def _next_url(request, decl: Declaration) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("materials:slots", args=[decl.pk])


def _respond(request, decl: Declaration, *, error: str = "", error_code: str = "",
             notice: str = ""):
    """htmx: the refreshed partial. Otherwise: a message and back to where the form was."""
    if request.htmx:
        slots = slots_for(context_for(decl), decl)
        for slot in slots:
            if slot.code == error_code:
                slot.error = error
        response = render(request, "materials/_slots.html", {
            "slots": slots, "declaration": decl, "materials_notice": notice,
            "materials_error": error if not any(s.error for s in slots) else "",
            "materials_next": request.POST.get("next", "")})
        response["HX-Trigger"] = "material-changed"  # the eligibility panel re-checks
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(_next_url(request, decl))


@login_required
@require_GET
def slots_page(request, pk: int):
    access = _access_or_404(request, pk)
    return render(request, "materials/slots_page.html", {
        "declaration": access.declaration, "slots": seen_slots(access)})


@csrf_exempt  # checked by csrf_protect below, once the size cap is in place
@login_required
@require_POST
def upload(request, pk: int, code: str):
    # Upload handlers can only change before the body is parsed, and CSRF parses it.
    upload_handlers.install(request)
    return _upload(request, pk, code)


@csrf_protect
def _upload(request, pk: int, code: str):
    try:
        files = request.FILES
    except (UnreadablePostError, MultiPartParserError, OSError):
        files = None
    decl = _declaration_or_404(request, pk)
    material_type = get_object_or_404(MaterialType, code=code, active=True)
    refused = upload_handlers.refusal(request)
    the_file = files.get("file") if files is not None else None
    try:
        if files is None:
            raise InvalidUpload(interrupted_message(), code="upload_interrupted")
        if refused:
            raise InvalidUpload(refused)
        if the_file is None:
            raise InvalidUpload("请选择要上传的文件。", code="no_file")
        replaces = _replaced_file(request, decl, material_type)
        mf = upload_material(declaration=decl, material_type=material_type, upload=the_file,
                             actor=request.user, replaces=replaces)
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        return _respond(request, decl, error=exc.message, error_code=code)
    notice = (f"已上传「{material_type.name}」：{mf.stored_file.original_name}"
              f"（{mf.label}）。")
    if mf.stored_file.original_name != (the_file.name or ""):
        notice += f"文件名已规范为「{mf.stored_file.original_name}」。"
    notice += mf.stored_file.reduction_note
    return _respond(request, decl, notice=notice)


def _replaced_file(request, decl: Declaration, material_type: MaterialType):
    raw = request.POST.get("replaces", "")
    if not raw:
        return None
    try:
        return MaterialFile.objects.get(pk=int(raw), declaration=decl,
                                        material_type=material_type)
    except (ValueError, MaterialFile.DoesNotExist):
        raise Refused("要替换的文件不存在，请刷新页面后再操作。", code="stale") from None


@login_required
@require_POST
def remove(request, file_pk: int):
    mf = _file_or_404(request, file_pk)
    try:
        remove_material(material_file=mf, actor=request.user)
    except NotFound:
        raise Http404(NOT_FOUND) from None
    except Refused as exc:
        return _respond(request, mf.declaration, error=exc.message,
                        error_code=mf.material_type.code)
    return _respond(request, mf.declaration,
                    notice=f"已删除「{mf.material_type.name}」中的文件"
                           f"「{mf.stored_file.original_name}」（历史版本仍保留）。")


@login_required
@require_GET
def download(request, file_pk: int):
    return file_response(_file_or_404(request, file_pk).stored_file)


@login_required
@require_GET
def preview(request, file_pk: int):
    """A scan shown inline (PDF pages as PNG), behind the same permission as the download."""
    try:
        page_no = int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404(NOT_FOUND) from None
    return preview_response(_file_or_404(request, file_pk).stored_file, page_no)


@login_required
@require_GET
def slot_history(request, pk: int, code: str):
    access = _access_or_404(request, pk)
    decl = access.declaration
    material_type = get_object_or_404(MaterialType, code=code)
    if not access.sees_material(code):
        raise Http404(NOT_FOUND)
    return render(request, "materials/history.html", {
        "declaration": decl, "material_type": material_type,
        "versions": history(decl, material_type)})
