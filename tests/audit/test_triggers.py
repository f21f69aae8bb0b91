import re

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from zhicheng.audit import domain, triggers
from zhicheng.audit.checkpoints import create_checkpoint
from zhicheng.audit.models import AppendOnlyError, AuditCheckpoint, AuditEvent
from zhicheng.audit.signing import generate

from .conftest import raw

pytestmark = pytest.mark.django_db

EXPECTED_TRIGGERS = {
    "postgresql": {
        "audit_auditevent_append_only", "audit_auditevent_no_truncate",
        "audit_auditcheckpoint_append_only", "audit_auditcheckpoint_no_truncate",
    },
    "sqlite": {
        "audit_auditevent_no_update", "audit_auditevent_no_delete",
        "audit_auditcheckpoint_no_update", "audit_auditcheckpoint_no_delete",
    },
}


def refused(sql: str, message: str) -> None:
    with pytest.raises(IntegrityError, match=re.escape(message)), transaction.atomic():
        raw(sql)


def test_triggers_are_installed(db):
    assert triggers.installed(connection) == EXPECTED_TRIGGERS[connection.vendor]


def test_raw_update_and_delete_of_events_fail(chain):
    refused("UPDATE audit_auditevent SET note = 'x' WHERE seq = 2",
            "审计记录只能追加，禁止修改（表 audit_auditevent）")
    refused("DELETE FROM audit_auditevent WHERE seq = 5",
            "审计记录只能追加，禁止删除（表 audit_auditevent）")
    assert AuditEvent.objects.count() == 5
    assert AuditEvent.objects.get(seq=2).note == ""


def test_raw_update_and_delete_of_checkpoints_fail(chain, tmp_path):
    create_checkpoint(generate(tmp_path / "k.pem"))
    refused("UPDATE audit_auditcheckpoint SET seq = 1",
            "审计记录只能追加，禁止修改（表 audit_auditcheckpoint）")
    refused("DELETE FROM audit_auditcheckpoint",
            "审计记录只能追加，禁止删除（表 audit_auditcheckpoint）")
    assert AuditCheckpoint.objects.count() == 1


def test_truncate_fails_on_postgresql(chain):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE is refused instead")
    refused("TRUNCATE audit_auditevent", "审计记录只能追加，禁止清空（表 audit_auditevent）")
    refused("TRUNCATE audit_auditcheckpoint",
            "审计记录只能追加，禁止清空（表 audit_auditcheckpoint）")
    assert AuditEvent.objects.count() == 5


def test_orm_refuses_changes_to_events(chain):
    event = AuditEvent.objects.get(seq=1)
    event.note = "改"
    with pytest.raises(AppendOnlyError, match="已写入，不能再修改"):
        event.save()
    with pytest.raises(AppendOnlyError, match="不能删除"):
        event.delete()
    with pytest.raises(AppendOnlyError, match="不允许 update"):
        AuditEvent.objects.update(note="x")
    with pytest.raises(AppendOnlyError, match="不允许 delete"):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_flush_lifts_and_restores_the_triggers(actor):
    # Transactional tests flush after themselves: that must keep working.
    with transaction.atomic():
        domain.record(actor=actor, action="x", object_type="t", object_id="1")
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    assert triggers.installed(connection) == EXPECTED_TRIGGERS[connection.vendor]
    with transaction.atomic():
        domain.record(actor=None, action="y", object_type="t", object_id="1")
    refused("DELETE FROM audit_auditevent", "审计记录只能追加，禁止删除（表 audit_auditevent）")
