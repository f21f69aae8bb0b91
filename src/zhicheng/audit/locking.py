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


class AuditTransactionError(RuntimeError):
    pass


def lock_chain(using: str | None = None) -> None:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        raise AuditTransactionError(
            "审计事件必须与所记录的修改在同一事务中写入（请在 transaction.atomic() 内调用）。"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
