"""Reducing a picture to what is stored: a phone photo is taken as people have it.

A photo that exceeds the stored pixel limits or the slot's byte limit, or that is turned
by its EXIF orientation, is decoded, turned upright, scaled down and re-encoded into a
temporary file; that file is stored and the original's size, pixels and SHA-256 are kept
beside it. A JPEG is decoded by libjpeg at 1/2, 1/4 or 1/8 scale (Pillow's draft()), so a
48-MP photo never sits in memory at full size. The temporary file is removed whatever
happens; nothing is stored if reduction fails.
"""

import math
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.files import File

from zhicheng.materials.domain.errors import InvalidUpload
from zhicheng.materials.domain.limits import (
    JPEG_QUALITY,
    MB,
    STORED_IMAGE_MAX_PIXELS,
    STORED_IMAGE_MAX_SIDE,
)
from zhicheng.materials.domain.storage import digest

# Below this the long side is no longer legible as a document: refuse rather than store mush.
MIN_LONG_SIDE = 1000
MAX_ATTEMPTS = 6
REDUCTION_FAILED = ("图片无法自动压缩（文件内容异常），未予保存。"
                    "请重新拍照或扫描后上传，或先自行压缩。")


@dataclass(frozen=True)
class Stored:
    """What goes to storage: the upload itself, or its reduced copy."""

    content: File
    size: int
    sha256: str
    width: int | None
    height: int | None
    reduced: bool


def fit(width: int, height: int) -> tuple[int, int]:
    """The largest size within the stored pixel limits, keeping the aspect ratio."""
    scale = min(1.0, STORED_IMAGE_MAX_SIDE / max(width, height),
                math.sqrt(STORED_IMAGE_MAX_PIXELS / (width * height)))
    if scale >= 1.0:
        return width, height
    return max(1, math.floor(width * scale)), max(1, math.floor(height * scale))


def needs_reduction(*, width: int, height: int, size: int, max_bytes: int,
                    orientation: int) -> bool:
    return (fit(width, height) != (width, height) or size > max_bytes
            or orientation not in (0, 1))


_KEEP_MODES = {"jpeg": {"L", "RGB", "CMYK"}, "png": {"L", "LA", "RGB", "RGBA"}}


def _decode(f: BinaryIO, fmt: str, width: int, height: int, orientation: int):
    from PIL import Image, ImageOps

    target = fit(width, height)
    f.seek(0)
    with Image.open(f, formats=["PNG" if fmt == "png" else "JPEG"]) as im:
        if fmt == "jpeg":
            im.draft(im.mode if im.mode in _KEEP_MODES["jpeg"] else "RGB", target)
        icc = im.info.get("icc_profile")
        upright = ImageOps.exif_transpose(im)  # a loaded copy, orientation applied
    if upright.mode not in _KEEP_MODES[fmt]:
        has_alpha = "A" in upright.getbands() or "transparency" in upright.info
        upright = upright.convert("RGBA" if fmt == "png" and has_alpha else "RGB")
    if orientation in (5, 6, 7, 8):
        target = target[::-1]  # these orientations swap the sides
    if upright.size != target:
        upright = upright.resize(target, Image.Resampling.LANCZOS)
    return upright, icc


def _encode(image, fmt: str, icc: bytes | None, out: BinaryIO) -> int:
    out.seek(0)
    out.truncate()
    extra = {"icc_profile": icc} if icc else {}
    if fmt == "jpeg":  # no EXIF copied: the orientation is applied, the GPS position dropped
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, **extra)
    else:
        image.save(out, format="PNG", **extra)
    out.flush()
    return out.tell()


def _reduce_into(f: BinaryIO, fmt: str, width: int, height: int, orientation: int,
                 max_bytes: int, out: BinaryIO) -> tuple[int, int]:
    from PIL import Image

    image, icc = _decode(f, fmt, width, height, orientation)
    for _ in range(MAX_ATTEMPTS):
        size = _encode(image, fmt, icc, out)
        if size <= max_bytes:
            return image.size
        # Bytes scale roughly with pixels; aim a little below the limit.
        scale = math.sqrt(max_bytes / size) * 0.9
        new = (max(1, math.floor(image.width * scale)), max(1, math.floor(image.height * scale)))
        if max(new) < MIN_LONG_SIDE:
            break
        image = image.resize(new, Image.Resampling.LANCZOS)
    raise InvalidUpload(
        f"图片自动压缩后仍超过本栏目的上限 {max_bytes // MB} MB（图片内容过于复杂），未予保存。"
        "请裁去无关部分或改为 PDF 后重新上传。", code="image_not_reducible")


@contextmanager
def stored_form(upload: File, *, fmt: str, size: int, sha256: str, width: int | None,
                height: int | None, orientation: int, max_bytes: int) -> Iterator[Stored]:
    """The content to store for a checked upload; a reduced copy lives only inside the block."""
    if fmt == "pdf" or width is None or height is None or not needs_reduction(
            width=width, height=height, size=size, max_bytes=max_bytes,
            orientation=orientation):
        yield Stored(upload, size, sha256, width, height, reduced=False)
        return
    temp_dir = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    with tempfile.NamedTemporaryFile(prefix="zhicheng-reduce-", suffix=f".{fmt}",
                                     dir=temp_dir) as out:
        try:
            new_width, new_height = _reduce_into(upload, fmt, width, height, orientation,
                                                  max_bytes, out)
        except InvalidUpload:
            raise
        except Exception as exc:  # Pillow raises many kinds on odd input
            raise InvalidUpload(REDUCTION_FAILED, code="image_reduction_failed") from exc
        new_sha, new_size = digest(out)
        yield Stored(File(out), new_size, new_sha, new_width, new_height, reduced=True)
