"""§4.1.4: senior applicants are interviewed before the unit deliberates; recommend needs
the deliberation, and for senior levels an interview dated on or before it."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.audit.domain import events_for
from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Level
from zhicheng.declarations.domain.workflow import perform
from zhicheng.declarations.models import State
from zhicheng.review.domain.recommendation import record_deliberation, record_interview
from zhicheng.review.models import Deliberation, Interview

pytestmark = pytest.mark.django_db

D = datetime.date
NO_INTERVIEW = ("申报副高级专业技术资格的人员，单位应在审议前组织面试答辩；本申报尚无面试答辩记录"
                "（桂职办〔2017〕26号 §4.1.4）。")


@pytest.fixture
def noticed(h):
    decl = h.make(State.UNIT_NOTICE)
    user = h.hr(decl)
    h.pledge(user, decl.plan)
    return decl, user


JULY_6, JULY_8 = D(2017, 7, 6), D(2017, 7, 8)


def interview(decl, user, day=JULY_6, **kw):
    return record_interview(decl.pk, actor=user, held_on=day, panel="陈教授、刘高工、黄高工",
                            result=kw.pop("result", "passed"), minutes="答辩人陈述主要业绩。",
                            **kw)


def deliberate(decl, user, day=JULY_8):
    return record_deliberation(decl.pk, actor=user, held_on=day, participants="院长办公会全体成员",
                               opinion="同意推荐", recommendation="该同志业绩突出，同意推荐申报。")


def test_senior_path_interview_then_deliberation_then_recommend(noticed):
    decl, user = noticed
    iv = interview(decl, user)
    dl = deliberate(decl, user)

    assert (iv.held_on, iv.panel, iv.result, iv.recorded_by, iv.recorder_unit) == (
        D(2017, 7, 6), "陈教授、刘高工、黄高工", "passed", user, decl.unit)
    assert (dl.held_on, dl.opinion, dl.recommendation) == (
        D(2017, 7, 8), "同意推荐", "该同志业绩突出，同意推荐申报。")
    assert [e.action for e in events_for(iv)] == ["review.interview"]
    assert [e.action for e in events_for(dl)] == ["review.deliberation"]
    assert perform("recommend", decl.pk, actor=user).state == State.RECOMMENDED


def test_same_day_interview_and_deliberation_is_fine(noticed):
    decl, user = noticed
    interview(decl, user, D(2017, 7, 8))
    deliberate(decl, user, D(2017, 7, 8))
    assert perform("recommend", decl.pk, actor=user).state == State.RECOMMENDED


def test_deliberation_for_senior_without_interview_is_refused(noticed):
    decl, user = noticed
    with pytest.raises(Refused) as exc:
        deliberate(decl, user)
    assert exc.value.code == "interview_required"
    assert exc.value.message == NO_INTERVIEW + "请先记录面试答辩。"
    assert not Deliberation.objects.exists()


def test_deliberation_before_the_interview_is_refused(noticed):
    decl, user = noticed
    interview(decl, user, D(2017, 7, 9))
    before = AuditEvent.objects.count()
    with pytest.raises(Refused) as exc:
        deliberate(decl, user, D(2017, 7, 8))
    assert exc.value.code == "interview_after_deliberation"
    assert exc.value.message == (
        "面试答辩（2017年7月9日）晚于单位审议（2017年7月8日）：对申报高级专业技术资格的人员，"
        "单位应在审议前组织面试答辩（桂职办〔2017〕26号 §4.1.4）。")
    assert not Deliberation.objects.exists()
    assert AuditEvent.objects.count() == before


def test_interview_after_a_deliberation_is_refused(noticed):
    decl, user = noticed
    interview(decl, user, D(2017, 7, 5))
    deliberate(decl, user, D(2017, 7, 6))
    with pytest.raises(Refused) as exc:
        interview(decl, user, D(2017, 7, 7))
    assert exc.value.code == "after_deliberation"
    assert exc.value.message == ("本申报已于2017年7月6日完成单位审议，面试答辩应在审议前组织"
                                 "（桂职办〔2017〕26号 §4.1.4）；如需重新答辩，请重新审议并记录。")
    assert Interview.objects.count() == 1


def test_recommend_senior_without_interview_refused_citing_4_1_4(noticed):
    """Even with a deliberation on file (e.g. recorded before a level change)."""
    decl, user = noticed
    Deliberation.objects.create(
        declaration=decl, held_on=D(2017, 7, 8), participants="全体", opinion="同意",
        recommendation="同意", recorder_unit=decl.unit, recorded_by=user,
        recorded_at=timezone.now())
    before = AuditEvent.objects.count()
    with pytest.raises(Refused) as exc:
        perform("recommend", decl.pk, actor=user)
    assert exc.value.code == "interview_required"
    assert exc.value.message == NO_INTERVIEW + "不能推荐。"
    decl.refresh_from_db()
    assert decl.state == State.UNIT_NOTICE
    assert AuditEvent.objects.count() == before


def test_recommend_without_deliberation_refused(noticed):
    decl, user = noticed
    interview(decl, user)
    with pytest.raises(Refused) as exc:
        perform("recommend", decl.pk, actor=user)
    assert exc.value.code == "deliberation_required"
    assert exc.value.message == (
        "尚未记录单位审议情况及推荐意见，不能推荐（桂职办〔2017〕26号 §4.1.4）。")
    decl.refresh_from_db()
    assert decl.state == State.UNIT_NOTICE


def test_intermediate_level_needs_no_interview(h):
    decl = h.make(State.UNIT_NOTICE, level=Level.INTERMEDIATE)
    user = h.hr(decl)
    h.pledge(user, decl.plan)
    deliberate(decl, user)
    assert perform("recommend", decl.pk, actor=user).state == State.RECOMMENDED


def test_senior_level_label_in_message(h):
    decl = h.make(State.UNIT_NOTICE, level=Level.SENIOR)
    user = h.hr(decl)
    h.pledge(user, decl.plan)
    with pytest.raises(Refused) as exc:
        deliberate(decl, user)
    assert exc.value.message.startswith("申报正高级专业技术资格的人员")


@pytest.mark.parametrize(("call", "code", "message"), [
    (lambda d, u: interview(d, u, D(2017, 7, 11)), "future_date",
     "面试答辩日期（2017年7月11日）不能晚于今天，请在面试答辩举行后再记录。"),
    (lambda d, u: record_interview(d.pk, actor=u, held_on=D(2017, 7, 6), panel=" ",
                                   result="passed", minutes="x"), "field_required",
     "请填写答辩小组成员（桂职办〔2017〕26号 §4.1.4）。"),
    (lambda d, u: interview(d, u, result="maybe"), "bad_result", "答辩结果只能是通过或未通过。"),
    (lambda d, u: record_deliberation(d.pk, actor=u, held_on=D(2017, 7, 8), participants="全体",
                                      opinion="同意", recommendation=""), "field_required",
     "请填写单位推荐意见（桂职办〔2017〕26号 §4.1.4）。"),
])
def test_bad_records_are_refused(noticed, call, code, message):
    decl, user = noticed
    with pytest.raises(Refused) as exc:
        call(decl, user)
    assert (exc.value.code, exc.value.message) == (code, message)
    assert not Interview.objects.exists() and not Deliberation.objects.exists()


def test_records_need_the_right_state_pledge_and_scope(h):
    decl = h.make(State.SUBMITTED)
    user = h.hr(decl)
    with pytest.raises(Refused) as exc:
        interview(decl, user)
    assert exc.value.code == "wrong_state"
    assert exc.value.message == ("申报当前状态为「已提交，待单位审核」，不能记录面试答辩"
                                 "（桂职办〔2017〕26号 §4.1.4）。")
    decl.state = State.UNIT_REVIEW
    decl.save()
    with pytest.raises(Refused) as exc:
        interview(decl, user)
    assert exc.value.code == "pledge_required"
    with pytest.raises(NotFound):
        interview(decl, h.hr(h.make()))
    assert not Interview.objects.exists()
