"""Serialising appends to the chain.

PostgreSQL: a transaction-level advisory lock, released at commit or
rollback, so two transactions cannot both read the same head. SQLite: the
settings open every transaction with BEGIN IMMEDIATE, which already takes
the single database write lock. On both, seq (primary key) and prev_hash
(unique) make a fork impossible even if the lock were bypassed.
"""

from django.db import transaction

# "zhicheng" as a 64-bit integer: the advisory lock key of the audit chain.
CHAIN_LOCK_KEY = int.from_bytes(b"zhicheng", "big") >> 1

# One statement instead of two for every append: lock, then read the head. The function is
# VOLATILE, so under READ COMMITTED its SELECT takes a fresh snapshot *after* the lock is
# granted and sees the head the previous holder committed. (A plain
# `SELECT pg_advisory_xact_lock(k), (SELECT … head)` would not: one statement, one snapshot,
# taken before waiting for the lock.)
_PG_HEAD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_lock_chain_head(lock_key bigint, OUT seq bigint, OUT hash text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    SELECT e.seq, e.hash INTO seq, hash FROM audit_auditevent e ORDER BY e.seq DESC LIMIT 1;
END
$$
"""


class AuditTransactionError(RuntimeError):
    pass


def _connection(using: str | None):
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        raise AuditTransactionError(
            "审计事件必须与所记录的修改在同一事务中写入（请在 transaction.atomic() 内调用）。"
        )
    return connection


def lock_chain(using: str | None = None) -> None:
    connection = _connection(using)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def lock_chain_and_read_head(using: str | None = None) -> tuple[int | None, str | None] | None:
    """PostgreSQL: lock the chain and return its head (seq, hash), (None, None) when
    empty, in one statement. Elsewhere: check the transaction and return None; the caller
    then reads the head itself (SQLite's BEGIN IMMEDIATE already holds the write lock)."""
    connection = _connection(using)
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, hash FROM audit_lock_chain_head(%s)", [CHAIN_LOCK_KEY])
        return cursor.fetchone()


def install_head_function(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PG_HEAD_FUNCTION)


def remove_head_function(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP FUNCTION IF EXISTS audit_lock_chain_head(bigint)")
