"""Database triggers that make the audit tables append-only on both engines.

An attacker with DDL rights can drop them (the hash chain and the signed
checkpoints are there for that case); they stop the application, its users
and accidental scripts from rewriting history.
"""

TABLES = ("audit_auditevent", "audit_auditcheckpoint")
_OPS = {"UPDATE": "修改", "DELETE": "删除", "TRUNCATE": "清空"}


def message(table: str, op: str) -> str:
    return f"审计记录只能追加，禁止{_OPS[op]}（表 {table}）"


def _sqlite_install() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message(table, op)}'); END"
        for table in TABLES for op in ("UPDATE", "DELETE")
    ]


def _sqlite_remove() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()}"
            for table in TABLES for op in ("UPDATE", "DELETE")]


# restrict_violation (23001) so PostgreSQL raises IntegrityError, as SQLite's RAISE(ABORT) does.
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计记录只能追加，禁止%（表 %）',
        CASE TG_OP WHEN 'UPDATE' THEN '修改' WHEN 'DELETE' THEN '删除' ELSE '清空' END,
        TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def _pg_install() -> list[str]:
    sql = [_PG_FUNCTION]
    for table in TABLES:
        sql += [
            f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
            f"CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()",
        ]
    return sql


def _pg_remove() -> list[str]:
    sql = []
    for table in TABLES:
        sql += [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"]
    return [*sql, "DROP FUNCTION IF EXISTS audit_append_only()"]


def _statements(vendor: str, install: bool) -> list[str]:
    if vendor == "postgresql":
        return _pg_install() if install else _pg_remove()
    if vendor == "sqlite":
        return _sqlite_install() if install else _sqlite_remove()
    raise NotImplementedError(f"审计追加保护不支持数据库 {vendor}")


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=True):
            cursor.execute(sql)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=False):
            cursor.execute(sql)


def installed(connection) -> set[str]:
    """Names of the append-only triggers present (for tests and checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid::regclass::text = ANY(%s)", [list(TABLES)])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name IN (%s, %s)", list(TABLES))
        return {row[0] for row in cursor.fetchall()}
