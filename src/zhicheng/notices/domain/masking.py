"""ID numbers on public pages (§4.1.3 notices must not expose private data)."""

from zhicheng.notices.models import MaskStyle


def mask_id(id_number: str, style: str) -> str:
    n = len(id_number)
    if style == MaskStyle.HIDDEN or n < 10:
        return ""
    head = 6 if style == MaskStyle.FIRST6_LAST4 else 3
    return id_number[:head] + "*" * (n - head - 4) + id_number[-4:]
