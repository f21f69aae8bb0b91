"""Small helpers for the integrity tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from samples import pdf_bytes

from zhicheng.audit.models import AuditEvent
from zhicheng.integrity.domain.cases import answer_case, open_case

ALLEGATION = "学历证书编号在学信网查无此证，疑为伪造。"


def open_on(decl, officer, *, days=5, **kw):
    kw.setdefault("item", "education")
    kw.setdefault("allegation", ALLEGATION)
    return open_case(declaration_id=decl.pk, actor=officer, working_days=days, **kw)


def proof(name="学历认证报告.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(2), "application/pdf")


def answer(case, person, text="证书真实，附学信网认证报告。", files=None, today=None):
    return answer_case(case_id=case.pk, actor=person, text=text,
                       files=files if files is not None else [proof()], today=today)


def actions(since: int = 0) -> list[str]:
    return list(AuditEvent.objects.filter(seq__gt=since).order_by("seq")
                .values_list("action", flat=True))


def head() -> int:
    last = AuditEvent.objects.order_by("-seq").first()
    return last.seq if last else 0


def day(y, m, d) -> datetime.date:
    return datetime.date(y, m, d)
