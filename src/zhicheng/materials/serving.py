"""Handing a stored file to someone allowed to see it."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from zhicheng.materials.domain.storage import file_storage
from zhicheng.materials.models import StoredFile


def file_response(stored: StoredFile) -> HttpResponse:
    """A streamed attachment. Behind nginx, ZHICHENG_FILES_X_ACCEL_PREFIX (e.g. "/protected/")
    hands the sending to nginx after the permission check (X-Accel-Redirect)."""
    prefix = getattr(settings, "ZHICHENG_FILES_X_ACCEL_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=stored.content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + stored.storage_name
        response["Content-Disposition"] = content_disposition_header(True,
                                                                     stored.original_name)
    else:
        try:
            handle = file_storage().open(stored.storage_name, "rb")
        except (FileNotFoundError, OSError):
            raise Http404("文件已不在存储中，请联系系统管理员。") from None
        response = FileResponse(handle, as_attachment=True, filename=stored.original_name,
                                content_type=stored.content_type)
    # The sniffed type is the only one we claim; browsers must not guess another.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
