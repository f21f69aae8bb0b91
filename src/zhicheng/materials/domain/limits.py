"""Hard limits that hold whatever the catalogue says.

ZHICHENG_UPLOAD_MAX_MB (setting, default 50): no single upload may exceed it; the upload
handler stops reading past it, so an oversized request never reaches the disk in full.
"""

from django.conf import settings

MB = 1024 * 1024
DEFAULT_UPLOAD_MAX_MB = 50
# What an upload may be: a 48-MP phone photo (8000 × 6000) and a 600-dpi A4 scan
# (4960 × 7016, 35 MP) both pass. Beyond these a picture is refused before decoding
# (a decompression bomb), and an image file beyond IMAGE_INPUT_MAX_MB is not taken at all.
IMAGE_MAX_SIDE = 20_000
IMAGE_MAX_PIXELS = 50_000_000
IMAGE_INPUT_MAX_MB = 25
# What is stored: larger pictures are reduced by the system to these, and further until the
# slot's byte limit (catalogue max_size_mb) holds. 12 MP keeps a 300-dpi A4 scan untouched
# and a reduced phone photo of a certificate legible; the JPEG decoder can reach it cheaply.
STORED_IMAGE_MAX_SIDE = 6_000
STORED_IMAGE_MAX_PIXELS = 12_000_000
JPEG_QUALITY = 85
CHUNK = 64 * 1024


def upload_max_mb() -> int:
    return int(getattr(settings, "ZHICHENG_UPLOAD_MAX_MB", DEFAULT_UPLOAD_MAX_MB))


def upload_max_bytes() -> int:
    return upload_max_mb() * MB


def too_large_message() -> str:
    return (f"文件超过系统允许的上限 {upload_max_mb()} MB，已停止接收，未予保存。"
            "请压缩或拆分后再上传。")


def interrupted_message() -> str:
    return "上传中断，文件未完整接收，未予保存。请检查网络后重新上传。"
