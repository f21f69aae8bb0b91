"""Whether a declaration's unit notice is complete, as the recommend guard asks (§4.1.3):
posted, period over, every objection answered, and no change since without a finished
supplementary notice."""

import datetime

from zhicheng.core.domain.errors import Refused
from zhicheng.declarations.models import Declaration
from zhicheng.notices.domain.content import content_hash
from zhicheng.notices.models import NoticeEntry, NoticeKind, Objection

CLAUSE = "（桂职办〔2017〕26号 §4.1.3）"


def _day(d: datetime.date) -> str:
    return f"{d:%Y年%-m月%-d日}"


def check_notice_complete(decl: Declaration, today: datetime.date) -> None:
    entries = list(NoticeEntry.objects.filter(declaration=decl).select_related("notice")
                   .order_by("notice__posted_at", "notice_id"))
    if not entries:
        raise Refused(f"该申报尚未经单位公示，公示期满后方可推荐{CLAUSE}。",
                      code="not_posted")
    last = entries[-1]
    if content_hash(decl) != last.content_hash:
        raise Refused("该申报在公示后申报情况或申报材料发生了变更，须对变更情况进行补充公示，"
                      f"补充公示期满后方可推荐{CLAUSE}。", code="changed_after_notice")
    notice = last.notice
    if today <= notice.ends_on:
        what = "补充公示" if notice.kind == NoticeKind.SUPPLEMENTARY else "公示"
        raise Refused(f"{what}期为{_day(notice.starts_on)}至{_day(notice.ends_on)}"
                      f"（{notice.working_days}个工作日），公示期满后方可推荐{CLAUSE}。",
                      code="notice_running")
    open_count = Objection.objects.filter(entry__declaration=decl,
                                          answered_at__isnull=True).count()
    if open_count:
        raise Refused(f"公示期间对该申报提出的异议还有{open_count}条未答复，"
                      f"逐条答复后方可推荐{CLAUSE}。", code="objections_open")
