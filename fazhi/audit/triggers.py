"""Database triggers that refuse UPDATE and DELETE on the audit table, so the
log stays append-only even for SQL that bypasses the ORM (an injected
statement, a hand-run query). Installed by migration 0002; the SQLite backend
of this package drops and restores them around ``flush`` only (emptying a
whole database, as the test runner does)."""

from __future__ import annotations

TABLE = "audit_auditentry"
MESSAGE = "审计日志只能追加，不可修改或删除。"

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION fazhi_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    f"""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION fazhi_audit_append_only()""",
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS fazhi_audit_append_only()",
]

SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_no_update",
    "DROP TRIGGER IF EXISTS audit_no_delete",
]
SQLITE_INSTALL = [
    *SQLITE_REMOVE,
    f"CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]


def install(schema_editor) -> None:  # noqa: ANN001
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRES_INSTALL, "sqlite": SQLITE_INSTALL}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def remove(schema_editor) -> None:  # noqa: ANN001
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRES_REMOVE, "sqlite": SQLITE_REMOVE}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql)
