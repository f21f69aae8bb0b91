"""core 0003: accounts named by an ID number are renamed with audited events, and the audit
chain still verifies (issue 8)."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection, transaction
from factories import PASSWORD, UserFactory, assign, id_number

from zhicheng.audit.domain import record
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.verify import verify_chain
from zhicheng.core.models import Role, User

pytestmark = pytest.mark.django_db
migration = importlib.import_module("zhicheng.core.migrations.0004_usernames_not_id_numbers")


def run_migration():
    with transaction.atomic():
        migration.rename(apps, SimpleNamespace(connection=connection))


def legacy_applicant(number: str) -> User:
    """Registered before issue 8: the username was the ID number."""
    user = UserFactory(username=number, id_number=number, real_name="陆海")
    assign(user, Role.APPLICANT)
    with transaction.atomic():
        record(actor=user, action="account.register", obj=user, role=Role.APPLICANT,
               scope=f"user:{user.pk}", after={"username": user.username})
    return user


def test_id_number_usernames_are_renamed_with_audited_events(client):
    number = id_number()
    person = legacy_applicant(number)
    squatter = UserFactory(username=f"applicant_{person.pk}")  # the generated name is taken
    officer = UserFactory(username=f"hr{number[:-1]}")  # an official's, with 17 digits
    plain = UserFactory(username="demo_unit")
    before = AuditEvent.objects.count()

    run_migration()

    person.refresh_from_db()
    officer.refresh_from_db()
    assert person.username == f"applicant_{person.pk}_2"
    assert officer.username == f"user_{officer.pk}"
    assert User.objects.get(pk=plain.pk).username == "demo_unit"
    assert User.objects.get(pk=squatter.pk).username == f"applicant_{person.pk}"
    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert [(e.action, e.object_id, e.before, e.after, e.actor_id) for e in events] == [
        ("account.rename", str(person.pk), {"username": number[:6] + "********" + number[-4:]},
         {"username": f"applicant_{person.pk}_2"}, None),
        ("account.rename", str(officer.pk),
         {"username": "hr" + number[:6] + "*******" + number[-5:-1]},
         {"username": f"user_{officer.pk}"}, None),
    ]
    assert all(number not in repr(e.before) + repr(e.after) + e.note for e in events)
    report = verify_chain([])
    assert report.ok, report.problem
    assert report.events == before + 2

    # The applicant still logs in with the ID number (and with the new name).
    assert client.post("/login/", {"username": number, "password": PASSWORD}).status_code == 302
    assert int(client.session["_auth_user_id"]) == person.pk


def test_running_again_changes_nothing():
    legacy_applicant(id_number())
    run_migration()
    count = AuditEvent.objects.count()
    names = sorted(User.objects.values_list("username", flat=True))
    run_migration()
    assert AuditEvent.objects.count() == count
    assert sorted(User.objects.values_list("username", flat=True)) == names
    assert verify_chain([]).ok
