"""Two offices deciding the same case at once (PostgreSQL, real row locks): one wins, the
other is told the case was decided meanwhile; there is one decision and one record."""

import datetime
import threading

import pytest
from django.db import connection
from integrity.casework import answer, open_on

from zhicheng.core.domain.errors import Refused
from zhicheng.integrity.domain.cases import decide_false, decide_genuine
from zhicheng.integrity.models import CaseState, FraudCase, IntegrityRecord

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_decisions_at_once(decl, officer, regional):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are shown on PostgreSQL")
    case = open_on(decl, officer)
    answer(case, decl.applicant)
    start = threading.Barrier(2)
    outcomes: list = []

    def run(body):
        def target():
            try:
                start.wait(5)
                body()
                outcomes.append("ok")
            except Refused as exc:
                outcomes.append(exc)
            finally:
                connection.close()
        return threading.Thread(target=target)

    threads = [
        run(lambda: decide_genuine(case_id=case.pk, actor=officer, grounds="真实。")),
        run(lambda: decide_false(case_id=case.pk, actor=regional, grounds="伪造。",
                                 penalty="处罚。", period_to=datetime.date(2020, 7, 10))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    assert len(outcomes) == 2 and outcomes.count("ok") == 1
    loser = next(o for o in outcomes if isinstance(o, Refused))
    assert loser.code == "stale"
    assert "可能已由他人处理，请刷新页面" in loser.message
    state = FraudCase.objects.get().state
    assert state in (CaseState.GENUINE, CaseState.FALSE)
    assert IntegrityRecord.objects.count() == (1 if state == CaseState.FALSE else 0)
