"""Posting unit notices (§4.1.3), supplementary notices created by the system."""

import datetime

import pytest
from factories import UnitFactory, official

from zhicheng.audit.domain import events_for
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.domain.scopes import assignments_of
from zhicheng.core.models import Role
from zhicheng.declarations.models import Achievement, Declaration, State
from zhicheng.notices.domain.errors import NoticeRefused
from zhicheng.notices.domain.posting import needing_supplement, post_notice
from zhicheng.notices.models import Notice, NoticeEntry

pytestmark = pytest.mark.django_db

POST_DAY = datetime.date(2017, 7, 10)


def assignment_of(user):
    return assignments_of(user)[0]


def _post(hr, decls, **kw):
    return post_notice(actor=hr, assignment=assignment_of(hr),
                       declaration_ids=[d.pk for d in decls], **kw)


def _states(*decls):
    return [Declaration.objects.get(pk=d.pk).state for d in decls]


def test_post_regular_notice_snapshots_what_is_declared(hr, unit, make_decl):
    a = make_decl("张三")
    Achievement.objects.create(declaration=a, kind="paper", title="大跨度桥梁抗震设计研究",
                               achieved_on=datetime.date(2015, 3, 1))
    b = make_decl("李四")
    [notice] = _post(hr, [a, b], notes="异议受理电话：0771-1234567")
    assert (notice.unit, notice.kind, notice.starts_on, notice.working_days, notice.ends_on,
            notice.posted_by, notice.posted_role, notice.calendar_warning, notice.notes) == (
        unit, "regular", POST_DAY, 5, datetime.date(2017, 7, 14), hr, Role.UNIT_HR, "",
        "异议受理电话：0771-1234567")
    entry = NoticeEntry.objects.get(notice=notice, declaration=a)
    assert (entry.name, entry.series_name, entry.level, entry.level_label,
            entry.kind_label) == ("张三", "工程", "deputy_senior", "副高级", "正常申报")
    assert entry.materials == [{"group": "现有职称", "title": "工程师"},
                               {"group": "论文著作", "title": "大跨度桥梁抗震设计研究"}]
    assert len(entry.content_hash) == 64
    assert (entry.pinyin_key, entry.stroke_key) == (
        "zhang1 san1", "007|zhang1|张|03|zhang1 san1")
    assert _states(a, b) == [State.UNIT_NOTICE, State.UNIT_NOTICE]
    [event] = events_for(notice)
    assert (event.action, event.actor_id, event.role, event.scope) == (
        "notice.post", hr.pk, Role.UNIT_HR, f"unit:{unit.pk}")
    assert event.after["ends_on"] == "2017-07-14"
    assert event.after["entries"] == {str(a.pk): entry.content_hash,
                                      str(b.pk): NoticeEntry.objects.get(declaration=b)
                                      .content_hash}
    assert [e.action for e in events_for(a)] == ["declaration.post_unit_notice"]


def test_notice_across_national_day_ends_after_the_holiday(hr, make_decl, settings):
    settings.ZHICHENG_TODAY = "2017-08-31"
    a = make_decl()
    [notice] = _post(hr, [a], starts_on=datetime.date(2017, 9, 28))
    assert notice.ends_on == datetime.date(2017, 10, 10)


def test_a_review_guard_refusal_is_surfaced_per_declaration_and_nothing_is_posted(
        hr, make_decl, notice_guards_only):
    a, b = make_decl("张三"), make_decl("李四")

    def pledge_signed(ctx):
        if ctx.declaration.pk == b.pk:
            raise Refused("单位尚未签署承诺书（桂职办〔2017〕26号 §4.1.1）。", code="no_pledge")

    notice_guards_only["pledge_signed"] = pledge_signed
    with pytest.raises(NoticeRefused) as exc:
        _post(hr, [a, b])
    assert exc.value.problems == {b.pk: "单位尚未签署承诺书（桂职办〔2017〕26号 §4.1.1）。"}
    assert exc.value.message == ("以下申报暂不能公示，本次公示未发布——李四：单位尚未签署承诺书"
                                 "（桂职办〔2017〕26号 §4.1.1）。")
    assert Notice.objects.count() == 0 and NoticeEntry.objects.count() == 0
    assert _states(a, b) == [State.UNIT_REVIEW, State.UNIT_REVIEW]


def test_declaration_not_in_unit_review_is_refused(hr, make_decl):
    a = make_decl("王五", state=State.SUBMITTED)
    with pytest.raises(NoticeRefused) as exc:
        _post(hr, [a])
    assert exc.value.problems == {a.pk: "申报当前状态为「已提交，待单位审核」，只有单位审核中的"
                                        "申报（或公示后内容有变更的申报）可以公示"
                                        "（桂职办〔2017〕26号 §4.1.3）。"}
    assert Notice.objects.count() == 0 and _states(a) == [State.SUBMITTED]


@pytest.mark.parametrize(("kw", "message"), [
    ({"ids": []}, "请至少选择一名要公示的申报人。"),
    ({"working_days": 0}, "公示期应为1至60个工作日（桂职办〔2017〕26号 §4.1.3）。"),
    ({"working_days": 61}, "公示期应为1至60个工作日（桂职办〔2017〕26号 §4.1.3）。"),
    ({"starts_on": datetime.date(2017, 7, 7)},
     "公示开始日期（2017年7月7日）不能早于今天（2017年7月10日）（桂职办〔2017〕26号 §4.1.3）。"),
])
def test_bad_requests_are_refused(hr, make_decl, kw, message):
    a = make_decl()
    ids = kw.pop("ids", [a.pk])
    with pytest.raises(Refused) as exc:
        post_notice(actor=hr, assignment=assignment_of(hr), declaration_ids=ids, **kw)
    assert exc.value.message == message
    assert Notice.objects.count() == 0 and _states(a) == [State.UNIT_REVIEW]


def test_other_units_declarations_and_other_peoples_assignments_are_not_found(hr, make_decl):
    other = make_decl("赵六", unit=UnitFactory())
    with pytest.raises(NotFound):
        _post(hr, [other])
    stranger = official(Role.UNIT_HR, unit=UnitFactory())
    mine = make_decl("钱七")
    with pytest.raises(NotFound):
        post_notice(actor=stranger, assignment=assignment_of(hr), declaration_ids=[mine.pk])
    assert Notice.objects.count() == 0
    assert _states(other, mine) == [State.UNIT_REVIEW, State.UNIT_REVIEW]


def test_declaration_posted_before_gets_a_supplementary_notice(hr, make_decl):
    a, b = make_decl("张三"), make_decl("李四")
    [first] = _post(hr, [a])
    # Returned, corrected, resubmitted and back in review (as the workflow would bring it).
    a.state = State.UNIT_REVIEW
    a.save()
    notices = _post(hr, [a, b], starts_on=datetime.date(2017, 7, 17))
    assert sorted((n.kind, [e.declaration_id for e in n.entries.all()]) for n in notices) == [
        ("regular", [b.pk]), ("supplementary", [a.pk])]
    assert first.kind == "regular"


def test_changed_declaration_still_in_notice_needs_and_gets_a_supplementary_notice(
        hr, make_decl):
    a, b = make_decl("张三"), make_decl("李四")
    _post(hr, [a, b])
    assert needing_supplement(assignment_of(hr)) == []
    Achievement.objects.create(declaration=a, kind="award", title="省科技进步奖二等奖",
                               achieved_on=datetime.date(2016, 12, 1))
    assert [d.pk for d in needing_supplement(assignment_of(hr))] == [a.pk]

    with pytest.raises(NoticeRefused) as exc:
        _post(hr, [b])
    assert exc.value.problems == {
        b.pk: "已在公示中，公示后申报内容没有变更，无需补充公示（桂职办〔2017〕26号 §4.1.3）。"}

    [supp] = _post(hr, [a])
    assert supp.kind == "supplementary"
    assert {"group": "获奖", "title": "省科技进步奖二等奖"} in supp.entries.get().materials
    assert _states(a) == [State.UNIT_NOTICE]
    assert needing_supplement(assignment_of(hr)) == []
