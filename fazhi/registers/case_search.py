"""The register search box on SQLite: an FTS5 trigram index over the cases'
number and title.

``LIKE '%词%'`` cannot use a B-tree index, so the list's search read every
case of the county's register to count its matches (docs/scale.md). SQLite's
FTS5 ``trigram`` tokenizer (3.34+) indexes every three-character run of a
text, case-folded, and answers a quoted phrase of three or more characters
from the index: ``registers_case_fts`` is an external-content table (the text
stays in ``registers_case``; the index stores only trigrams) kept in step by
three triggers, so every write — the ORM's saves, ``bulk_create`` of imports,
raw SQL — updates it.

The search keeps the ``icontains`` condition and adds ``id IN (SELECT rowid
FROM registers_case_fts WHERE … MATCH '"词"')``: the index narrows the rows to
check, the LIKE decides. The result is then exactly ``icontains`` (FTS5 folds
the case of non-ASCII letters too — ``Ａ`` and ``ａ`` — where SQLite's LIKE
folds only ASCII). Terms under three characters have no trigram and stay a
plain ``icontains``, as do other databases (PostgreSQL has its pg_trgm
indexes, fazhi.core.trigram) and SQLite builds without the tokenizer.

A later migration that rebuilds ``registers_case`` (SQLite's way of altering a
table) drops its triggers with the old table; ``ensure_triggers`` (after every
``migrate``) puts them back and rebuilds the index.
"""

from __future__ import annotations

import logging
from functools import cache

from django.db import DatabaseError, connection, models
from django.db.models import Exists, Lookup, OuterRef, Q, QuerySet

log = logging.getLogger(__name__)

TABLE = "registers_case_fts"
CASES = "registers_case"
TRIGGERS = ("registers_case_fts_insert", "registers_case_fts_delete", "registers_case_fts_update")
MIN_LENGTH = 3  # a trigram index has nothing for shorter terms

# Spelled out (not formatted from the names above): fixed DDL, no input in it.
CREATE_TABLE = ("CREATE VIRTUAL TABLE IF NOT EXISTS registers_case_fts USING fts5(number, title, "
                "content='registers_case', content_rowid='id', tokenize='trigram')")
# An external-content index is told the old values to remove ('delete'): the
# triggers give exactly what was indexed, so the index never drifts.
CREATE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS registers_case_fts_insert AFTER INSERT ON registers_case BEGIN "
    "INSERT INTO registers_case_fts(rowid, number, title) "
    "VALUES (new.id, new.number, new.title); END",
    "CREATE TRIGGER IF NOT EXISTS registers_case_fts_delete AFTER DELETE ON registers_case BEGIN "
    "INSERT INTO registers_case_fts(registers_case_fts, rowid, number, title) "
    "VALUES ('delete', old.id, old.number, old.title); END",
    "CREATE TRIGGER IF NOT EXISTS registers_case_fts_update "
    "AFTER UPDATE OF number, title ON registers_case BEGIN "
    "INSERT INTO registers_case_fts(registers_case_fts, rowid, number, title) "
    "VALUES ('delete', old.id, old.number, old.title); "
    "INSERT INTO registers_case_fts(rowid, number, title) "
    "VALUES (new.id, new.number, new.title); END",
]
REBUILD = "INSERT INTO registers_case_fts(registers_case_fts) VALUES ('rebuild')"
DROP = ["DROP TRIGGER IF EXISTS registers_case_fts_insert",
        "DROP TRIGGER IF EXISTS registers_case_fts_delete",
        "DROP TRIGGER IF EXISTS registers_case_fts_update",
        "DROP TABLE IF EXISTS registers_case_fts"]


class FullText(models.TextField):
    """The FTS5 table's hidden column of the same name: ``MATCH`` searches
    every indexed column."""


@FullText.register_lookup
class Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):  # noqa: ANN001, ANN201
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class CaseText(models.Model):
    """The index, read-only through the ORM (the triggers write it)."""

    id = models.IntegerField(primary_key=True, db_column="rowid")
    number = models.TextField()
    title = models.TextField()
    text = FullText(db_column=TABLE)

    class Meta:
        managed = False
        db_table = TABLE

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


def phrase(term: str) -> str:
    """``term`` as one FTS5 string: whatever it holds (quotes, ``*``, ``OR``,
    ``-``, ``:``) is text to find, never query syntax."""
    return '"' + term.replace('"', '""') + '"'


def sqlite_table_exists(alias: str, table: str) -> bool:
    """``table`` exists in the SQLite database ``alias`` (False elsewhere)."""
    from django.db import connections

    conn = connections[alias]
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
        return cursor.fetchone() is not None


@cache
def available(alias: str = "default") -> bool:
    """The index exists here (SQLite with the trigram tokenizer, migrated).
    Asked once per process: it does not come and go under a running server."""
    return sqlite_table_exists(alias, TABLE)


def _indexed(term: str) -> bool:
    return len(term) >= MIN_LENGTH and available(connection.alias)


def _contains(term: str) -> Q:
    return Q(number__icontains=term) | Q(title__icontains=term)


def number_or_title(term: str) -> Q:
    """Cases whose number or title contains ``term`` (``icontains``), through
    the trigram index where there is one."""
    condition = _contains(term)
    if not _indexed(term):
        return condition
    hits = CaseText.objects.filter(text__match=phrase(term)).values("id")
    return Q(pk__in=hits) & condition


def count_rows(cases: QuerySet, term: str) -> QuerySet | None:
    """One row per case of ``cases.filter(number_or_title(term))``, read from
    the index's matches (for the list's bounded count); None where the index
    is not used.

    Filtered as above, SQLite counts by reading every entry of the county's
    ``(register, region, …)`` index and looking each up among the matching
    ids (10⁵ cases: 30 ms). Here it reads the matches one by one, each with
    its case by id, and stops at the count's limit: the time follows the
    matches in the database, not the size of the county."""
    if not _indexed(term):
        return None
    wanted = cases.filter(_contains(term))
    return (CaseText.objects.filter(text__match=phrase(term))
            .filter(Exists(wanted.filter(pk=OuterRef("id")))).values("id"))


def install(conn) -> None:  # noqa: ANN001
    """Create the index and its triggers and index the existing cases
    (SQLite only; without the trigram tokenizer, a warning and nothing)."""
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        try:
            cursor.execute(CREATE_TABLE)
        except DatabaseError:  # SQLite before 3.34, or built without FTS5
            log.warning("FTS5 trigram unavailable: the register search stays unindexed")
            return
        for sql in CREATE_TRIGGERS:
            cursor.execute(sql)
        cursor.execute(REBUILD)
    available.cache_clear()


def remove(conn) -> None:  # noqa: ANN001
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        for sql in DROP:
            cursor.execute(sql)
    available.cache_clear()


def ensure_triggers(using: str = "default", **kwargs) -> None:  # noqa: ANN003, ARG001
    """After ``migrate``: if the index exists but a table rebuild dropped its
    triggers, put them back and rebuild the index (the copied cases kept their
    ids, but writes since then were not indexed)."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') "
                       "AND name IN (%s, %s, %s, %s)", [TABLE, *TRIGGERS])
        present = {row[0] for row in cursor.fetchall()}
    if TABLE in present and not present.issuperset(TRIGGERS):
        log.warning("registers_case lost its search triggers: reinstalled, index rebuilt")
        install(conn)
