"""The transition table: every transition by the right role succeeds and is audited; wrong
role, wrong phase, wrong state or unknown transition is refused and nothing changes."""

import datetime

import pytest
from factories import (
    CommitteeFactory,
    DeclarationFactory,
    PlanFactory,
    UnitFactory,
    official,
)
from transitions import actor_for, day_for, day_in, day_outside, make_declaration

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import NotFound, Refused
from zhicheng.core.models import Level, Phase, PlanPhase, Role, UnitType
from zhicheng.declarations.domain.workflow import (
    BY_NAME,
    TERMINAL_STATES,
    TRANSITIONS,
    may_view,
    perform,
)
from zhicheng.declarations.models import State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_guards")]

CASES = [(t.name, source, role) for t in TRANSITIONS for source in sorted(t.sources)
         for role in sorted(t.roles)]


@pytest.mark.parametrize(("name", "source", "role"), CASES)
def test_allowed_transition_succeeds_and_is_audited(name, source, role):
    t = BY_NAME[name]
    decl = make_declaration(source)
    actor = actor_for(role, decl)
    before = AuditEvent.objects.count()

    result = perform(name, decl.pk, actor=actor, reason="材料不全，请补充。", today=day_for(t))

    decl.refresh_from_db()
    assert result.state == decl.state == t.target
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == f"declaration.{name}"
    assert event.role == role
    assert event.actor_id == actor.pk
    assert event.object_id == str(decl.pk)
    assert event.before == {"state": source}
    assert event.after["state"] == t.target
    assert event.note == "材料不全，请补充。"


VISIBLE_ROLES = [Role.APPLICANT, Role.UNIT_HR, Role.TALENT_CENTRE, Role.OFFICE,
                 Role.SECRETARIAT, Role.REGIONAL_OFFICE]
WRONG_ROLE_CASES = [(t.name, role) for t in TRANSITIONS for role in VISIBLE_ROLES
                    if role not in t.roles and may_view(role, sorted(t.sources)[0])]
# Roles in scope that may not view the declaration in that state (a draft is the
# applicant's; a committee sees nothing before hand-over) are answered as if it did not exist.
HIDDEN_CASES = [(t.name, role) for t in TRANSITIONS for role in VISIBLE_ROLES
                if not may_view(role, sorted(t.sources)[0])]


@pytest.mark.parametrize(("name", "role"), HIDDEN_CASES)
def test_role_that_may_not_view_the_state_gets_not_found(name, role):
    t = BY_NAME[name]
    source = sorted(t.sources)[0]
    decl = make_declaration(source)
    actor = actor_for(role, decl)
    before = AuditEvent.objects.count()

    with pytest.raises(NotFound):
        perform(name, decl.pk, actor=actor, reason="理由", today=day_for(t))

    decl.refresh_from_db()
    assert decl.state == source
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(("name", "role"), WRONG_ROLE_CASES)
def test_wrong_role_is_refused_and_nothing_changes(name, role):
    t = BY_NAME[name]
    source = sorted(t.sources)[0]
    decl = make_declaration(source)
    actor = actor_for(role, decl)
    before = AuditEvent.objects.count()

    if source == State.DRAFT and role != Role.APPLICANT:
        # A never-submitted draft is the applicant's: officials are told it does not exist.
        with pytest.raises(NotFound):
            perform(name, decl.pk, actor=actor, reason="理由", today=day_for(t))
    else:
        with pytest.raises(Refused) as exc:
            perform(name, decl.pk, actor=actor, reason="理由", today=day_for(t))
        assert exc.value.code == "wrong_role"
        assert f"不能办理「{t.label}」" in exc.value.message
    decl.refresh_from_db()
    assert decl.state == source
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("name", [t.name for t in TRANSITIONS if t.phases is not None])
def test_wrong_phase_is_refused_citing_annex_1(name):
    t = BY_NAME[name]
    source = sorted(t.sources)[0]
    decl = make_declaration(source)
    actor = actor_for(sorted(t.roles)[0], decl)

    with pytest.raises(Refused) as exc:
        perform(name, decl.pk, actor=actor, reason="理由", today=day_outside(t))

    assert exc.value.code == "wrong_phase"
    assert "附件1，§5.1.1" in exc.value.message
    decl.refresh_from_db()
    assert decl.state == source
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("name", [t.name for t in TRANSITIONS])
def test_transition_from_a_state_not_in_the_table_is_refused(name):
    t = BY_NAME[name]
    role = sorted(t.roles)[0]
    wrong = next(s for s in State
                 if s not in t.sources and s != t.target and may_view(role, s))
    decl = make_declaration(wrong)
    actor = actor_for(role, decl)

    with pytest.raises(Refused) as exc:
        perform(name, decl.pk, actor=actor, reason="理由", today=day_for(t))

    assert exc.value.code == "wrong_state"
    decl.refresh_from_db()
    assert decl.state == wrong
    assert AuditEvent.objects.count() == 0


def test_unknown_transition_is_refused():
    decl = make_declaration(State.DRAFT)
    with pytest.raises(Refused) as exc:
        perform("promote_to_senior", decl.pk, actor=decl.applicant, today=day_in(Phase.APPLICATION))
    assert exc.value.code == "unknown_transition"
    assert exc.value.message == "没有「promote_to_senior」这一操作。"


def test_out_of_scope_actor_gets_not_found():
    decl = make_declaration(State.SUBMITTED)
    other_unit_hr = official(Role.UNIT_HR, unit=UnitFactory())
    with pytest.raises(NotFound):
        perform("start_unit_review", decl.pk, actor=other_unit_hr, today=day_in(Phase.REVIEW))
    with pytest.raises(NotFound):
        perform("withdraw", decl.pk, actor=official(Role.APPLICANT), today=day_in(Phase.REVIEW))
    decl.refresh_from_db()
    assert decl.state == State.SUBMITTED


def test_expert_sees_no_declaration_before_assignment():
    decl = make_declaration(State.UNDER_EVALUATION)
    expert = official(Role.EXPERT, committee=decl.committee)  # of the committee, not seated
    with pytest.raises(NotFound):
        perform("record_pass", decl.pk, actor=expert, today=day_in(Phase.EVALUATION))


def test_missing_declaration_is_not_found():
    with pytest.raises(NotFound):
        perform("submit", 999_999, actor=official(Role.APPLICANT))


@pytest.mark.parametrize("name", [t.name for t in TRANSITIONS if t.needs_reason])
def test_reason_is_required(name):
    t = BY_NAME[name]
    decl = make_declaration(sorted(t.sources)[0])
    with pytest.raises(Refused) as exc:
        perform(name, decl.pk, actor=actor_for(sorted(t.roles)[0], decl), reason="  ",
                today=day_for(t))
    assert exc.value.code == "reason_required"


def test_stale_expected_state_is_refused_so_a_double_click_acts_once():
    decl = make_declaration(State.DRAFT)
    day = day_in(Phase.APPLICATION)
    perform("submit", decl.pk, actor=decl.applicant, expected_state=State.DRAFT, today=day)
    with pytest.raises(Refused) as exc:
        perform("submit", decl.pk, actor=decl.applicant, expected_state=State.DRAFT, today=day)
    assert exc.value.code == "stale"
    assert AuditEvent.objects.filter(action="declaration.submit").count() == 1


def test_submission_freezes_the_unit_type():
    """§3.1.2: the identity category is that of the unit at application time."""
    decl = make_declaration(State.DRAFT)
    perform("submit", decl.pk, actor=decl.applicant, today=day_in(Phase.APPLICATION))
    unit = decl.unit
    unit.unit_type = UnitType.STATE_OWNED
    unit.save()
    decl.refresh_from_db()
    assert decl.unit_type_at_submission == UnitType.NON_PUBLIC
    assert decl.submitted_at is not None


def test_committee_schedule_overrides_the_senior_timetable():
    """§5.1.3: mid/junior committees set their own dates."""
    plan = PlanFactory()
    committee = CommitteeFactory(min_level=Level.JUNIOR, max_level=Level.INTERMEDIATE)
    PlanPhase.objects.create(plan=plan, committee=committee, phase=Phase.APPLICATION,
                             starts_on=datetime.date(2017, 8, 1),
                             ends_on=datetime.date(2017, 8, 20))
    decl = DeclarationFactory(plan=plan, committee=committee, level=Level.INTERMEDIATE)
    with pytest.raises(Refused) as exc:
        perform("submit", decl.pk, actor=decl.applicant, today=datetime.date(2017, 5, 15))
    assert "§5.1.3" in exc.value.message
    assert "2017年8月1日—2017年8月20日" in exc.value.message
    perform("submit", decl.pk, actor=decl.applicant, today=datetime.date(2017, 8, 1))
    decl.refresh_from_db()
    assert decl.state == State.SUBMITTED


def test_phase_boundaries_are_inclusive():
    decl = make_declaration(State.DRAFT)
    with pytest.raises(Refused):
        perform("submit", decl.pk, actor=decl.applicant, today=datetime.date(2017, 4, 30))
    with pytest.raises(Refused):
        perform("submit", decl.pk, actor=decl.applicant, today=datetime.date(2017, 7, 1))
    perform("submit", decl.pk, actor=decl.applicant, today=datetime.date(2017, 6, 30))


# --- the graph itself --------------------------------------------------------------------

def test_every_state_is_reachable_from_draft():
    seen, frontier = {State.DRAFT}, [State.DRAFT]
    while frontier:
        state = frontier.pop()
        for t in TRANSITIONS:
            if state in t.sources and t.target not in seen:
                seen.add(t.target)
                frontier.append(t.target)
    assert seen == set(State)


def test_terminal_states_are_final_and_others_lead_somewhere():
    for state in State:
        outgoing = [t for t in TRANSITIONS if state in t.sources]
        if state in TERMINAL_STATES:
            assert outgoing == [], state
        else:
            assert outgoing, state


def test_every_transition_names_real_states_and_roles():
    for t in TRANSITIONS:
        assert t.target in State.values
        assert t.sources <= set(State.values)
        assert t.roles <= set(Role.values)
        assert t.phases is None or t.phases <= set(Phase.values)
        assert t.label
