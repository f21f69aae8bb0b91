"""Objections during the notice period, with contact details; the unit answers (§4.1.3)."""

import datetime

import pytest
from factories import UnitFactory, official

from zhicheng.audit.domain import events_for
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Role
from zhicheng.notices.domain.objections import answer_objection, lodge_objection
from zhicheng.notices.domain.posting import post_notice
from zhicheng.notices.models import Objection

pytestmark = pytest.mark.django_db

D = datetime.date
NO_CONTACT = ("提出异议须留下真实姓名和联系电话或电子邮箱，以便单位核实和答复；"
              "未留联系方式的异议不予受理（桂职办〔2017〕26号 §4.1.3）。")


@pytest.fixture
def entry(hr, make_decl):
    decl = make_decl("张三")
    [notice] = post_notice(actor=hr, assignment=assignments_of(hr)[0],
                           declaration_ids=[decl.pk])
    return notice.entries.get()


def _lodge(entry, **kw):
    args = {"name": "王明", "phone": "13800000000", "email": "", "text": "论文系代写。",
            "today": D(2017, 7, 12)}
    return lodge_objection(entry_id=entry.pk, **{**args, **kw})


def test_anyone_lodges_an_objection_with_a_phone_or_an_email(entry):
    by_phone = _lodge(entry)
    by_mail = _lodge(entry, phone="", email="wang@example.cn", today=D(2017, 7, 14))
    assert [(o.objector_name, o.phone, o.email, o.text, o.answered) for o in
            Objection.objects.order_by("id")] == [
        ("王明", "13800000000", "", "论文系代写。", False),
        ("王明", "", "wang@example.cn", "论文系代写。", False)]
    [event] = events_for(by_phone)
    assert (event.action, event.actor_id) == ("notice.objection.lodge", None)
    assert event.after == {"entry": entry.pk, "notice": entry.notice_id,
                           "declaration": entry.declaration_id, "objector_name": "王明",
                           "has_phone": True, "has_email": False, "text": "论文系代写。"}
    assert "13800000000" not in str(event.after) and by_mail.pk


@pytest.mark.parametrize(("kw", "message"), [
    ({"phone": "", "email": ""}, NO_CONTACT),
    ({"phone": "  ", "email": " "}, NO_CONTACT),
    ({"name": " "}, "提出异议须留下真实姓名（桂职办〔2017〕26号 §4.1.3）。"),
    ({"phone": "abc"}, "联系电话格式不正确，请填写手机号码或带区号的固定电话。"),
    ({"phone": "", "email": "not-an-email"}, "电子邮箱格式不正确。"),
    ({"text": ""}, "请写明异议的具体内容（所反映的问题和线索）。"),
    ({"today": D(2017, 7, 17)},
     "该公示的公示期已于2017年7月14日结束，公示期满后不再受理异议（桂职办〔2017〕26号 "
     "§4.1.3）。如有问题，请向南宁市第一设计院或职改部门反映。"),
])
def test_bad_objections_are_refused_and_nothing_is_stored(entry, kw, message):
    with pytest.raises(Refused) as exc:
        _lodge(entry, **kw)
    assert exc.value.message == message
    assert Objection.objects.count() == 0
    assert not events_for(Objection).exists()


def test_objection_before_the_notice_is_public_is_not_found(entry):
    with pytest.raises(NotFound):
        _lodge(entry, today=D(2017, 7, 9))
    assert Objection.objects.count() == 0


def test_the_unit_answers_once(entry, hr):
    o = _lodge(entry)
    answered = answer_objection(objection_id=o.pk, actor=hr, answer="经核查，论文为本人撰写。")
    assert (answered.answer, answered.answered_by, answered.answered) == (
        "经核查，论文为本人撰写。", hr, True)
    [_, event] = events_for(o)
    assert (event.action, event.actor_id, event.role, event.before["answer"]) == (
        "notice.objection.answer", hr.pk, Role.UNIT_HR, "")
    with pytest.raises(Refused) as exc:
        answer_objection(objection_id=o.pk, actor=hr, answer="改口")
    assert exc.value.code == "already_answered"
    assert exc.value.message.endswith("答复，答复不能修改（桂职办〔2017〕26号 §4.1.3）。")
    assert Objection.objects.get().answer == "经核查，论文为本人撰写。"


def test_empty_answer_is_refused(entry, hr):
    o = _lodge(entry)
    with pytest.raises(Refused) as exc:
        answer_objection(objection_id=o.pk, actor=hr, answer="  ")
    assert exc.value.message == ("请填写对异议的答复（核查情况和处理结果）"
                                 "（桂职办〔2017〕26号 §4.1.3）。")
    assert Objection.objects.get().answered is False


def test_another_unit_cannot_answer(entry):
    o = _lodge(entry)
    stranger = official(Role.UNIT_HR, unit=UnitFactory())
    with pytest.raises(NotFound):
        answer_objection(objection_id=o.pk, actor=stranger, answer="与我无关")
    with pytest.raises(NotFound):
        answer_objection(objection_id=o.pk + 999, actor=stranger, answer="x")
    assert Objection.objects.get().answered is False
