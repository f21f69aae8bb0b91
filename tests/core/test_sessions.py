"""The session store (zhicheng.core.sessions): read by key, renewed only when it matters."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from factories import UnitFactory, assign, official

from zhicheng.core.models import Role
from zhicheng.core.session import SESSION_KEY
from zhicheng.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_a_page_a_moment_after_the_last_leaves_the_row_alone(client):
    client.force_login(official(Role.APPLICANT))
    stored = _row(client).expire_date
    assert client.get("/").status_code == 200
    assert _row(client).expire_date == stored


def test_a_page_renews_the_expiry_once_it_would_move_by_the_step(client, settings):
    client.force_login(official(Role.APPLICANT))
    stored = _row(client).expire_date
    settings.SESSION_LAZY_RENEWAL_SECONDS = 0
    assert client.get("/").status_code == 200
    assert _row(client).expire_date > stored
    # The idle timeout still runs from the last renewal: 30 minutes, no more.
    assert _row(client).expire_date <= timezone.now() + datetime.timedelta(minutes=30)


def test_a_changed_session_is_always_written(client):
    person = official(Role.UNIT_HR, unit=UnitFactory())
    second = assign(person, Role.APPLICANT)
    client.force_login(person)
    response = client.post("/role/", {"assignment": second.pk})
    assert response.status_code == 302
    assert SessionStore(_row(client).session_key).load()[SESSION_KEY] == second.pk


def test_an_expired_or_unknown_key_loads_nothing():
    live = SessionStore()
    live["x"] = 1
    live.create()
    key = live.session_key
    assert SessionStore(key).load() == {"x": 1}
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made, as Django's store does
    assert SessionStore("nosuchkey0123456789").load() == {}
