"""Checking an uploaded file completely before a single byte goes to storage."""

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.http import UnreadablePostError

from zhicheng.materials.domain import inspection
from zhicheng.materials.domain.errors import InvalidUpload
from zhicheng.materials.domain.limits import (
    IMAGE_INPUT_MAX_MB,
    MB,
    interrupted_message,
    too_large_message,
    upload_max_bytes,
)
from zhicheng.materials.domain.names import sanitise_name
from zhicheng.materials.domain.sniffing import Sniffed, sniff
from zhicheng.materials.domain.storage import digest
from zhicheng.materials.models import MaterialType

EMPTY_MESSAGE = "文件是空的（0 字节），请重新选择要上传的文件。"


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    sniffed: Sniffed
    size: int
    sha256: str
    inspected: inspection.Inspected


def image_input_max_mb(material_type: MaterialType) -> int:
    """A picture larger than the slot allows is still taken, up to this, and reduced."""
    return max(material_type.max_size_mb, IMAGE_INPUT_MAX_MB)


def _size_checks(size: int, material_type: MaterialType, sniffed: Sniffed) -> None:
    if size > upload_max_bytes():
        raise InvalidUpload(too_large_message(), code="file_too_large")
    if sniffed.format in ("jpeg", "png"):
        limit = image_input_max_mb(material_type)
        if size > limit * MB:
            raise InvalidUpload(
                f"图片大小为 {size / MB:.1f} MB，超过系统可以自动压缩的上限 {limit} MB。"
                "请降低拍照分辨率或先自行压缩后重新上传。", code="file_too_large")
        return
    if size > material_type.max_size_mb * MB:
        raise InvalidUpload(
            f"文件大小为 {size / MB:.1f} MB，超过「{material_type.name}」的上限 "
            f"{material_type.max_size_mb} MB。请压缩后重新上传。", code="file_too_large")


def format_refusal(sniffed: Sniffed, material_type: MaterialType) -> str:
    return (f"文件的实际内容是{sniffed.label}，不是「{material_type.name}」接受的格式"
            f"（{material_type.formats_label}）。请上传原件扫描件。")


def check_upload(upload: UploadedFile, material_type: MaterialType) -> CheckedUpload:
    """Size, real type (magic bytes, not the name or the browser's claim), PDF/image
    soundness and SHA-256. Raises InvalidUpload with a message for the applicant."""
    if upload.size is not None and upload.size > upload_max_bytes():
        raise InvalidUpload(too_large_message(), code="file_too_large")
    try:
        upload.seek(0)
        head = upload.read(32)
        # Computed chunk by chunk while the body streamed in (materials.upload_handlers);
        # else (an upload made in code, a handler chain without it) read once more.
        streamed = getattr(upload, "streamed_digest", None)
        sha256, size = streamed if streamed is not None else digest(upload)
    except (OSError, UnreadablePostError, ValueError) as exc:
        # The client went away or the spooled copy is unreadable: nothing usable arrived.
        raise InvalidUpload(interrupted_message(), code="upload_interrupted") from exc
    if size == 0:
        raise InvalidUpload(EMPTY_MESSAGE, code="empty_file")
    sniffed = sniff(head)
    _size_checks(size, material_type, sniffed)
    if not sniffed.format or sniffed.format not in material_type.formats:
        raise InvalidUpload(format_refusal(sniffed, material_type), code="wrong_type")
    if sniffed.format == "pdf":
        inspected = inspection.inspect_pdf(upload, size, max_pages=material_type.max_pages,
                                           type_name=material_type.name)
    else:
        inspected = inspection.inspect_image(upload, sniffed.format, head)
    name = sanitise_name(upload.name or "", sniffed.extension,
                         fallback=material_type.name)
    return CheckedUpload(name=name, sniffed=sniffed, size=size, sha256=sha256,
                         inspected=inspected)
