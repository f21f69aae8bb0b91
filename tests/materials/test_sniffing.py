"""Magic bytes, file names and the picture-size guard: pure functions."""

import io

import pytest
from samples import EXE, image_bytes, pdf_bytes, png_claiming

from zhicheng.materials.domain.errors import InvalidUpload
from zhicheng.materials.domain.inspection import jpeg_dimensions, png_dimensions
from zhicheng.materials.domain.names import sanitise_name
from zhicheng.materials.domain.sniffing import sniff


@pytest.mark.parametrize(("head", "fmt", "label"), [
    (pdf_bytes()[:32], "pdf", "PDF 文档"),
    (image_bytes("JPEG")[:32], "jpeg", "JPEG 图片"),
    (image_bytes("PNG")[:32], "png", "PNG 图片"),
    (EXE[:32], "", "Windows 可执行程序（EXE/DLL）"),
    (b"\x7fELF\x02\x01\x01", "", "Linux 可执行程序（ELF）"),
    (b"PK\x03\x04\x14\x00", "", "ZIP 压缩包或 Office 文档（DOCX/XLSX 等）"),
    (b"GIF89a\x01\x00", "", "GIF 图片"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "", "WebP 图片"),
    (b"  <!DOCTYPE html><html>", "", "网页或 XML 文件"),
    (b"hello world", "", "无法识别的文件类型"),
    (b"", "", "无法识别的文件类型"),
])
def test_sniff(head, fmt, label):
    found = sniff(head)
    assert (found.format, found.label) == (fmt, label)


def test_sniffed_types_carry_content_type_and_extension():
    assert (sniff(b"%PDF-1.7").content_type, sniff(b"%PDF-1.7").extension) == (
        "application/pdf", "pdf")
    assert sniff(b"\xff\xd8\xff\xe0").extension == "jpg"
    assert sniff(b"\x89PNG\r\n\x1a\n").content_type == "image/png"


@pytest.mark.parametrize(("raw", "ext", "expected"), [
    ("身份证.pdf", "pdf", "身份证.pdf"),
    ("../../etc/passwd", "pdf", "passwd.pdf"),
    ("..\\..\\windows\\system32\\证书.PDF", "pdf", "证书.pdf"),
    ("a\x00b\x1fc\x7f.pdf", "pdf", "abc.pdf"),
    ("invoice\u202efdp.exe", "pdf", "invoicefdp.pdf"),  # right-to-left override
    ("line\nbreak\r.jpg", "jpg", "linebreak.jpg"),
    ("scan.jpg", "pdf", "scan.pdf"),  # the extension follows the real content
    ("..", "png", "材料.png"),
    ("", "pdf", "材料.pdf"),
    ("   .hidden", "pdf", "hidden.pdf"),
    ('a<b>c:d"e|f?g*h.pdf', "pdf", "a_b_c_d_e_f_g_h.pdf"),
    ("学历\u3000证书.pdf", "pdf", "学历 证书.pdf"),
    ("x" * 300 + ".pdf", "pdf", "x" * 80 + ".pdf"),
])
def test_sanitise_name(raw, ext, expected):
    assert sanitise_name(raw, ext) == expected


def test_png_header_dimensions_without_decoding():
    assert png_dimensions(png_claiming(30_000, 30_000)[:32]) == (30_000, 30_000)
    assert png_dimensions(image_bytes("PNG", (40, 30))[:32]) == (40, 30)


def test_jpeg_dimensions_skip_exif_segments():
    assert jpeg_dimensions(io.BytesIO(image_bytes("JPEG", (123, 45)))) == (123, 45)


def test_jpeg_without_frame_header_is_broken():
    with pytest.raises(InvalidUpload) as exc:
        jpeg_dimensions(io.BytesIO(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20))
    assert exc.value.message == "图片文件不完整或已损坏，无法读取。请重新扫描后上传。"
