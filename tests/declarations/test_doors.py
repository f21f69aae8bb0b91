"""Every door to a transition goes through perform(), which runs the transition's named
conditions (issue 8): the generic status-page action, the unit and office review pages, the
applicant's submit page, the REST API and both bulk doors. Posted with the conditions unmet,
as the right role and as every wrong role, nothing changes: not the state, not the record,
not the audit chain."""

import json

import pytest
from conftest import conditions_only
from django.urls import reverse
from transitions import actor_for, day_for, day_in, make_declaration

from zhicheng.audit.models import AuditEvent
from zhicheng.core.domain.errors import Refused
from zhicheng.core.models import Phase, Role
from zhicheng.declarations.domain.workflow import BY_NAME, TRANSITIONS
from zhicheng.declarations.models import Declaration, State
from zhicheng.review.domain.acting import UNIT_ACTIONS
from zhicheng.review.domain.office import BULK_ACTIONS, OFFICE_ACTIONS

pytestmark = pytest.mark.django_db

ROLES = [Role.APPLICANT, Role.UNIT_HR, Role.TALENT_CENTRE, Role.OFFICE, Role.SECRETARIAT,
         Role.EXPERT, Role.REGIONAL_OFFICE]


def _page(client, decl, name, state):
    return client.post(reverse("web:declaration_transition", args=[decl.pk, name]),
                       {"reason": "理由", "expected_state": state})


def _unit_page(client, decl, name, state):
    return client.post(reverse("review:unit_transition", args=[decl.pk, name]),
                       {"reason": "理由", "expected_state": state})


def _office_page(client, decl, name, state):
    return client.post(reverse("review:office_transition", args=[decl.pk, name]),
                       {"reason": "理由", "expected_state": state})


def _api(client, decl, name, state):
    return client.post(f"/api/v1/review/declarations/{decl.pk}/transitions/{name}",
                       json.dumps({"reason": "理由", "expected_state": state}),
                       content_type="application/json")


def _submit_page(client, decl, name, state):
    return client.post(reverse("declarations:submit", args=[decl.pk]))


def _submit_api(client, decl, name, state):
    return client.post(f"/api/v1/declarations/{decl.pk}/submit", "{}",
                       content_type="application/json")


def _bulk_page(client, decl, name, state):
    return client.post(reverse("review:office_bulk"),
                       {"action": name, "reason": "理由", "pick": [f"{decl.pk}:{state}"]})


def _bulk_api(client, decl, name, state):
    return client.post("/api/v1/review/office/bulk",
                       json.dumps({"action": name, "reason": "理由",
                                   "items": [{"id": decl.pk, "expected_state": state}]}),
                       content_type="application/json")


SUBMISSIONS = ("submit", "resubmit")
DOORS = {
    "page": (_page, {t.name for t in TRANSITIONS}),
    "unit_page": (_unit_page, set(UNIT_ACTIONS)),
    "office_page": (_office_page, set(OFFICE_ACTIONS)),
    "api": (_api, set(UNIT_ACTIONS) | set(OFFICE_ACTIONS)),
    "submit_page": (_submit_page, set(SUBMISSIONS)),
    "submit_api": (_submit_api, set(SUBMISSIONS)),
    "bulk_page": (_bulk_page, set(BULK_ACTIONS)),
    "bulk_api": (_bulk_api, set(BULK_ACTIONS)),
}
CASES = [(door, t.name, role) for door, (_, names) in DOORS.items()
         for t in TRANSITIONS if t.name in names for role in ROLES
         # With no condition to leave unmet, the right role's post is simply allowed.
         if t.conditions or role not in t.roles]


def _unchanged(decl, before):
    decl.refresh_from_db()
    return (decl.state, decl.decision, decl.submitted_at,
            AuditEvent.objects.count()) == before


@pytest.mark.parametrize(("door", "name", "role"), CASES)
def test_no_door_reaches_around_the_conditions(client, settings, monkeypatch, door, name,
                                                role):
    t = BY_NAME[name]
    settings.ZHICHENG_TODAY = day_for(t).isoformat()
    source = sorted(t.sources)[0]
    decl = make_declaration(source)
    actor = actor_for(role, decl)

    def unmet(ctx):
        raise Refused("条件未满足。", code="unmet")

    registry = conditions_only(monkeypatch)
    for condition in t.conditions:
        registry[condition] = unmet
    before = (decl.state, decl.decision, decl.submitted_at, AuditEvent.objects.count())
    client.force_login(actor)

    response = DOORS[door][0](client, decl, name, source)

    assert response.status_code < 500
    assert _unchanged(decl, before)


@pytest.mark.parametrize("door", ["page", "submit_page", "submit_api"])
def test_an_ineligible_draft_without_materials_is_not_submitted(client, settings, door):
    """The bug reported in issue 8: POST .../do/submit/ made a draft with no facts, no
    binding and no materials `submitted`, with no decision record."""
    settings.ZHICHENG_TODAY = day_in(Phase.APPLICATION).isoformat()
    decl = make_declaration(State.DRAFT)
    client.force_login(decl.applicant)

    DOORS[door][0](client, decl, "submit", State.DRAFT)

    decl.refresh_from_db()
    assert decl.state == State.DRAFT
    assert decl.decision is None and decl.submitted_at is None
    assert not AuditEvent.objects.filter(action="declaration.submit").exists()
    assert Declaration.objects.filter(state=State.SUBMITTED).count() == 0
