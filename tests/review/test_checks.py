"""§4.1.2: per-item checks; with a hosted archive the unit and the centre each check; the
unit notice needs every item checked by every party and nothing false."""

import datetime

import pytest
from django.utils import timezone

from zhicheng.audit.domain import events_for
from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.declarations.domain.conditions import Context
from zhicheng.declarations.domain.workflow import perform
from zhicheng.declarations.models import State
from zhicheng.review.domain.checks import Entry, check_status, current_checks, record_checks
from zhicheng.review.guards import items_checked
from zhicheng.review.models import CheckParty, CheckResult, ItemCheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewing(h):
    decl = h.make(State.UNIT_REVIEW)
    user = h.hr(decl)
    h.pledge(user, decl.plan)
    return decl, user


def test_checks_record_party_result_remark_checker_and_are_audited(reviewing):
    decl, user = reviewing
    made = record_checks(decl.pk, actor=user, entries=[
        Entry("education", "verified"), Entry("papers", "doubtful", " 期刊为增刊 ")])

    assert [(c.item, c.party, c.result, c.remark) for c in made] == [
        ("education", "unit", "verified", ""), ("papers", "unit", "doubtful", "期刊为增刊")]
    assert all(c.checked_by == user and c.checker_unit == decl.unit for c in made)
    [event] = events_for(made[1])
    assert (event.action, event.actor_id, event.role, event.note) == (
        "review.item_check", user.pk, "unit_hr", "期刊为增刊")


def test_an_unchanged_conclusion_is_not_recorded_again(reviewing):
    decl, user = reviewing
    record_checks(decl.pk, actor=user, entries=[Entry("papers", "doubtful", "期刊为增刊")])
    again = record_checks(decl.pk, actor=user, entries=[
        Entry("papers", "doubtful", " 期刊为增刊 "), Entry("education", "verified")])
    assert [c.item for c in again] == ["education"]
    assert ItemCheck.objects.filter(declaration=decl).count() == 2


def test_a_new_check_supersedes_and_the_old_one_stays(reviewing):
    decl, user = reviewing
    record_checks(decl.pk, actor=user, entries=[Entry("papers", "doubtful", "期刊为增刊")])
    record_checks(decl.pk, actor=user, entries=[Entry("papers", "verified", "已核实原件")])
    assert current_checks(decl)[("unit", "papers")].result == "verified"
    assert ItemCheck.objects.filter(declaration=decl).count() == 2


@pytest.mark.parametrize(("entries", "code", "message"), [
    ([], "nothing_to_record", "请至少填写一项审核结论。"),
    ([Entry("salary", "verified")], "bad_item",
     "没有「salary」这一审核项目（桂职办〔2017〕26号 §4.1.2）。"),
    ([Entry("education", "ok")], "bad_result",
     "「学历」的审核结论只能是属实、存疑或虚假（桂职办〔2017〕26号 §4.1.2）。"),
    ([Entry("seniority", "doubtful", "  ")], "remark_required",
     "「资历」审核结论为「存疑」，须填写审核意见，说明存疑或虚假之处"
     "（桂职办〔2017〕26号 §4.1.2）。"),
    ([Entry("education", "verified"), Entry("papers", "false")], "remark_required",
     "「论文著作」审核结论为「虚假」，须填写审核意见，说明存疑或虚假之处"
     "（桂职办〔2017〕26号 §4.1.2）。"),
    ([Entry("papers", "verified"), Entry("papers", "false", "x")], "duplicate_item",
     "「论文著作」重复填写。"),
])
def test_bad_checks_are_refused_whole(reviewing, entries, code, message):
    decl, user = reviewing
    before = AuditEvent.objects.count()
    with pytest.raises(Refused) as exc:
        record_checks(decl.pk, actor=user, entries=entries)
    assert (exc.value.code, exc.value.message) == (code, message)
    assert not ItemCheck.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("state", [State.SUBMITTED, State.UNIT_NOTICE, State.RECOMMENDED])
def test_checks_only_during_unit_review(h, state):
    decl = h.make(state)
    user = h.hr(decl)
    h.pledge(user, decl.plan)
    with pytest.raises(Refused) as exc:
        record_checks(decl.pk, actor=user, entries=[Entry("education", "verified")])
    assert exc.value.code == "wrong_state"
    assert exc.value.message.endswith(
        "材料逐项审核须在开始单位审核后、公示之前进行（桂职办〔2017〕26号 §4.1.2）。")
    assert not ItemCheck.objects.exists()


def test_checks_need_the_pledge(h):
    decl = h.make(State.UNIT_REVIEW)
    with pytest.raises(Refused) as exc:
        record_checks(decl.pk, actor=h.hr(decl), entries=[Entry("education", "verified")])
    assert exc.value.code == "pledge_required"


def test_other_units_hr_and_the_applicant(h, reviewing):
    decl, _ = reviewing
    other = h.make(State.UNIT_REVIEW)
    with pytest.raises(NotFound):
        record_checks(decl.pk, actor=h.hr(other), entries=[Entry("education", "verified")])
    with pytest.raises(Refused) as exc:
        record_checks(decl.pk, actor=decl.applicant, entries=[Entry("education", "verified")])
    assert exc.value.message == (
        "单位审核事项只能由申报人所在单位人事（职改）部门或其档案管理部门办理"
        "（桂职办〔2017〕26号 §4.1.1）。")
    assert not ItemCheck.objects.exists()


def test_notice_refused_until_every_item_checked(h, reviewing):
    decl, user = reviewing
    record_checks(decl.pk, actor=user, entries=[Entry("education", "verified"),
                                                Entry("seniority", "verified")])
    with pytest.raises(Refused) as exc:
        perform("post_unit_notice", decl.pk, actor=user)
    assert exc.value.code == "items_unchecked"
    assert exc.value.message == (
        "尚有材料未逐项审核（所在单位：专业技术经历、业绩成果、论文著作、免试证明），"
        "全部审核后方可公示（桂职办〔2017〕26号 §4.1.2）。")
    decl.refresh_from_db()
    assert decl.state == State.UNIT_REVIEW

    h.check_all(decl, user, CheckResult.DOUBTFUL)  # doubtful items may still be posted
    assert perform("post_unit_notice", decl.pk, actor=user).state == State.UNIT_NOTICE


def test_false_item_blocks_the_notice(h, reviewing):
    decl, user = reviewing
    h.check_all(decl, user)
    record_checks(decl.pk, actor=user, entries=[Entry("education", "false", "学历证书系伪造")])
    with pytest.raises(Refused) as exc:
        perform("post_unit_notice", decl.pk, actor=user)
    assert exc.value.code == "item_false"
    assert exc.value.message == (
        "以下材料经审核为虚假：学历（所在单位）。材料虚假的申报不得公示推荐，"
        "请作出审核不通过决定（桂职办〔2017〕26号 §4.1.2）。")
    decl.refresh_from_db()
    assert decl.state == State.UNIT_REVIEW
    # The unit may still reject it, with reasons.
    assert perform("unit_reject", decl.pk, actor=user,
                   reason="学历证书系伪造").state == State.REJECTED


def test_hosted_archive_needs_both_parties(h):
    decl = h.make(State.UNIT_REVIEW, hosted=True)
    unit_user, centre_user = h.hr(decl), h.centre(decl)
    h.pledge(unit_user, decl.plan)
    h.pledge(centre_user, decl.plan, name="赵中心")
    h.check_all(decl, unit_user)

    status = check_status(decl)
    assert status.missing_text() == (
        "档案管理部门（人才交流服务中心）：学历、资历、专业技术经历、业绩成果、论文著作、免试证明")
    with pytest.raises(Refused) as exc:
        perform("post_unit_notice", decl.pk, actor=unit_user)
    assert exc.value.code == "items_unchecked"

    made = h.check_all(decl, centre_user)
    assert {c.party for c in made} == {CheckParty.TALENT_CENTRE}
    assert all(c.checker_unit == decl.host_centre for c in made)
    assert perform("post_unit_notice", decl.pk, actor=unit_user).state == State.UNIT_NOTICE


def test_checks_before_the_last_submission_do_not_count(h, reviewing):
    """A returned and resubmitted declaration is checked afresh."""
    decl, user = reviewing
    h.check_all(decl, user)
    decl.submitted_at = timezone.now() + datetime.timedelta(seconds=1)
    decl.save()
    assert check_status(decl).missing_text().startswith("所在单位：学历、资历")
    with pytest.raises(Refused):
        items_checked(Context("post_unit_notice", decl, user, None, datetime.date(2017, 7, 10)))
