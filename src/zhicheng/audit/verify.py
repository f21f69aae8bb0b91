"""Recomputing the chain and checking the signed checkpoints, streaming."""

import datetime as dt
import json
from dataclasses import dataclass

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import transaction

from zhicheng.audit.hashing import (
    GENESIS_HASH,
    HASHED_FIELDS,
    canonical_json,
    checkpoint_message,
    hash_from_parts,
    naive_utc_text,
    utc_text,
)
from zhicheng.audit.models import AuditCheckpoint, AuditEvent
from zhicheng.audit.signing import SigningKeyError, fingerprint, verify_signature

CHUNK_SIZE = 10_000


@dataclass(frozen=True)
class Problem:
    seq: int  # the first broken event
    action: str  # its action, "" when the event is missing
    reason: str

    def __str__(self) -> str:
        action = f"（{self.action}）" if self.action else ""
        return f"第 {self.seq} 号事件{action}：{self.reason}"


@dataclass
class Report:
    events: int = 0  # events checked
    checkpoints: int = 0  # valid signed checkpoints
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    unsigned: int = 0  # events after the latest checkpoint
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def summary(self) -> str:
        return f"审计链完整：{self.events} 条事件，{self.checkpoints} 个签名检查点"


def _check_checkpoints(public_keys: list[Ed25519PublicKey]) -> tuple[dict, list[Problem], int]:
    """Signature-checked anchors {seq: (number, head_hash)}, problems, count of good ones."""
    trusted = {fingerprint(k): k for k in public_keys}
    anchors: dict[int, tuple[int, str]] = {}
    problems: list[Problem] = []
    rows = AuditCheckpoint.objects.order_by("number").values_list(
        "number", "seq", "head_hash", "key_fingerprint", "signature", "created_at")
    expected, last_seq = 1, 0
    for number, seq, head_hash, key_fp, signature, created_at in rows:
        if not trusted:
            raise SigningKeyError(
                "存在签名检查点，但找不到用于核验的公钥（可用 --public-key 指定）。")
        key = trusted.get(key_fp)
        message = checkpoint_message(number=number, seq=seq, head_hash=head_hash,
                                     key_fingerprint=key_fp, created_at=created_at)
        if number != expected:
            problems.append(Problem(seq, "", f"签名检查点编号不连续：应为 #{expected}，"
                                             f"实为 #{number}（检查点被删除或插入）"))
        elif key is None:
            problems.append(Problem(seq, "", f"签名检查点 #{number} 的签名密钥不受信任"
                                             f"（指纹 {key_fp[:16]}…）"))
        elif not verify_signature(key, signature, message):
            problems.append(Problem(seq, "", f"签名检查点 #{number} 的签名无效（检查点被篡改）"))
        elif seq < last_seq:
            problems.append(Problem(seq, "", f"签名检查点 #{number} 的序号倒退"))
        else:
            anchors[seq] = (number, head_hash)
            last_seq = seq
        expected = number + 1
    return anchors, problems, len(anchors)


def _event_rows(since: int, chunk_size: int):
    """Raw rows in seq order through a server-side cursor on PostgreSQL: the ORM's
    per-value converters would cost more than the hashing."""
    connection = transaction.get_connection()
    qn = connection.ops.quote_name
    columns = ", ".join(qn(name) for name in (*HASHED_FIELDS, "hash"))
    sql = f"SELECT {columns} FROM {qn(AuditEvent._meta.db_table)}"
    params = None
    if since > 1:
        sql, params = sql + " WHERE seq >= %s", [since]
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql + " ORDER BY seq", params)
        while rows := cursor.fetchmany(chunk_size):
            yield from rows


_UTC = dt.UTC


def _utc_text(value) -> str:
    # PostgreSQL gives aware UTC datetimes (the connection's time zone is UTC): spelled
    # straight from isoformat(), the hot path. SQLite gives naive UTC datetimes (or text,
    # for rows written by hand).
    if type(value) is dt.datetime and value.tzinfo is _UTC:
        text = value.isoformat()  # 2025-01-01T08:00:00[.123456]+00:00
        return text[:-6] + ("Z" if value.microsecond else ".000000Z")
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return utc_text(value) if value.tzinfo else naive_utc_text(value)


def _verbatim(value) -> str:
    """SQLite keeps before/after as the canonical text that was hashed: hashed as stored.
    Parsed all the same: only whole JSON documents may be spliced into the hashed text,
    else bytes could move between before and after unseen."""
    if value is None:
        return "null"
    orjson.loads(value)
    return value


def _fast_canonical(value) -> str:
    """jsonb re-spells what was stored: decoded and re-encoded canonically by orjson, which
    spells everything record() can store (to_json_safe: no floats) as canonical_json does,
    at a fraction of the cost."""
    if value is None:
        return "null"
    return orjson.dumps(orjson.loads(value), option=orjson.OPT_SORT_KEYS).decode()


def _exact_canonical(value) -> str:
    # The reference spelling, tried only when the fast one does not match (so a value
    # orjson would spell differently, e.g. an integer beyond 64 bits, is still judged
    # exactly as before).
    if value is None:
        return "null"
    return canonical_json(json.loads(value))


def _rehash(row: tuple, json_text) -> str:
    (seq, created, actor_id, username, role, scope, action, object_type, object_id,
     before, after, request_id, note, prev_hash) = row[:14]
    return hash_from_parts(seq, _utc_text(created), actor_id, username, role, scope, action,
                           object_type, object_id, json_text(before), json_text(after),
                           request_id, note, prev_hash)


def _hash_matches(row: tuple, stored_canonically: bool) -> bool:
    """The stored hash must be that of the canonical text: as stored on SQLite, re-encoded
    from jsonb on PostgreSQL; the reference encoder decides when the fast path does not
    match."""
    try:
        if _rehash(row, _verbatim if stored_canonically else _fast_canonical) == row[-1]:
            return True
    except (TypeError, ValueError):  # values no application could have written
        pass
    try:
        return _rehash(row, _exact_canonical) == row[-1]
    except (TypeError, ValueError):
        return False


def verify_chain(public_keys: list[Ed25519PublicKey], *, since: int = 1,
                 chunk_size: int = CHUNK_SIZE) -> Report:
    """Check every event from seq `since` on (the prev_hash of that first one is
    taken on trust when since > 1) and every signed checkpoint."""
    anchors, cp_problems, good = _check_checkpoints(public_keys)
    report = Report(checkpoints=good, head_seq=max(since - 1, 0))
    expected, prev = since, (GENESIS_HASH if since <= 1 else None)
    last_anchor = max((s for s in anchors if s < since), default=0)
    problems: list[Problem] = []
    canonical_text = transaction.get_connection().vendor == "sqlite"
    for row in _event_rows(since, chunk_size):
        seq, action, row_prev, stored = row[0], row[6], row[13], row[-1]
        problem = None
        if seq != expected:
            if seq > expected:
                problem = Problem(expected, "", f"事件缺失：第 {expected - 1} 号之后直接是第 "
                                                f"{seq} 号（{action}），中间的事件被删除")
            else:
                problem = Problem(seq, action, f"序号异常：应为第 {expected} 号（事件被插入）")
        elif prev is not None and row_prev != prev:
            problem = Problem(seq, action, f"前一事件哈希不符：链在第 {seq - 1} 号与第 {seq} "
                                           "号事件之间断开（事件被改动、删除或插入）")
        else:
            if not _hash_matches(row, canonical_text):
                problem = Problem(seq, action, "哈希不符：事件内容被改动")
            elif seq in anchors and anchors[seq][1] != stored:
                problem = Problem(seq, action, f"与签名检查点 #{anchors[seq][0]} 不符：第 "
                                               f"{last_anchor + 1}～{seq} 号事件中有记录被改写"
                                               "（哈希链被重算）")
        if problem is not None:
            problems.append(problem)
            break
        if seq in anchors:
            last_anchor = seq
        report.events += 1
        report.head_seq, report.head_hash = seq, stored
        prev, expected = stored, seq + 1
    else:
        for seq, (number, _) in sorted(anchors.items()):
            if seq > report.head_seq:
                problems.append(Problem(report.head_seq + 1, "", f"签名检查点 #{number} 覆盖至第 "
                                        f"{seq} 号事件，但链只到第 {report.head_seq} 号："
                                        "尾部事件被删除"))
                break
    report.unsigned = max(0, report.head_seq - max(anchors, default=0))
    problems += cp_problems  # an event problem wins a tie: min() keeps the first
    if problems:
        report.problem = min(problems, key=lambda p: p.seq)
    return report
