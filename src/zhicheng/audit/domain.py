"""Writing and reading the audit trail. Every domain function that changes
state calls record() inside its transaction."""

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

from zhicheng.audit.context import current_request_id
from zhicheng.audit.hashing import GENESIS_HASH, event_hash, to_json_safe, utc_text
from zhicheng.audit.locking import AuditTransactionError, lock_chain_and_read_head
from zhicheng.audit.models import AuditEvent

__all__ = ["AuditTransactionError", "chain_head", "events_for", "record", "snapshot"]


def chain_head() -> tuple[int, str]:
    """(seq, hash) of the last event, or (0, genesis) for an empty chain."""
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    return head or (0, GENESIS_HASH)


def _now():
    # The project's one clock (settings.ZHICHENG_CLOCK), named by setting so the audit app
    # stays below every other app. The hash covers this time, whichever clock gave it.
    return import_string(settings.ZHICHENG_CLOCK)()


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    role: str = "",
    scope: str = "",
    before: dict | None = None,
    after: dict | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one event; it commits or rolls back with the caller's transaction.

    actor is a User or None for the system.
    """
    head = lock_chain_and_read_head()  # raises outside a transaction
    if obj is not None:
        if obj.pk is None:
            raise ValueError("审计对象尚未保存，没有主键。")
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id is not None else str(obj.pk)
    if head is None:  # SQLite: the transaction's BEGIN IMMEDIATE is the lock
        seq, prev_hash = chain_head()
    else:
        seq, prev_hash = (head[0], head[1]) if head[0] is not None else (0, GENESIS_HASH)
    event = AuditEvent(
        seq=seq + 1,
        # Truncated by neither engine: both keep microseconds.
        created_at=_now(),
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor.get_username() if actor is not None else "",
        role=str(role or ""),
        scope=str(scope or ""),
        action=str(action),
        object_type=object_type or "",
        object_id=str(object_id) if object_id is not None else "",
        before=to_json_safe(before),
        after=to_json_safe(after),
        request_id=current_request_id(),
        note=note,
        prev_hash=prev_hash,
    )
    event.hash = event_hash({**event.__dict__, "created_at": utc_text(event.created_at)})
    event.save()
    return event


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """JSON-safe values of concrete fields (foreign keys as ids), keyed by field name.

    fields may name concrete fields (by name or attname) or many-to-many
    fields (given as sorted id lists).
    """
    meta = instance._meta
    if fields is None:
        chosen = list(meta.concrete_fields)
    else:
        chosen = [meta.get_field(name) for name in fields]
    values: dict = {}
    for field in chosen:
        if field.many_to_many:
            manager = getattr(instance, field.name) if instance.pk is not None else None
            ids = sorted(manager.values_list("pk", flat=True)) if manager is not None else []
            values[field.name] = to_json_safe(ids)
        else:
            values[field.name] = to_json_safe(field.value_from_object(instance))
    return values


def events_for(obj_or_type, object_id=None) -> models.QuerySet:
    """Events about one object (a model instance, or type label + id), oldest first.

    A model class or a bare type label without id gives every event of that type.
    """
    if isinstance(obj_or_type, models.Model):
        object_type, object_id = obj_or_type._meta.label_lower, obj_or_type.pk
    elif isinstance(obj_or_type, type) and issubclass(obj_or_type, models.Model):
        object_type = obj_or_type._meta.label_lower
    else:
        object_type = str(obj_or_type)
    events = AuditEvent.objects.filter(object_type=object_type)
    if object_id is not None:
        events = events.filter(object_id=str(object_id))
    return events.order_by("seq")
