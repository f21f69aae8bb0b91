"""Conflicts (回避), HotCRP's model: detected (same unit; same city in a cross-evaluation,
§5.3.1), declared by a member, asked for by an applicant (who is never told whether the person
sits), confirmed or dismissed by the chair with a reason (a vice-chair for the chair's own)."""

import pytest
from meeting_world import appointed, build, started

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.declarations.domain.scope import visible_declarations
from zhicheng.evaluation.domain.conflicts import (
    decide_conflict,
    declare_conflict,
    detect_conflicts,
    request_recusal,
)
from zhicheng.evaluation.models import Conflict, RecusalRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.ZHICHENG_TODAY = "2017-09-20"


def test_detection_same_unit_and_same_city_only_in_cross_evaluation_idempotent():
    w = build(cross_evaluation=True)
    e0, e3 = w.expert(0), w.expert(3)
    e0.employer_code = w.decls[1].unit.credit_code
    e0.save(update_fields=["employer_code"])
    e3.city = w.decls[0].unit.city
    e3.save(update_fields=["city"])
    found = detect_conflicts(w.session)
    assert sorted((c.expert_id, c.declaration_id, c.kind) for c in found) == sorted([
        (e0.pk, w.decls[1].pk, "same_unit"), (e3.pk, w.decls[0].pk, "same_city")])
    assert {c.source for c in found} == {"detected"}
    assert {c.state for c in found} == {"declared"}
    again = detect_conflicts(w.session)
    assert sorted(c.pk for c in again) == sorted(c.pk for c in found)
    assert Conflict.objects.count() == 2
    assert AuditEvent.objects.filter(action="evaluation.conflict.declare").count() == 2
    plain = build()
    e = plain.expert(3)
    e.city = plain.decls[0].unit.city
    e.save(update_fields=["city"])
    assert detect_conflicts(plain.session) == []


def test_a_member_declares_their_own_conflict_once():
    w = started(build())
    c = declare_conflict(actor=w.user(1), session_id=w.session.pk,
                         declaration_id=w.decls[1].pk, kind="teacher_student",
                         detail="申报人是我指导的研究生")
    assert (c.expert_id, c.source, c.state, c.declared_by_id) == (
        w.expert(1).pk, "expert", "declared", w.user(1).pk)
    with pytest.raises(Refused) as exc:
        declare_conflict(actor=w.user(1), session_id=w.session.pk,
                         declaration_id=w.decls[1].pk, kind="teacher_student", detail="再次")
    assert exc.value.code == "already_declared"
    assert Conflict.objects.count() == 1
    for kw, code in (({"kind": "same_city"}, "bad_kind"), ({"detail": " "}, "detail_required"),
                     ({"detail": "长" * 301}, "too_long")):
        args = {"kind": "relative", "detail": "亲属", **kw}
        with pytest.raises(Refused) as exc:
            declare_conflict(actor=w.user(1), session_id=w.session.pk,
                             declaration_id=w.decls[0].pk, **args)
        assert exc.value.code == code
    with pytest.raises(NotFound):  # not a member
        declare_conflict(actor=w.secretariat, session_id=w.session.pk,
                         declaration_id=w.decls[0].pk, kind="other", detail="x")
    with pytest.raises(NotFound):  # not an applicant of this session
        declare_conflict(actor=w.user(1), session_id=w.session.pk,
                         declaration_id=build().decls[0].pk, kind="other", detail="x")


def test_the_chair_confirms_and_the_member_loses_the_dossier():
    w = started(build())
    c = declare_conflict(actor=w.user(1), session_id=w.session.pk,
                         declaration_id=w.decls[0].pk, kind="relative", detail="表亲")
    assert w.decls[0] in visible_declarations(w.user(1))
    with pytest.raises(Refused) as exc:  # a vice-chair is not the chair
        decide_conflict(actor=w.user(3), conflict_id=c.pk, confirm=True, reason="属实")
    assert exc.value.code == "not_chair"
    with pytest.raises(Refused) as exc:
        decide_conflict(actor=w.user(2), conflict_id=c.pk, confirm=True, reason=" ")
    assert exc.value.code == "detail_required"
    c = decide_conflict(actor=w.user(2), conflict_id=c.pk, confirm=True, reason="属实，回避")
    assert (c.state, c.decided_by_id, c.decision_reason) == ("confirmed", w.user(2).pk,
                                                             "属实，回避")
    assert w.decls[0] not in visible_declarations(w.user(1))
    assert w.decls[1] in visible_declarations(w.user(1))
    with pytest.raises(Refused) as exc:  # a double click
        decide_conflict(actor=w.user(2), conflict_id=c.pk, confirm=False, reason="改主意")
    assert exc.value.code == "already_decided"
    ev = AuditEvent.objects.get(action="evaluation.conflict.decide")
    assert ev.after["state"] == "confirmed" and ev.note == "属实，回避"


def test_the_chairs_own_conflict_is_decided_by_a_vice_chair():
    w = started(build())
    c = declare_conflict(actor=w.user(2), session_id=w.session.pk,
                         declaration_id=w.decls[1].pk, kind="collaborator", detail="合作项目")
    with pytest.raises(Refused) as exc:
        decide_conflict(actor=w.user(2), conflict_id=c.pk, confirm=False, reason="无")
    assert exc.value.code == "own_conflict"
    assert "副主任委员" in exc.value.message
    with pytest.raises(Refused) as exc:
        decide_conflict(actor=w.user(4), conflict_id=c.pk, confirm=False, reason="无")
    assert exc.value.code == "vice_chair"
    c = decide_conflict(actor=w.user(3), conflict_id=c.pk, confirm=False, reason="合作已结束")
    assert c.state == "dismissed"
    assert w.decls[1] in visible_declarations(w.user(2))


def test_another_sessions_member_cannot_see_or_decide():
    w = started(build())
    other = appointed(build())
    c = declare_conflict(actor=w.user(1), session_id=w.session.pk,
                         declaration_id=w.decls[0].pk, kind="other", detail="x")
    with pytest.raises(NotFound):
        decide_conflict(actor=other.user(2), conflict_id=c.pk, confirm=True, reason="y")
    with pytest.raises(NotFound):
        decide_conflict(actor=w.user(2), conflict_id=999999, confirm=True, reason="y")


def test_an_applicants_request_matches_a_seated_person_by_name_and_unit():
    w = started(build())
    target = w.expert(4)
    decl = w.decls[1]
    req = request_recusal(actor=decl.applicant, declaration_id=decl.pk,
                          person_name=target.user.real_name,
                          employer_name=target.employer_name, kind="other",
                          detail="曾有学术争议")
    c = Conflict.objects.get()
    assert (c.expert_id, c.declaration_id, c.source, c.state, c.kind) == (
        target.pk, decl.pk, "applicant", "declared", "other")
    assert "曾有学术争议" in c.detail
    again = request_recusal(actor=decl.applicant, declaration_id=decl.pk,
                            person_name=target.user.real_name,
                            employer_name=target.employer_name, kind="other", detail="再次")
    assert again.pk == req.pk and Conflict.objects.count() == 1
    # A person not seated (or of another unit): kept, and nothing tells the applicant.
    request_recusal(actor=decl.applicant, declaration_id=decl.pk, person_name="不在场",
                    employer_name="", kind="relative", detail="亲属")
    request_recusal(actor=decl.applicant, declaration_id=decl.pk,
                    person_name=target.user.real_name, employer_name="另一个单位",
                    kind="relative", detail="亲属")
    assert RecusalRequest.objects.count() == 3
    assert Conflict.objects.count() == 1


def test_a_request_before_the_session_is_matched_when_it_starts():
    w = appointed(build())
    decl = w.decls[0]
    request_recusal(actor=decl.applicant, declaration_id=decl.pk,
                    person_name=w.user(1).real_name, employer_name="", kind="relative",
                    detail="配偶的兄弟")
    assert Conflict.objects.count() == 1  # seated after the draw: matched at once
    from zhicheng.evaluation.domain.meeting import start_session

    start_session(actor=w.secretariat, session_id=w.session.pk)
    assert Conflict.objects.filter(source="applicant").count() == 1  # idempotent


def test_recusal_requests_only_on_ones_own_declaration_after_hand_over():
    w = build()
    decl = w.decls[0]
    with pytest.raises(NotFound):
        request_recusal(actor=w.decls[1].applicant, declaration_id=decl.pk,
                        person_name="某人", employer_name="", kind="other", detail="x")
    decl.state = "office_review"
    decl.save(update_fields=["state"])
    with pytest.raises(Refused) as exc:
        request_recusal(actor=decl.applicant, declaration_id=decl.pk, person_name="某人",
                        employer_name="", kind="other", detail="x")
    assert exc.value.code == "wrong_state"
    decl.state = "accepted_by_committee"
    decl.save(update_fields=["state"])
    for kw, code in (({"person_name": "某"}, "name_required"), ({"kind": "x"}, "bad_kind"),
                     ({"detail": ""}, "detail_required")):
        args = {"person_name": "某人", "employer_name": "", "kind": "other", "detail": "x", **kw}
        with pytest.raises(Refused) as exc:
            request_recusal(actor=decl.applicant, declaration_id=decl.pk, **args)
        assert exc.value.code == code
    assert RecusalRequest.objects.count() == 0
