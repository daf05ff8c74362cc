"""Django's SQLite backend, with one change: ``flush`` (emptying every table,
as the test runner does between transactional tests) lifts the audit table's
append-only triggers for the length of the flush and puts them back.
PostgreSQL needs no such backend: its flush is TRUNCATE, which the
row triggers do not cover."""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base

from fazhi.audit import triggers


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style: Any, tables: Any, *, reset_sequences: bool = False,
                  allow_cascade: bool = False) -> list[str]:
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences,
                                       allow_cascade=allow_cascade)
        if triggers.TABLE in tables:
            return [*triggers.SQLITE_REMOVE, *statements, *triggers.SQLITE_INSTALL[2:]]
        return statements


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
