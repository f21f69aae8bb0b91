"""Small helpers shared by the approvals domain modules."""

import datetime

from zhicheng.core import clock
from zhicheng.core.domain.errors import Refused
from zhicheng.declarations.models import State

DOC = "桂职办〔2017〕26号"

# Approvals and verifications are recorded up to the hand-over to the committee; after it the
# dossier is locked (§3.2.1) and only the fraud procedure (§4.2.2) changes anything.
OPEN_STATES = State.BEFORE_HANDOVER


def cite(clause: str) -> str:
    return f"（{DOC} §{clause}）"


def not_in_future(day: datetime.date | None, label: str) -> datetime.date:
    if day is None:
        raise Refused(f"请填写{label}。", code="date_required")
    today = clock.today()
    if day > today:
        raise Refused(f"{label}（{day:%Y年%-m月%-d日}）不能晚于今天（{today:%Y年%-m月%-d日}）。",
                      code="future_date")
    return day


def required_text(value: str, message: str, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Refused(message, code=code)
    return value
