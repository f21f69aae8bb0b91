import pytest
from django.db import connection, transaction

from zhicheng.audit import domain, triggers
from zhicheng.core.models import Series, User


@pytest.fixture
def signing_key(settings, tmp_path):
    """A throwaway key path (never var/keys)."""
    settings.AUDIT_SIGNING_KEY_PATH = tmp_path / "keys" / "audit-ed25519.pem"
    return settings.AUDIT_SIGNING_KEY_PATH


@pytest.fixture
def actor(db):
    return User.objects.create(username="zhang.san", real_name="张三")


@pytest.fixture
def chain(db, actor):
    """Five events about one series, as a domain function would write them."""
    with transaction.atomic():
        series = Series.objects.create(code="gc", name="工程")
        domain.record(actor=actor, action="series.create", obj=series, role="office",
                      scope="office:1", after=domain.snapshot(series))
        for i in range(2, 6):
            before = domain.snapshot(series)
            series.sort_order = i
            series.save()
            domain.record(actor=actor, action="series.update", obj=series, role="office",
                          scope="office:1", before=before, after=domain.snapshot(series))
    return series


def raw(sql: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def attacker(db):
    """Drops the append-only triggers, as a database administrator could.

    Inside the test's transaction on both engines (DDL is transactional), so
    the rollback at the end restores them; re-installed anyway to be sure.
    """
    triggers.remove(connection)
    yield raw
    triggers.install(connection)


def rewrite_chain(from_seq: int, note: str) -> None:
    """An attacker's better forgery: alter one event and recompute every later hash."""
    from zhicheng.audit.hashing import HASHED_FIELDS, event_hash, utc_text
    from zhicheng.audit.models import AuditEvent

    prev = None
    for event in AuditEvent.objects.filter(seq__gte=from_seq).order_by("seq"):
        fields = {name: getattr(event, name) for name in HASHED_FIELDS}
        fields["created_at"] = utc_text(event.created_at)
        if event.seq == from_seq:
            fields["note"] = note
        if prev is not None:
            fields["prev_hash"] = prev
        prev = event_hash(fields)
        raw("UPDATE audit_auditevent SET note = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [fields["note"], fields["prev_hash"], prev, event.seq])


def insert_event(seq: int, prev_hash: str, action: str = "forged", hash_: str | None = None):
    """Insert a row by raw SQL, with a correctly computed hash unless one is given."""
    import datetime as dt

    from zhicheng.audit.hashing import event_hash

    created = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    fields = {"seq": seq, "created_at": "2025-01-01T00:00:00.000000Z", "actor_id": None,
              "actor_username": "", "role": "", "scope": "", "action": action,
              "object_type": "core.series", "object_id": "1", "before": None, "after": None,
              "request_id": "", "note": "", "prev_hash": prev_hash}
    raw("INSERT INTO audit_auditevent (seq, created_at, actor_id, actor_username, role, scope, "
        "action, object_type, object_id, before, after, request_id, note, prev_hash, hash) "
        "VALUES (%s, %s, NULL, '', '', '', %s, 'core.series', '1', NULL, NULL, '', '', %s, %s)",
        [seq, created, action, prev_hash, hash_ or event_hash(fields)])
