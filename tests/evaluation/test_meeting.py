"""The meeting (§5.3.2): appointment of chair, vice-chairs and group leaders by the
secretariat; the start (each declaration under evaluation through the workflow, conflicts
detected) and the end (only when every declaration has its result)."""

import pytest
from factories import official
from meeting_world import appointed, build, started

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Role
from zhicheng.declarations.models import Declaration, State
from zhicheng.evaluation.domain.meeting import appoint, end_session, start_session
from zhicheng.evaluation.models import Conflict, MemberDraw, Seat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.ZHICHENG_TODAY = "2017-09-20"


def roles(w):
    return {s.expert.code: (s.role, s.group_leader)
            for s in Seat.objects.filter(session=w.session).select_related("expert")}


def test_appointment_sets_chair_vice_chairs_and_leaders_audited():
    w = appointed(build())
    e = [x.code for x in w.experts]
    assert roles(w) == {e[0]: ("member", True), e[1]: ("member", False),
                        e[2]: ("chair", True), e[3]: ("vice_chair", False),
                        e[4]: ("member", False)}
    ev = AuditEvent.objects.filter(action="evaluation.session.appoint").get()
    assert ev.after == {"chair": e[2], "vice_chairs": [e[3]],
                        "leaders": {"building": e[0], "road_bridge": e[2]}}
    # Redone before the start: the earlier roles are cleared.
    appoint(actor=w.secretariat, session_id=w.session.pk, chair=e[4], vice_chairs=[],
            leaders={"building": e[1], "road_bridge": e[3]})
    assert roles(w) == {e[0]: ("member", False), e[1]: ("member", True),
                        e[2]: ("member", False), e[3]: ("member", True),
                        e[4]: ("chair", False)}


@pytest.mark.parametrize(("kw", "code"), [
    ({"chair": "E9999"}, "not_member"),
    ({"vice_chairs": ["E9999"]}, "not_member"),
    ({"leaders": {"building": 2, "road_bridge": 2}}, "wrong_group"),
    ({"leaders": {"building": 0}}, "leader_required"),
    ({"leaders": {"building": 0, "road_bridge": 2, "nope": 1}}, "bad_group"),
    ({"vice_chairs": [2]}, "chair_is_vice"),
])
def test_appointment_refusals(kw, code):
    w = build()
    args = {"chair": w.expert(2).code, "vice_chairs": [w.expert(3).code],
            "leaders": {"building": w.expert(0).code, "road_bridge": w.expert(2).code}}
    for k, v in kw.items():
        if k == "leaders":
            v = {g: (w.expert(i).code if isinstance(i, int) else i) for g, i in v.items()}
        elif k == "vice_chairs":
            v = [w.expert(i).code if isinstance(i, int) else i for i in v]
        args[k] = v
    with pytest.raises(Refused) as exc:
        appoint(actor=w.secretariat, session_id=w.session.pk, **args)
    assert exc.value.code == code
    assert not Seat.objects.filter(session=w.session).exclude(role="member").exists()
    assert not AuditEvent.objects.filter(action="evaluation.session.appoint").exists()


def test_appointment_needs_the_draw_and_comes_before_the_start():
    w = build(draw=False)
    with pytest.raises(Refused) as exc:
        appointed(w)
    assert exc.value.code == "not_drawn"
    assert "尚未完成评委抽取" in exc.value.message
    w = started(build())
    with pytest.raises(Refused) as exc:
        appointed(w)
    assert exc.value.code == "started"


def test_only_the_committees_secretariat_appoints():
    w = build()
    other = official(Role.SECRETARIAT, committee=build().committee)
    with pytest.raises(NotFound):
        appoint(actor=other, session_id=w.session.pk, chair=w.expert(2).code, vice_chairs=[],
                leaders={})
    with pytest.raises(NotFound):
        appoint(actor=w.user(0), session_id=w.session.pk, chair=w.expert(2).code,
                vice_chairs=[], leaders={})


def test_start_puts_every_declaration_under_evaluation_and_detects_conflicts():
    w = appointed(build())
    e = w.expert(1)
    e.employer_code = w.decls[0].unit.credit_code  # e.g. changed employer after the draw
    e.save(update_fields=["employer_code"])
    start_session(actor=w.secretariat, session_id=w.session.pk)
    w.session.refresh_from_db()
    assert w.session.started_at is not None
    assert sorted(Declaration.objects.filter(pk__in=[d.pk for d in w.decls])
                  .values_list("state", flat=True)) == [State.UNDER_EVALUATION] * 2
    c = Conflict.objects.get()
    assert (c.expert_id, c.declaration_id, c.kind, c.source, c.state) == (
        e.pk, w.decls[0].pk, "same_unit", "detected", "declared")
    assert AuditEvent.objects.filter(action="declaration.start_evaluation").count() == 2
    assert AuditEvent.objects.get(action="evaluation.session.start").after[
        "detected_conflicts"] == 1
    with pytest.raises(Refused) as exc:  # a double click
        start_session(actor=w.secretariat, session_id=w.session.pk)
    assert exc.value.code == "already_started"
    assert AuditEvent.objects.filter(action="declaration.start_evaluation").count() == 2


def test_start_needs_draw_and_chair():
    w = build()
    with pytest.raises(Refused) as exc:
        start_session(actor=w.secretariat, session_id=w.session.pk)
    assert exc.value.code == "no_chair"
    draw = MemberDraw.objects.get(session=w.session)
    draw.state = "committed"
    draw.save(update_fields=["state"])
    with pytest.raises(Refused) as exc:
        start_session(actor=w.secretariat, session_id=w.session.pk)
    assert exc.value.code == "not_drawn"


def test_start_outside_the_evaluation_phase_is_refused_with_the_phase(settings):
    w = appointed(build())
    settings.ZHICHENG_TODAY = "2017-08-20"
    with pytest.raises(Refused) as exc:
        start_session(actor=w.secretariat, session_id=w.session.pk)
    assert exc.value.code == "wrong_phase"
    assert "评审" in exc.value.message and "2017年8月20日" in exc.value.message
    w.session.refresh_from_db()
    assert w.session.started_at is None


def test_a_refused_declaration_names_the_applicant_and_nothing_starts(monkeypatch):
    from zhicheng.declarations.domain import conditions

    w = appointed(build())

    def refuse(ctx):
        if ctx.declaration.pk == w.decls[1].pk:
            raise Refused("学历尚未核验（§4.3）。", code="education_unverified")

    monkeypatch.setitem(conditions._IMPLEMENTATIONS, "education_verified_for_evaluation",
                        refuse)
    with pytest.raises(Refused) as exc:
        start_session(actor=w.secretariat, session_id=w.session.pk)
    name = w.decls[1].applicant.real_name
    assert exc.value.message == f"申报人{name}的申报不能开始评审：学历尚未核验（§4.3）。"
    assert exc.value.code == "education_unverified"
    # One transaction: the first declaration is not left under evaluation.
    assert Declaration.objects.get(pk=w.decls[0].pk).state == State.ACCEPTED_BY_COMMITTEE
    w.session.refresh_from_db()
    assert w.session.started_at is None


def test_end_only_when_every_declaration_is_decided():
    w = build()
    with pytest.raises(Refused) as exc:
        end_session(actor=w.secretariat, session_id=w.session.pk)
    assert exc.value.code == "not_started"
    started(w)
    with pytest.raises(Refused) as exc:
        end_session(actor=w.secretariat, session_id=w.session.pk)
    assert exc.value.code == "undecided"
    assert w.decls[0].applicant.real_name in exc.value.message
    # The sealed ballot's record_pass / record_fail are the ballot helper's; here the
    # states are set as their result would be.
    for d, state in zip(w.decls, (State.PASSED, State.FAILED), strict=True):
        d.refresh_from_db()
        d.state = state
        d.save(update_fields=["state"])
    end_session(actor=w.secretariat, session_id=w.session.pk)
    w.session.refresh_from_db()
    assert w.session.ended_at is not None
    assert AuditEvent.objects.filter(action="evaluation.session.end").count() == 1
    with pytest.raises(Refused) as exc:
        end_session(actor=w.secretariat, session_id=w.session.pk)
    assert exc.value.code == "already_ended"
