"""Trigram (pg_trgm) indexes for the search boxes, on PostgreSQL only.

Django's ``__icontains`` is ``UPPER(col::text) LIKE UPPER('%term%')`` on
PostgreSQL, so an index on the plain column is never used by it: the indexes
here are GIN indexes on that same expression with ``gin_trgm_ops``, which
serve the search boxes' ``icontains`` filters as written (bitmap index scans
instead of reading every row). SQLite has no such index; there the same
filters scan, which is fine at a county's size.

A migration adds them with ``trigram_indexes(...)``: nothing on other
databases, and where the extension cannot be created (no privilege) a
warning and no indexes — the search then works unindexed, as on SQLite.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, migrations, transaction

log = logging.getLogger(__name__)


def index_name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"[:63]


def trigram_indexes(*specs: tuple[str, str]) -> migrations.RunPython:
    """(table, column) pairs → one RunPython creating/dropping their indexes."""

    def forwards(apps, schema_editor) -> None:  # noqa: ANN001
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            try:
                with transaction.atomic(using=schema_editor.connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except DatabaseError:
                log.warning("pg_trgm could not be created: the search boxes stay unindexed")
                return
            for table, column in specs:
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
                    f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')

    def backwards(apps, schema_editor) -> None:  # noqa: ANN001
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for table, column in specs:
                cursor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')

    return migrations.RunPython(forwards, backwards, elidable=False)
