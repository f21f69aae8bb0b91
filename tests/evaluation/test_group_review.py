"""Group review and deliberation (§5.3.2): opinions per applicant of the member's group,
editable until the group report; the leader's report once every present member has given
theirs; the chair's (or secretariat's) record of the collective deliberation."""

import pytest
from meeting_world import build, started

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.evaluation.domain.conflicts import decide_conflict, declare_conflict
from zhicheng.evaluation.domain.group_review import (
    group_status,
    record_deliberation,
    record_group_report,
    record_opinion,
)
from zhicheng.evaluation.models import Deliberation, GroupReport, Opinion, Seat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.ZHICHENG_TODAY = "2017-09-20"


def opine(w, i, recommend=True, d=1, **kw):
    return record_opinion(actor=w.user(i), session_id=w.session.pk,
                          declaration_id=w.decls[d].pk, recommend=recommend, **kw)


def test_an_opinion_is_the_members_own_and_editable_until_the_report():
    w = started(build())
    o = opine(w, 3, remark="业绩突出")
    assert (o.expert_id, o.recommend, o.remark, o.score) == (w.expert(3).pk, True,
                                                            "业绩突出", None)
    o = opine(w, 3, recommend=False, remark="论文不足")
    assert Opinion.objects.count() == 1
    assert (o.recommend, o.remark) == (False, "论文不足")
    ev = AuditEvent.objects.filter(action="evaluation.opinion.record").last()
    assert "recommend" not in ev.after  # the audit says an opinion was given, not which


def test_opinion_refusals():
    w = build()
    with pytest.raises(Refused) as exc:
        opine(w, 3)
    assert exc.value.code == "not_started"
    started(w)
    with pytest.raises(Refused) as exc:  # building member on a road applicant
        opine(w, 0)
    assert exc.value.code == "wrong_group"
    with pytest.raises(Refused) as exc:
        opine(w, 3, score=90)
    assert exc.value.code == "no_criteria"
    with pytest.raises(Refused) as exc:
        opine(w, 3, remark="长" * 501)
    assert exc.value.code == "too_long"
    with pytest.raises(NotFound):
        record_opinion(actor=w.secretariat, session_id=w.session.pk,
                       declaration_id=w.decls[1].pk, recommend=True)
    assert Opinion.objects.count() == 0


def test_a_recused_member_gets_the_404():
    w = started(build())
    c = declare_conflict(actor=w.user(4), session_id=w.session.pk,
                         declaration_id=w.decls[1].pk, kind="relative", detail="亲属")
    decide_conflict(actor=w.user(2), conflict_id=c.pk, confirm=True, reason="属实")
    with pytest.raises(NotFound):
        opine(w, 4)


def test_the_leader_sees_counts_only_when_the_group_is_complete():
    w = started(build())
    opine(w, 2, True)
    opine(w, 3, False)
    status = group_status(w.session, w.decls[1])
    assert [s.expert_id for s in status.missing] == [w.expert(4).pk]
    assert (status.complete, status.for_count, status.against_count) == (False, 0, 0)
    with pytest.raises(Refused) as exc:
        record_group_report(actor=w.user(2), session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, recommend=True, summary="同意")
    assert exc.value.code == "incomplete"
    assert w.user(4).real_name in exc.value.message
    opine(w, 4, True)
    status = group_status(w.session, w.decls[1])
    assert (status.complete, status.for_count, status.against_count) == (True, 2, 1)
    with pytest.raises(Refused) as exc:  # not the leader
        record_group_report(actor=w.user(3), session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, recommend=True, summary="同意")
    assert exc.value.code == "not_leader"
    with pytest.raises(Refused) as exc:
        record_group_report(actor=w.user(2), session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, recommend=True, summary=" ")
    assert exc.value.code == "summary_required"
    r = record_group_report(actor=w.user(2), session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, recommend=True,
                            summary="业绩符合条件，建议推荐")
    assert (r.group, r.recommend, r.for_count, r.against_count) == ("road_bridge", True, 2, 1)
    with pytest.raises(Refused) as exc:  # a double click
        record_group_report(actor=w.user(2), session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, recommend=True, summary="again")
    assert exc.value.code == "already_reported"
    assert GroupReport.objects.count() == 1
    with pytest.raises(Refused) as exc:
        opine(w, 3, True)
    assert exc.value.code == "reported"


def test_absent_and_recused_members_are_not_waited_for():
    w = started(build())
    now = w.session.started_at
    for i in (2, 3):
        seat = Seat.objects.get(session=w.session, expert=w.expert(i))
        seat.checked_in_at = now
        seat.save(update_fields=["checked_in_at"])
    opine(w, 2, True)
    c = declare_conflict(actor=w.user(3), session_id=w.session.pk,
                         declaration_id=w.decls[1].pk, kind="relative", detail="亲属")
    decide_conflict(actor=w.user(2), conflict_id=c.pk, confirm=True, reason="属实")
    status = group_status(w.session, w.decls[1])
    assert [s.expert_id for s in status.expected] == [w.expert(2).pk]
    assert (status.complete, status.for_count) == (True, 1)


def test_deliberation_by_the_chair_or_the_secretariat_after_the_group_report():
    w = started(build())
    with pytest.raises(Refused) as exc:
        record_deliberation(actor=w.user(2), session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, notes="讨论")
    assert exc.value.code == "no_group_report"
    for i in (2, 3, 4):
        opine(w, i, True)
    record_group_report(actor=w.user(2), session_id=w.session.pk,
                        declaration_id=w.decls[1].pk, recommend=True, summary="推荐")
    with pytest.raises(Refused) as exc:
        record_deliberation(actor=w.user(3), session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, notes="讨论")
    assert exc.value.code == "not_chair"
    d = record_deliberation(actor=w.user(2), session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, notes="委员一致认为业绩突出")
    assert (d.notes, d.recorded_by_id) == ("委员一致认为业绩突出", w.user(2).pk)
    record_deliberation(actor=w.user(2), session_id=w.session.pk,
                        declaration_id=w.decls[1].pk, notes="委员一致认为业绩突出")
    assert AuditEvent.objects.filter(action="evaluation.deliberation.record").count() == 1
    d = record_deliberation(actor=w.secretariat, session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, notes="更正：多数委员认为业绩突出")
    assert (d.notes, d.recorded_by_id) == ("更正：多数委员认为业绩突出", w.secretariat.pk)
    assert Deliberation.objects.count() == 1
    ev = AuditEvent.objects.filter(action="evaluation.deliberation.record").last()
    assert ev.before == {"notes": "委员一致认为业绩突出"}
    with pytest.raises(Refused) as exc:
        record_deliberation(actor=w.user(2), session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, notes=" ")
    assert exc.value.code == "notes_required"
    with pytest.raises(NotFound):
        record_deliberation(actor=build().secretariat, session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, notes="x")


def test_a_recused_leader_is_replaced_by_the_chair_and_a_recused_chair_by_a_vice_chair():
    w = started(build())  # chair and road leader: expert 2; vice-chair: expert 3
    d = w.decls[0].pk  # a building applicant: leader expert 0
    c = declare_conflict(actor=w.user(0), session_id=w.session.pk, declaration_id=d,
                         kind="relative", detail="亲属")
    decide_conflict(actor=w.user(2), conflict_id=c.pk, confirm=True, reason="属实")
    opine(w, 1, True, d=0)
    with pytest.raises(Refused) as exc:  # the vice-chair is not the one
        record_group_report(actor=w.user(3), session_id=w.session.pk, declaration_id=d,
                            recommend=True, summary="推荐")
    assert exc.value.code == "not_leader"
    r = record_group_report(actor=w.user(2), session_id=w.session.pk, declaration_id=d,
                            recommend=True, summary="推荐")
    assert (r.for_count, r.against_count, r.recorded_by_id) == (1, 0, w.user(2).pk)
    # Now the chair is recused from the road applicant: the vice-chair presides.
    for i in (2, 3, 4):
        opine(w, i, True)
    record_group_report(actor=w.user(2), session_id=w.session.pk,
                        declaration_id=w.decls[1].pk, recommend=True, summary="推荐")
    c = declare_conflict(actor=w.user(2), session_id=w.session.pk,
                         declaration_id=w.decls[1].pk, kind="other", detail="合作")
    decide_conflict(actor=w.user(3), conflict_id=c.pk, confirm=True, reason="属实")
    with pytest.raises(NotFound):
        record_deliberation(actor=w.user(2), session_id=w.session.pk,
                            declaration_id=w.decls[1].pk, notes="x")
    with pytest.raises(Refused) as exc:  # the vice-chair only where the chair is recused
        record_deliberation(actor=w.user(3), session_id=w.session.pk, declaration_id=d,
                            notes="x")
    assert exc.value.code == "not_chair"
    dl = record_deliberation(actor=w.user(3), session_id=w.session.pk,
                             declaration_id=w.decls[1].pk, notes="副主任委员主持评议")
    assert dl.recorded_by_id == w.user(3).pk
