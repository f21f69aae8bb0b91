"""Hard limits that hold whatever the catalogue says.

ZHICHENG_UPLOAD_MAX_MB (setting, default 50): no single upload may exceed it; the upload
handler stops reading past it, so an oversized request never reaches the disk in full.
"""

from django.conf import settings

MB = 1024 * 1024
DEFAULT_UPLOAD_MAX_MB = 50
# A 600-dpi A4 scan is 4960 × 7016 (35 MP). Beyond these a picture is refused before decoding.
IMAGE_MAX_SIDE = 10_000
IMAGE_MAX_PIXELS = 40_000_000
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
