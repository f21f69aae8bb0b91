"""§4.2.2 guards on the workflow: no hand-over to the committee, and no evaluation, while a
case is open; nothing further once false material is confirmed."""

import datetime

import pytest
from conftest import conditions_only
from factories import official
from integrity.casework import answer, head, open_on

from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import Role
from zhicheng.declarations.domain.conditions import implementation
from zhicheng.declarations.domain.workflow import BY_NAME, perform
from zhicheng.declarations.models import State
from zhicheng.integrity.domain.cases import decide_false, decide_genuine
from zhicheng.integrity.guards import no_confirmed_false_material, no_open_fraud_case

pytestmark = pytest.mark.django_db

REVIEW_DAY = datetime.date(2017, 7, 10)
EVALUATION_DAY = datetime.date(2017, 9, 11)
OURS = [no_open_fraud_case, no_confirmed_false_material]


@pytest.fixture
def only_our_guards(monkeypatch):
    """Other apps' guards (pledge, notice, education…) are tested by those apps; here the
    declaration is a bare factory one, so only this app's guards run."""
    conditions_only(monkeypatch, "zhicheng.integrity.guards")


def test_guards_are_registered():
    assert implementation("no_open_fraud_case") is no_open_fraud_case
    assert implementation("no_confirmed_false_material") is no_confirmed_false_material
    assert "no_open_fraud_case" in BY_NAME["accept_for_committee"].conditions
    assert "no_open_fraud_case" in BY_NAME["start_evaluation"].conditions
    for name in ("accept_for_committee", "start_evaluation", "record_pass",
                 "post_result_notice", "report", "approve", "certify"):
        assert "no_confirmed_false_material" in BY_NAME[name].conditions


def test_open_case_blocks_hand_over(decl, officer, only_our_guards):
    case = open_on(decl, officer)
    seq = head()
    with pytest.raises(Refused) as exc:
        perform("accept_for_committee", decl.pk, actor=officer,
                expected_state=State.OFFICE_REVIEW, today=REVIEW_DAY)
    assert exc.value.code == "fraud_case_open"
    assert exc.value.message == (
        f"该申报涉嫌提供虚假材料，核查案件 #{case.pk} 尚未结案（举证期限2017年7月17日），"
        "结案前不能移交评委会或开始评审（桂职办〔2017〕26号 §4.2.2）。")
    decl.refresh_from_db()
    assert decl.state == State.OFFICE_REVIEW
    assert head() == seq


def test_hand_over_goes_ahead_once_proven_genuine(decl, officer, only_our_guards):
    case = open_on(decl, officer)
    decide_genuine(case_id=case.pk, actor=officer, grounds="经核实证书真实。")
    perform("accept_for_committee", decl.pk, actor=officer, today=REVIEW_DAY)
    decl.refresh_from_db()
    assert decl.state == State.ACCEPTED_BY_COMMITTEE


def test_confirmed_false_blocks_hand_over(decl, officer, only_our_guards):
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    decide_false(case_id=case.pk, actor=officer, grounds="伪造。", penalty="取消申报资格。",
                 period_to=datetime.date(2020, 7, 10))
    with pytest.raises(Refused) as exc:
        perform("accept_for_committee", decl.pk, actor=officer, today=REVIEW_DAY)
    assert exc.value.message == (f"该申报已被认定提供虚假材料（核查案件 #{case.pk}），不能继续办理"
                                 "（桂职办〔2017〕26号 §4.2.2）。")
    decl.refresh_from_db()
    assert decl.state == State.OFFICE_REVIEW


def test_open_case_blocks_evaluation(decl, officer, only_our_guards, settings):
    decl.state = State.ACCEPTED_BY_COMMITTEE
    decl.save()
    open_on(decl, officer)
    secretary = official(Role.SECRETARIAT, committee=decl.committee)
    with pytest.raises(Refused) as exc:
        perform("start_evaluation", decl.pk, actor=secretary, today=EVALUATION_DAY)
    assert exc.value.code == "fraud_case_open"
    decl.refresh_from_db()
    assert decl.state == State.ACCEPTED_BY_COMMITTEE
