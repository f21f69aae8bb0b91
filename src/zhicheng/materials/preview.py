"""Inline previews of stored scans for reviewers: images as they are, PDF pages rendered to
PNG on the server with pdfium (headless and many office browsers show no PDF in a frame, and a
reviewer must see what they judge). Callers check permission first (views._file_or_404)."""

import io
import threading

import pypdfium2 as pdfium
from django.http import Http404, HttpResponse

from zhicheng.materials.domain.storage import file_storage
from zhicheng.materials.models import StoredFile

PAGE_WIDTH = 1000  # pixels of a rendered page: legible on a 1366 screen, light on a phone
MAX_SCALE = 3.0
IMAGE_TYPES = {"image/jpeg", "image/png"}
# pdfium is not thread-safe: one render at a time per process (threaded servers included).
_PDFIUM = threading.Lock()


def _read(stored: StoredFile) -> bytes:
    try:
        with file_storage().open(stored.storage_name, "rb") as fh:
            return fh.read()
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在存储中，请联系系统管理员。") from None


def render_pdf_page(data: bytes, page_no: int) -> bytes:
    """PNG of one 1-based page; Http404 when the page does not exist."""
    with _PDFIUM:
        return _render(data, page_no)


def _render(data: bytes, page_no: int) -> bytes:
    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page_no <= len(pdf):
            raise Http404("PDF 没有该页。")
        page = pdf[page_no - 1]
        scale = min(MAX_SCALE, PAGE_WIDTH / max(page.get_width(), 1))
        image = page.render(scale=scale).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        pdf.close()


def preview_response(stored: StoredFile, page_no: int) -> HttpResponse:
    if stored.content_type in IMAGE_TYPES:
        response = HttpResponse(_read(stored), content_type=stored.content_type)
    elif stored.content_type == "application/pdf":
        response = HttpResponse(render_pdf_page(_read(stored), page_no),
                                content_type="image/png")
    else:
        raise Http404("该类型的文件不能预览，请下载查看。")
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
