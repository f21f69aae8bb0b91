"""Looking inside PDFs and images before anything is stored.

PDFs are opened by pypdf from the (temporary) file, never read into memory whole.
Images are measured from their header by our own parser, so that a decompression bomb
is refused before Pillow allocates anything; only then does Pillow verify them.
"""

import logging
import struct
from dataclasses import dataclass
from typing import BinaryIO

from zhicheng.materials.domain.errors import InvalidUpload
from zhicheng.materials.domain.limits import IMAGE_MAX_PIXELS, IMAGE_MAX_SIDE
from zhicheng.materials.domain.sniffing import PNG_SIGNATURE


@dataclass(frozen=True)
class Inspected:
    page_count: int | None = None
    width: int | None = None
    height: int | None = None
    orientation: int = 1  # EXIF orientation of a picture (1: upright)


PDF_BROKEN = "PDF 文件不完整或已损坏（可能是上传中断或文件被截断），无法读取。请重新导出后上传。"
# Only an open (user) password keeps experts out. Permission flags with an owner password
# (how 社保缴费证明 and tax certificates are often issued) open for everyone and are fine.
PDF_ENCRYPTED = ("PDF 文件设有打开密码，评审专家无法打开查阅（§3.2.1 要求上传可查阅的原件扫描件）。"
                 "请取消打开密码后重新导出上传；仅限制打印或复制的文件可以直接上传。")
IMAGE_BROKEN = "图片文件不完整或已损坏，无法读取。请重新扫描后上传。"


def inspect_pdf(f: BinaryIO, size: int, *, max_pages: int | None, type_name: str) -> Inspected:
    # Every complete PDF ends with %%EOF; a cut-off one (interrupted copy) does not.
    f.seek(max(0, size - 1024))
    if b"%%EOF" not in f.read():
        raise InvalidUpload(PDF_BROKEN, code="pdf_broken")
    f.seek(0)
    from pypdf import PdfReader

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # a damaged file is our message, not a log warning
    try:
        reader = PdfReader(f, strict=False)
        # decrypt("") succeeds exactly when no open password is needed (RC4 and AES alike).
        if reader.is_encrypted and not reader.decrypt(""):
            raise InvalidUpload(PDF_ENCRYPTED, code="pdf_encrypted")
        pages = len(reader.pages)
    except InvalidUpload:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged input
        raise InvalidUpload(PDF_BROKEN, code="pdf_broken") from exc
    finally:
        pypdf_log.setLevel(level)
    if pages < 1:
        raise InvalidUpload("PDF 文件没有任何页面，请检查后重新上传。", code="pdf_empty")
    if max_pages and pages > max_pages:
        raise InvalidUpload(f"PDF 文件共 {pages} 页，超过「{type_name}」允许的 {max_pages} 页。"
                            "请拆分或精简后上传。", code="pdf_too_many_pages")
    return Inspected(page_count=pages)


def png_dimensions(head: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which must come first."""
    if len(head) < 24 or not head.startswith(PNG_SIGNATURE) or head[12:16] != b"IHDR":
        raise InvalidUpload(IMAGE_BROKEN, code="image_broken")
    return struct.unpack(">II", head[16:24])


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def jpeg_dimensions(f: BinaryIO, *, scan_limit: int = 2 * 1024 * 1024) -> tuple[int, int]:
    """Width and height from the first SOFn marker, skipping APPn/EXIF segments."""
    f.seek(2)  # after SOI
    while f.tell() < scan_limit:
        byte = f.read(1)
        if not byte:
            break
        if byte != b"\xff":
            continue
        marker = f.read(1)
        while marker == b"\xff":  # fill bytes
            marker = f.read(1)
        if not marker:
            break
        code = marker[0]
        if code in (0x01, *range(0xD0, 0xD9)):  # markers without a length
            continue
        length_bytes = f.read(2)
        if len(length_bytes) < 2:
            break
        (length,) = struct.unpack(">H", length_bytes)
        if code in _SOF:
            segment = f.read(5)
            if len(segment) < 5:
                break
            height, width = struct.unpack(">HH", segment[1:5])
            return width, height
        if code == 0xD9 or length < 2:
            break
        f.seek(length - 2, 1)
    raise InvalidUpload(IMAGE_BROKEN, code="image_broken")


def check_dimensions(width: int, height: int) -> None:
    if width == 0 or height == 0:
        raise InvalidUpload(IMAGE_BROKEN, code="image_broken")
    if width > IMAGE_MAX_SIDE or height > IMAGE_MAX_SIDE or width * height > IMAGE_MAX_PIXELS:
        raise InvalidUpload(
            f"图片尺寸为 {width} × {height} 像素，超过可以处理的上限（每边不超过 {IMAGE_MAX_SIDE} "
            f"像素，总计不超过 {IMAGE_MAX_PIXELS // 10_000} 万像素），为防范异常文件不予打开。"
            "请降低拍照或扫描分辨率后重新上传。",
            code="image_too_large")


def _orientation(im, fmt: str) -> int:
    """EXIF orientation (ExifTags.Base.Orientation). For a PNG only an eXIf chunk before the
    pixels counts: reading a later one would decode the image before verify()."""
    from PIL import Image

    if fmt == "jpeg":
        exif = im.getexif()
    elif "exif" in im.info:
        exif = Image.Exif()
        exif.load(im.info["exif"])
    else:
        return 1
    value = exif.get(0x0112, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def inspect_image(f: BinaryIO, fmt: str, head: bytes) -> Inspected:
    width, height = png_dimensions(head) if fmt == "png" else jpeg_dimensions(f)
    check_dimensions(width, height)  # before Pillow decodes a single pixel

    from PIL import Image, ImageFile

    if ImageFile.LOAD_TRUNCATED_IMAGES:  # set by a library imported in this process
        ImageFile.LOAD_TRUNCATED_IMAGES = False  # (WeasyPrint does): a truncated scan is broken
    try:
        f.seek(0)
        with Image.open(f, formats=["PNG" if fmt == "png" else "JPEG"]) as im:
            if im.size != (width, height):
                raise InvalidUpload(IMAGE_BROKEN, code="image_broken")
            orientation = _orientation(im, fmt)
            if fmt == "png":
                im.verify()  # walks every chunk and checks its CRC, without inflating
            else:
                # Decode at 1/8 scale: cheap, and a truncated JPEG still fails.
                im.draft(im.mode, (max(1, width // 8), max(1, height // 8)))
                im.load()
    except InvalidUpload:
        raise
    except Exception as exc:
        raise InvalidUpload(IMAGE_BROKEN, code="image_broken") from exc
    return Inspected(width=width, height=height, orientation=orientation)
