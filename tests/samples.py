"""Real files for upload tests: PDFs, images and impostors, made on the spot."""

import io
import os
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from pypdf import PdfWriter


def pdf_bytes(pages: int = 1, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password is not None:
        writer.encrypt(user_password=password, owner_password=password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose IHDR claims width × height (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _chunk(b"IEND", b""))


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def stored_paths(root) -> list[str]:
    """Every file under a storage root, relative to it."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class BrokenUpload(SimpleUploadedFile):
    """An upload whose reading fails half-way, as when the client goes away."""

    def __init__(self, name: str, content: bytes, fail_after: int):
        super().__init__(name, content, content_type="application/pdf")
        self._fail_after = fail_after

    def read(self, size=-1):
        if self.file.tell() >= self._fail_after:
            raise OSError("connection reset by peer")
        return super().read(size)


RED = (220, 0, 0)


def photo_bytes(size: tuple[int, int] = (8000, 6000), *, orientation: int = 1,
                noise_rows: int = 1700, quality: int = 90) -> bytes:
    """A JPEG as a phone writes it: EXIF orientation, a red block in the sensor's top-left
    corner, and a band of noise at the bottom so that it is as heavy as a real photo
    (8000 × 6000 → about 12 MB)."""
    width, height = size
    im = Image.new("RGB", size, (235, 235, 230))
    rows = min(noise_rows, height)
    if rows:
        im.paste(Image.frombytes("RGB", (width, rows), os.urandom(width * rows * 3)),
                 (0, height - rows))
    ImageDraw.Draw(im).rectangle((0, 0, width // 5, height // 5), fill=RED)
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    im.save(out, format="JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def is_red(pixel) -> bool:
    r, g, b = pixel[:3]
    return r > 180 and g < 60 and b < 60
