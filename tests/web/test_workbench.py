"""The 工作台 per role: what awaits the user, with flat query counts as data grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import PASSWORD, DeclarationFactory, UnitFactory, applicant, official

from zhicheng.core.models import Role
from zhicheng.declarations.models import State
from zhicheng.web.workbench import awaiting_states

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD) is not None
    client.force_login(user)


def test_awaiting_states_follow_the_transition_table():
    assert awaiting_states(Role.APPLICANT) == [State.DRAFT, State.RETURNED]
    assert awaiting_states(Role.UNIT_HR) == [State.SUBMITTED, State.UNIT_REVIEW,
                                             State.UNIT_NOTICE]
    assert awaiting_states(Role.OFFICE) == [State.RECOMMENDED, State.OFFICE_REVIEW,
                                            State.PASSED, State.RESULT_NOTICE, State.APPROVED]
    # Under evaluation a declaration awaits the session's ballot, not a click (issue 11).
    assert awaiting_states(Role.SECRETARIAT) == [State.ACCEPTED_BY_COMMITTEE]
    assert awaiting_states(Role.REGIONAL_OFFICE) == [State.REPORTED, State.APPROVED]
    assert awaiting_states(Role.EXPERT) == []


def test_unit_workbench_counts_only_its_own_unit(client):
    unit = UnitFactory()
    DeclarationFactory.create_batch(3, unit=unit, state=State.SUBMITTED)
    DeclarationFactory(unit=unit, state=State.UNIT_NOTICE)
    DeclarationFactory(unit=unit, state=State.DRAFT)  # the applicant's, not the unit's to act on
    DeclarationFactory.create_batch(2, state=State.SUBMITTED)  # other units
    client.force_login(official(Role.UNIT_HR, unit=unit))

    response = client.get("/")

    assert response.status_code == 200
    assert response.context["waiting"] == [("已提交，待单位审核", "submitted", 3),
                                           ("单位审核中", "unit_review", 0),
                                           ("单位公示中", "unit_notice", 1)]
    assert response.context["waiting_total"] == 4
    assert response.context["total"] == 4  # the never-submitted draft is not the unit's
    assert len(response.context["items"]) == 4
    assert "单位人事（职改）部门工作台" in response.text


def _queries_for_home(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.UNIT_HR, Role.APPLICANT])
def test_workbench_query_count_is_flat_as_data_grows(client, role):
    unit = UnitFactory()
    user = official(role, unit=unit) if role == Role.UNIT_HR else applicant()
    owner = {"unit": unit} if role == Role.UNIT_HR else {"applicant": user}
    state = State.SUBMITTED if role == Role.UNIT_HR else State.DRAFT
    DeclarationFactory(state=state, **owner)
    client.force_login(user)
    small = _queries_for_home(client)

    DeclarationFactory.create_batch(30, state=state, **owner)
    large = _queries_for_home(client)

    assert small == large
    assert large <= 8


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"
