"""§4.1.1: the unit names its responsible reviewer and signs the pledge before any decision."""

import pytest

from zhicheng.audit.domain import events_for
from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role
from zhicheng.declarations.domain.workflow import perform
from zhicheng.declarations.models import State
from zhicheng.review.domain.pledges import sign_pledge
from zhicheng.review.models import Pledge
from zhicheng.review.models.immutable import ImmutableRecordError

pytestmark = pytest.mark.django_db

NO_PLEDGE = ("{unit}尚未签署2017年度审核承诺书：请先明确审查责任人、签署承诺书，"
             "再办理单位审核事项（桂职办〔2017〕26号 §4.1.1）。")


def test_signing_records_reviewer_text_account_and_time_and_is_audited(h):
    decl = h.make()
    user = h.hr(decl)

    p = h.pledge(user, decl.plan, name="王审核")

    assert (p.unit, p.plan, p.reviewer_name, p.reviewer_post) == (
        decl.unit, decl.plan, "王审核", "人事处处长")
    assert p.signed_by == user and p.signed_role == Role.UNIT_HR and p.signed_at is not None
    assert p.text.startswith(f"{decl.unit.name}申报审核承诺书\n")
    assert "明确人事处处长王审核为2017年度职称申报审查责任人" in p.text
    assert "桂职办〔2017〕26号" in p.text
    [event] = events_for(p)
    assert (event.action, event.actor_id, event.role, event.scope) == (
        "review.pledge.sign", user.pk, "unit_hr", f"unit:{decl.unit_id}")
    assert event.note == "审查责任人：王审核"


def test_second_signature_is_refused_and_changes_nothing(h):
    decl = h.make()
    h.pledge(h.hr(decl), decl.plan, name="王审核")
    before = AuditEvent.objects.count()

    with pytest.raises(Refused) as exc:
        h.pledge(h.hr(decl), decl.plan, name="李另签")

    assert exc.value.code == "already_signed"
    assert "（审查责任人：王审核），承诺书签署后不得更改。" in exc.value.message
    assert list(Pledge.objects.values_list("reviewer_name", flat=True)) == ["王审核"]
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(("name", "accepted", "code", "message"), [
    ("  ", True, "reviewer_required", "请填写审查责任人姓名（桂职办〔2017〕26号 §4.1.1）。"),
    ("王审核", False, "not_accepted",
     "请阅读承诺书全文并勾选“本单位承诺”后再签署（桂职办〔2017〕26号 §4.1.1）。"),
    ("王" * 41, True, "too_long", "审查责任人姓名、职务均不超过40个字。"),
])
def test_bad_pledge_input_is_refused(h, name, accepted, code, message):
    decl = h.make()
    with pytest.raises(Refused) as exc:
        sign_pledge(actor=h.hr(decl), plan=decl.plan, reviewer_name=name, accepted=accepted)
    assert (exc.value.code, exc.value.message) == (code, message)
    assert not Pledge.objects.exists()


def test_only_unit_side_may_sign(h):
    decl = h.make()
    with pytest.raises(NotFound):
        h.pledge(decl.applicant, decl.plan)
    assert not Pledge.objects.exists()


def test_signed_pledge_cannot_be_changed_or_deleted(h):
    decl = h.make()
    p = h.pledge(h.hr(decl), decl.plan)
    p.reviewer_name = "改名"
    with pytest.raises(ImmutableRecordError, match="审核承诺书一经记录不得修改"):
        p.save()
    with pytest.raises(ImmutableRecordError, match="审核承诺书一经记录不得删除"):
        p.delete()
    assert Pledge.objects.get().reviewer_name == "王审核"


@pytest.mark.parametrize(("name", "state"), [
    ("start_unit_review", State.SUBMITTED),
    ("unit_return", State.SUBMITTED),
    ("unit_return", State.UNIT_REVIEW),
    ("unit_reject", State.UNIT_REVIEW),
    ("post_unit_notice", State.UNIT_REVIEW),
    ("recommend", State.UNIT_NOTICE),
])
def test_no_unit_decision_without_pledge(h, name, state):
    decl = h.make(state)
    before = AuditEvent.objects.count()

    with pytest.raises(Refused) as exc:
        perform(name, decl.pk, actor=h.hr(decl), reason="材料不全。")

    assert exc.value.code == "pledge_required"
    assert exc.value.message == NO_PLEDGE.format(unit=decl.unit.name)
    decl.refresh_from_db()
    assert decl.state == state
    assert AuditEvent.objects.count() == before


def test_with_pledge_unit_review_starts(h):
    decl = h.make()
    user = h.hr(decl)
    h.pledge(user, decl.plan)
    assert perform("start_unit_review", decl.pk, actor=user).state == State.UNIT_REVIEW


def test_talent_centre_needs_its_own_pledge(h):
    """The unit's pledge does not cover the archive holder acting (§3.1.1, §4.1.1)."""
    decl = h.make(hosted=True)
    h.pledge(h.hr(decl), decl.plan)
    user = h.centre(decl)

    with pytest.raises(Refused) as exc:
        perform("start_unit_review", decl.pk, actor=user)
    assert exc.value.message == NO_PLEDGE.format(unit="南宁市人才交流服务中心")

    h.pledge(user, decl.plan, name="赵中心")
    assert perform("start_unit_review", decl.pk, actor=user).state == State.UNIT_REVIEW
    assert Pledge.objects.count() == 2


def test_another_units_hr_gets_not_found(h):
    decl = h.make()
    other = h.make()
    stranger = h.hr(other)
    h.pledge(stranger, other.plan)
    with pytest.raises(NotFound):
        perform("start_unit_review", decl.pk, actor=stranger)
    decl.refresh_from_db()
    assert decl.state == State.SUBMITTED


def test_guards_registered(h):
    from zhicheng.declarations.domain.conditions import implementation
    from zhicheng.declarations.domain.workflow import BY_NAME
    from zhicheng.review import guards

    for name in ("start_unit_review", "unit_return", "unit_reject", "post_unit_notice",
                 "recommend"):
        assert "pledge_signed" in BY_NAME[name].conditions
    assert "items_checked" in BY_NAME["post_unit_notice"].conditions
    assert "deliberated_after_interview" in BY_NAME["recommend"].conditions
    assert implementation("pledge_signed").__module__ == guards.__name__
    assert implementation("items_checked").__module__ == guards.__name__
    assert implementation("deliberated_after_interview").__module__ == guards.__name__
