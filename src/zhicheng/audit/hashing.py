"""Canonical form and hash of an audit event, and the message a checkpoint signs.

The hash covers every stored field except the hash itself, in a form that
survives a round trip through SQLite and PostgreSQL byte for byte: times as
UTC microsecond strings, JSON with sorted keys, and no floats (jsonb would
re-spell them).
"""

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

GENESIS_HASH = "0" * 64

# The hashed fields, in the order verification reads them from the database.
HASHED_FIELDS: tuple[str, ...] = (
    "seq", "created_at", "actor_id", "actor_username", "role", "scope", "action",
    "object_type", "object_id", "before", "after", "request_id", "note", "prev_hash",
)


# One encoder for every call: json.dumps() with options builds a new one each time,
# which is a third of the cost of verifying an event.
canonical_json = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                  allow_nan=False).encode


def utc_text(moment: dt.datetime) -> str:
    """A timestamp as hashed: UTC, always with microseconds, e.g. 2025-01-01T08:00:00.000000Z."""
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("审计时间必须带时区")
    if offset:
        moment = moment.astimezone(dt.UTC)
    return naive_utc_text(moment.replace(tzinfo=None))


def naive_utc_text(moment: dt.datetime) -> str:
    # isoformat() drops a zero microsecond; plain isoformat() is the fastest spelling.
    return moment.isoformat() + ("Z" if moment.microsecond else ".000000Z")


def to_json_safe(value: Any) -> Any:
    """Plain JSON values that jsonb and SQLite both give back unchanged."""
    if value is None or isinstance(value, bool | int | str):
        # str() drops enum subclasses (TextChoices) to their plain value.
        return value if type(value) in (bool, int, type(None), str) else _plain(value)
    if isinstance(value, float | decimal.Decimal):
        return str(value)  # jsonb re-spells floats (1e20 → 100000000000000000000)
    if isinstance(value, dt.datetime):
        return utc_text(value) if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value.total_seconds())
    if isinstance(value, uuid.UUID | PurePath):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, Mapping):
        return {str(k): to_json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_json_safe(v) for v in value]
        return sorted(items, key=canonical_json) if isinstance(value, set | frozenset) else items
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    raise TypeError(f"审计快照无法保存 {type(value).__name__} 类型的值：{value!r}")


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    return str(value)


class CanonicalJSONEncoder(json.JSONEncoder):
    """Makes JSONField store canonical text (on SQLite; jsonb re-spells anyway), so
    verification can hash the stored text as it is."""

    def __init__(self, **kwargs):
        kwargs.update(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        super().__init__(**kwargs)


def event_hash(fields: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of the hashed fields (created_at already as utc_text)."""
    return hash_from_parts(*(fields[name] for name in HASHED_FIELDS[:9]),
                           canonical_json(fields["before"]), canonical_json(fields["after"]),
                           *(fields[name] for name in HASHED_FIELDS[11:]))


_s = json.encoder.encode_basestring  # the string encoder json uses with ensure_ascii=False


def hash_from_parts(seq: int, created_at: str, actor_id: int | None, actor_username: str,
                    role: str, scope: str, action: str, object_type: str, object_id: str,
                    before_json: str, after_json: str, request_id: str, note: str,
                    prev_hash: str) -> str:
    """The same hash, from before/after already as canonical JSON text.

    Spells out canonical_json() of the whole payload (keys sorted) by hand: the
    verifier then need not decode and re-encode what SQLite stored canonically.
    """
    text = (
        f'{{"action":{_s(action)},"actor_id":{"null" if actor_id is None else int(actor_id)},'
        f'"actor_username":{_s(actor_username)},"after":{after_json},"before":{before_json},'
        f'"created_at":{_s(created_at)},"note":{_s(note)},"object_id":{_s(object_id)},'
        f'"object_type":{_s(object_type)},"prev_hash":{_s(prev_hash)},'
        f'"request_id":{_s(request_id)},"role":{_s(role)},"scope":{_s(scope)},"seq":{int(seq)}}}'
    )
    return hashlib.sha256(text.encode()).hexdigest()


# Checkpoints sign this; kept here beside the event hash so that signing (checkpoints) and
# checking (verify) share it without importing each other.
_CHECKPOINT_DOMAIN = b"zhicheng-audit-checkpoint-v1\n"


def checkpoint_message(*, number: int, seq: int, head_hash: str, key_fingerprint: str,
                       created_at: dt.datetime) -> bytes:
    """What is signed: every column of the checkpoint except the signature."""
    body = {"number": number, "seq": seq, "head_hash": head_hash,
            "key_fingerprint": key_fingerprint, "created_at": utc_text(created_at)}
    return _CHECKPOINT_DOMAIN + canonical_json(body).encode()
