import datetime as dt
import decimal
import itertools
import uuid

import pytest
from django.db import connection, transaction

from zhicheng.audit import domain
from zhicheng.audit.context import reset_request_id, set_request_id
from zhicheng.audit.hashing import GENESIS_HASH, HASHED_FIELDS, event_hash, to_json_safe, utc_text
from zhicheng.audit.locking import AuditTransactionError
from zhicheng.audit.models import AuditEvent
from zhicheng.core.models import Series, Specialty

pytestmark = pytest.mark.django_db


def rehash(event: AuditEvent) -> str:
    fields = {name: getattr(event, name) for name in HASHED_FIELDS}
    fields["created_at"] = utc_text(fields["created_at"])
    return event_hash(fields)


def test_record_writes_every_field(actor):
    token = set_request_id("req-0123456789")
    try:
        with transaction.atomic():
            series = Series.objects.create(code="gc", name="工程", sort_order=3)
            event = domain.record(actor=actor, action="series.create", obj=series,
                                  role="office", scope="office:7",
                                  after=domain.snapshot(series), note="新建")
    finally:
        reset_request_id(token)
    stored = AuditEvent.objects.get()
    assert stored.seq == event.seq == 1
    assert stored.prev_hash == GENESIS_HASH
    assert (stored.actor_id, stored.actor_username) == (actor.pk, "zhang.san")
    assert (stored.role, stored.scope, stored.action) == ("office", "office:7", "series.create")
    assert (stored.object_type, stored.object_id) == ("core.series", str(series.pk))
    assert stored.before is None
    assert stored.after == {"id": series.pk, "code": "gc", "name": "工程",
                            "evaluation_appointment_combined": False, "sort_order": 3}
    assert stored.request_id == "req-0123456789"
    assert stored.note == "新建"
    assert stored.created_at == event.created_at
    assert stored.hash == event.hash == rehash(stored)


def test_events_chain_in_order(chain):
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert [e.action for e in events] == ["series.create"] + ["series.update"] * 4
    assert events[0].prev_hash == GENESIS_HASH
    for previous, event in itertools.pairwise(events):
        assert event.prev_hash == previous.hash
        assert event.hash == rehash(event)
    assert events[4].before["sort_order"] == 4
    assert events[4].after["sort_order"] == 5


def test_system_actor_and_explicit_object(db):
    with transaction.atomic():
        event = domain.record(actor=None, action="plan.close", object_type="core.plan",
                              object_id=42)
    assert (event.actor_id, event.actor_username) == (None, "")
    assert (event.object_type, event.object_id) == ("core.plan", "42")


def test_event_rolls_back_with_the_change(actor):
    with pytest.raises(RuntimeError), transaction.atomic():
        series = Series.objects.create(code="gc", name="工程")
        domain.record(actor=actor, action="series.create", obj=series)
        raise RuntimeError("业务校验失败")
    assert AuditEvent.objects.count() == 0
    assert Series.objects.count() == 0


def test_unsaved_object_is_refused(actor):
    with pytest.raises(ValueError, match="审计对象尚未保存"), transaction.atomic():
        domain.record(actor=actor, action="series.create", obj=Series(code="x", name="x"))


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused(actor):
    with pytest.raises(AuditTransactionError, match="同一事务"):
        domain.record(actor=actor, action="series.create", object_type="core.series",
                      object_id="1")
    assert AuditEvent.objects.count() == 0


def test_awkward_values_round_trip_through_the_database(actor, monkeypatch):
    # A whole second (no microseconds) and floats are where engines re-spell values.
    monkeypatch.setattr(domain, "_now", lambda: dt.datetime(2025, 3, 1, 8, 0, 0, tzinfo=dt.UTC))
    after = {"z": 1, "a": [1, "二", None], "big": 10**20, "f": 1e20, "d": decimal.Decimal("0.10"),
             "nested": {"b": True, "a": {}}}
    with transaction.atomic():
        event = domain.record(actor=actor, action="x", object_type="t", object_id="1",
                              after=after)
    stored = AuditEvent.objects.get(seq=event.seq)
    assert stored.after == {"z": 1, "a": [1, "二", None], "big": 10**20, "f": "1e+20",
                            "d": "0.10", "nested": {"b": True, "a": {}}}
    assert utc_text(stored.created_at) == "2025-03-01T08:00:00.000000Z"
    assert rehash(stored) == stored.hash


def test_snapshot_gives_ids_for_foreign_keys(db):
    series = Series.objects.create(code="gc", name="工程")
    specialty = Specialty.objects.create(series=series, code="jz", name="建筑")
    assert domain.snapshot(specialty) == {"id": specialty.pk, "series": series.pk,
                                          "code": "jz", "name": "建筑"}
    assert domain.snapshot(specialty, ["name", "series_id"]) == {"name": "建筑",
                                                                 "series": series.pk}


def test_json_safe_values():
    moment = dt.datetime(2025, 1, 2, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert to_json_safe({
        1: decimal.Decimal("12.50"),
        "date": dt.date(2025, 1, 2),
        "when": moment,
        "uuid": uuid.UUID(int=1),
        "set": {"b", "a"},
        "tuple": (1, 2.5),
        "bytes": b"\x01\xff",
    }) == {
        "1": "12.50",
        "date": "2025-01-02",
        "when": "2025-01-02T00:30:00.000000Z",
        "uuid": "00000000-0000-0000-0000-000000000001",
        "set": ["a", "b"],
        "tuple": [1, "2.5"],
        "bytes": "01ff",
    }
    with pytest.raises(TypeError, match="审计快照无法保存 object"):
        to_json_safe(object())


def test_events_for(chain, actor):
    other = Series.objects.create(code="ws", name="卫生")
    with transaction.atomic():
        domain.record(actor=actor, action="series.create", obj=other)
    assert list(domain.events_for(chain).values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert list(domain.events_for("core.series", other.pk).values_list("seq", flat=True)) == [6]
    assert domain.events_for(Series).count() == 6


def test_chain_lock_is_taken_on_postgresql(actor):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with BEGIN IMMEDIATE")
    with transaction.atomic():
        domain.record(actor=actor, action="x", object_type="t", object_id="1")
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                           "AND pid = pg_backend_pid()")
            assert cursor.fetchone()[0] == 1
