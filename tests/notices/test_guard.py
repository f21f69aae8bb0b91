"""The recommend guard (§4.1.3), through workflow.perform: posted, period over, objections
answered, changes re-posted in a finished supplementary notice."""

import datetime

import pytest

from zhicheng.core.domain.errors import Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.declarations.domain.workflow import perform
from zhicheng.declarations.models import Achievement, Declaration, State
from zhicheng.notices.domain.objections import answer_objection, lodge_objection
from zhicheng.notices.domain.posting import post_notice

pytestmark = pytest.mark.django_db

D = datetime.date


def _post(hr, decl, **kw):
    [notice] = post_notice(actor=hr, assignment=assignments_of(hr)[0],
                           declaration_ids=[decl.pk], **kw)
    return notice


def _refused(hr, decl, settings, day: str) -> str:
    settings.ZHICHENG_TODAY = day
    with pytest.raises(Refused) as exc:
        perform("recommend", decl.pk, actor=hr, expected_state=State.UNIT_NOTICE)
    assert Declaration.objects.get(pk=decl.pk).state == State.UNIT_NOTICE
    return exc.value.message


def _recommend(hr, decl, settings, day: str):
    settings.ZHICHENG_TODAY = day
    perform("recommend", decl.pk, actor=hr, expected_state=State.UNIT_NOTICE)
    assert Declaration.objects.get(pk=decl.pk).state == State.RECOMMENDED


def test_not_posted(hr, make_decl, settings):
    decl = make_decl(state=State.UNIT_NOTICE)
    assert _refused(hr, decl, settings, "2017-08-01") == (
        "该申报尚未经单位公示，公示期满后方可推荐（桂职办〔2017〕26号 §4.1.3）。")


def test_not_before_the_period_ends(hr, make_decl, settings):
    decl = make_decl()
    _post(hr, decl)  # 2017-07-10 .. 2017-07-14
    message = ("公示期为2017年7月10日至2017年7月14日（5个工作日），公示期满后方可推荐"
               "（桂职办〔2017〕26号 §4.1.3）。")
    assert _refused(hr, decl, settings, "2017-07-10") == message
    assert _refused(hr, decl, settings, "2017-07-14") == message
    _recommend(hr, decl, settings, "2017-07-15")


def test_not_before_every_objection_is_answered(hr, make_decl, settings):
    decl = make_decl()
    entry = _post(hr, decl).entries.get()
    first = lodge_objection(entry_id=entry.pk, name="王明", phone="13800000000", text="一",
                            today=D(2017, 7, 11))
    lodge_objection(entry_id=entry.pk, name="李华", email="li@example.cn", text="二",
                    today=D(2017, 7, 12))
    assert _refused(hr, decl, settings, "2017-07-17") == (
        "公示期间对该申报提出的异议还有2条未答复，逐条答复后方可推荐"
        "（桂职办〔2017〕26号 §4.1.3）。")
    answer_objection(objection_id=first.pk, actor=hr, answer="已核实")
    assert "还有1条未答复" in _refused(hr, decl, settings, "2017-07-17")
    second = entry.objections.exclude(pk=first.pk).get()
    answer_objection(objection_id=second.pk, actor=hr, answer="已核实")
    _recommend(hr, decl, settings, "2017-07-17")


def test_change_after_posting_needs_a_finished_supplementary_notice(hr, make_decl, settings):
    decl = make_decl()
    _post(hr, decl)
    Achievement.objects.create(declaration=decl, kind="patent", title="一种桥梁支座",
                               achieved_on=D(2016, 5, 1))
    assert _refused(hr, decl, settings, "2017-07-17") == (
        "该申报在公示后申报情况或申报材料发生了变更，须对变更情况进行补充公示，"
        "补充公示期满后方可推荐（桂职办〔2017〕26号 §4.1.3）。")
    settings.ZHICHENG_TODAY = "2017-07-17"
    supp = _post(hr, decl, starts_on=D(2017, 7, 17), working_days=3)
    assert (supp.kind, supp.ends_on) == ("supplementary", D(2017, 7, 19))
    assert _refused(hr, decl, settings, "2017-07-19") == (
        "补充公示期为2017年7月17日至2017年7月19日（3个工作日），公示期满后方可推荐"
        "（桂职办〔2017〕26号 §4.1.3）。")
    _recommend(hr, decl, settings, "2017-07-20")


def test_objection_on_the_first_notice_still_counts_after_a_supplementary_one(
        hr, make_decl, settings):
    decl = make_decl()
    entry = _post(hr, decl).entries.get()
    lodge_objection(entry_id=entry.pk, name="王明", phone="13800000000", text="一",
                    today=D(2017, 7, 11))
    Achievement.objects.create(declaration=decl, kind="paper", title="新论文",
                               achieved_on=D(2017, 1, 1))
    settings.ZHICHENG_TODAY = "2017-07-17"
    _post(hr, decl, starts_on=D(2017, 7, 17), working_days=1)
    assert "还有1条未答复" in _refused(hr, decl, settings, "2017-07-18")
