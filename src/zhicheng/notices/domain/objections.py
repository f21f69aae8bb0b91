"""Objections (异议) to a unit notice: anyone may lodge one during the period, with contact
details; the unit answers each before it may recommend (§4.1.3)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.domain import record, snapshot
from zhicheng.core import clock
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import User
from zhicheng.notices.domain.access import unit_assignment
from zhicheng.notices.models import NoticeEntry, Objection

CLAUSE = "（桂职办〔2017〕26号 §4.1.3）"
PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,18}[0-9]$")


def _day(d: datetime.date) -> str:
    return f"{d:%Y年%-m月%-d日}"


def public_entry(entry_id: int, today: datetime.date) -> NoticeEntry:
    """An entry of a notice the public may see (posted, period started); else NotFound."""
    entry = (NoticeEntry.objects.select_related("notice", "notice__unit")
             .filter(pk=entry_id, notice__starts_on__lte=today).first())
    if entry is None:
        raise NotFound()
    return entry


def _clean_contact(name: str, phone: str, email: str, text: str) -> tuple[str, str, str, str]:
    name, phone, email, text = (v.strip() for v in (name, phone, email, text))
    if not phone and not email:
        raise Refused("提出异议须留下真实姓名和联系电话或电子邮箱，以便单位核实和答复；"
                      f"未留联系方式的异议不予受理{CLAUSE}。", code="no_contact")
    if not name:
        raise Refused(f"提出异议须留下真实姓名{CLAUSE}。", code="no_name")
    if phone and not PHONE.match(phone):
        raise Refused("联系电话格式不正确，请填写手机号码或带区号的固定电话。", code="bad_phone")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Refused("电子邮箱格式不正确。", code="bad_email") from None
    if not text:
        raise Refused("请写明异议的具体内容（所反映的问题和线索）。", code="no_text")
    if len(name) > 40 or len(phone) > 20 or len(email) > 254 or len(text) > 5000:
        raise Refused("填写内容过长（姓名不超过40字，异议内容不超过5000字）。", code="too_long")
    return name, phone, email, text


@transaction.atomic
def lodge_objection(
    *, entry_id: int, name: str, phone: str = "", email: str = "", text: str,
    today: datetime.date | None = None,
) -> Objection:
    """Anyone (no account needed) lodges an objection about one applicant on a notice."""
    today = today or clock.today()
    entry = public_entry(entry_id, today)
    notice = entry.notice
    if today > notice.ends_on:
        raise Refused(f"该公示的公示期已于{_day(notice.ends_on)}结束，公示期满后不再受理异议"
                      f"{CLAUSE}。如有问题，请向{notice.unit.name}或职改部门反映。",
                      code="period_over")
    name, phone, email, text = _clean_contact(name, phone, email, text)
    objection = Objection.objects.create(entry=entry, objector_name=name, phone=phone,
                                         email=email, text=text, lodged_at=clock.now())
    # Contact details stay out of the audit trail's readable payload: only that they were given.
    record(actor=None, action="notice.objection.lodge", obj=objection,
           after={"entry": entry.pk, "notice": notice.pk, "declaration": entry.declaration_id,
                  "objector_name": name, "has_phone": bool(phone), "has_email": bool(email),
                  "text": text})
    return objection


@transaction.atomic
def answer_objection(*, objection_id: int, actor: User, answer: str) -> Objection:
    """The unit that posted the notice answers an objection, once (the answer is a record)."""
    objection = (Objection.objects.select_for_update()
                 .select_related("entry__notice").filter(pk=objection_id).first())
    if objection is None:
        raise NotFound()
    assignment = unit_assignment(actor, objection.entry.notice.unit_id)
    answer = answer.strip()
    if objection.answered:
        raise Refused(f"该异议已于{timezone.localtime(objection.answered_at):%Y年%-m月%-d日 %H:%M}"
                      f"答复，答复不能修改{CLAUSE}。", code="already_answered")
    if not answer:
        raise Refused(f"请填写对异议的答复（核查情况和处理结果）{CLAUSE}。", code="no_answer")
    if len(answer) > 5000:
        raise Refused("答复不超过5000字。", code="too_long")
    before = snapshot(objection, ["answer", "answered_by", "answered_at"])
    objection.answer, objection.answered_by, objection.answered_at = answer, actor, clock.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at"])
    record(actor=actor, action="notice.objection.answer", obj=objection, role=assignment.role,
           scope=assignment.scope_key, before=before,
           after=snapshot(objection, ["answer", "answered_by", "answered_at"]))
    return objection
