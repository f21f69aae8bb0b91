"""ID numbers on public pages (§4.1.3 notices must not expose private data)."""

from zhicheng.core.domain import idnumbers
from zhicheng.notices.models import MaskStyle


def mask_id(id_number: str, style: str) -> str:
    if style == MaskStyle.HIDDEN or len(id_number) < 10:
        return ""
    return idnumbers.mask_id(id_number, head=6 if style == MaskStyle.FIRST6_LAST4 else 3)
