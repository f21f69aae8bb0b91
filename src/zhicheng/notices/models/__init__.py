from zhicheng.notices.models.notice import Notice, NoticeEntry, NoticeKind, Objection
from zhicheng.notices.models.setting import MaskStyle, NameOrder, NoticeSetting

__all__ = [
    "MaskStyle",
    "NameOrder",
    "Notice",
    "NoticeEntry",
    "NoticeKind",
    "NoticeSetting",
    "Objection",
]
