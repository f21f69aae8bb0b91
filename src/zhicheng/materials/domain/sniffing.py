"""What a file really is, from its first bytes (the browser's name and type are not trusted)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sniffed:
    format: str  # "pdf" | "jpeg" | "png" for accepted kinds, "" otherwise
    label: str  # what was detected, for messages
    content_type: str = ""
    extension: str = ""


PDF = Sniffed("pdf", "PDF 文档", "application/pdf", "pdf")
JPEG = Sniffed("jpeg", "JPEG 图片", "image/jpeg", "jpg")
PNG = Sniffed("png", "PNG 图片", "image/png", "png")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Known but unacceptable kinds, so that the message can say what the file actually is.
_OTHERS: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "Windows 可执行程序（EXE/DLL）"),
    (b"\x7fELF", "Linux 可执行程序（ELF）"),
    (b"\xcf\xfa\xed\xfe", "macOS 可执行程序"),
    (b"#!", "脚本文件"),
    (b"PK\x03\x04", "ZIP 压缩包或 Office 文档（DOCX/XLSX 等）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文档（DOC/XLS 等）"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "GZIP 压缩包"),
    (b"GIF8", "GIF 图片"),
    (b"BM", "BMP 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"%!PS", "PostScript 文档"),
    (b"{\\rtf", "RTF 文档"),
)


def sniff(head: bytes) -> Sniffed:
    """Classify by magic bytes. head: at least the first 16 bytes of the file."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(PNG_SIGNATURE):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("", "WebP 图片")
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return Sniffed("", "HEIC 图片")
    for magic, label in _OTHERS:
        if head.startswith(magic):
            return Sniffed("", label)
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<svg")):
        return Sniffed("", "网页或 XML 文件")
    return Sniffed("", "无法识别的文件类型")
