"""Django's SQLite backend, with one change: ``flush`` (emptying every table,
as the test runner does between transactional tests) lifts the audit table's
append-only triggers for the length of the flush and puts them back.
PostgreSQL needs no such backend: its flush is TRUNCATE, which the
row triggers do not cover."""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base
from django.utils.functional import cached_property

from fazhi.audit import triggers


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style: Any, tables: Any, *, reset_sequences: bool = False,
                  allow_cascade: bool = False) -> list[str]:
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences,
                                       allow_cascade=allow_cascade)
        if triggers.TABLE in tables:
            return [*triggers.SQLITE_REMOVE, *statements, *triggers.SQLITE_INSTALL[2:]]
        return statements


class DatabaseFeatures(base.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:  # type: ignore[override]
        """The variable limit SQLite was compiled with (32766 since 3.32),
        not Django's assumed 999: bulk inserts of an import then take
        thousands of rows per statement instead of a hundred."""
        import sqlite3

        self.connection.ensure_connection()
        return int(self.connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    features_class = DatabaseFeatures
