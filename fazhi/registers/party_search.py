"""The site search on SQLite: an FTS5 trigram index over the party and 文号
columns of the registers' detail tables (申请人, 原告, 当事人, 文号 …).

The number and title of a case have their own index (``case_search``). The
site search also finds a case by who brought it or by a document number kept
in its register's detail table, and without an index each detail table was
read whole for every search, whatever the county: the time followed the size
of the whole database (docs/scale.md).

``registers_party_fts`` holds one row per case that has a detail row (each case
has at most one: the detail tables are one-to-one with the case), its rowid
the case's id, its text that row's party and 文号 columns, one per line. Each
detail table has three triggers that keep it in step with every write (the
ORM's saves, imports' ``bulk_create``, raw SQL).

Which columns: those whose label names a party or a 文号 (``PARTY_WORDS``),
read from the models — so a new register or column is indexed without a
migration of its own. ``ensure`` runs after every ``migrate``: when the
installed triggers are not the ones the models call for (a new column, a table
rebuilt by a migration, which drops its triggers), it reinstalls them and
rebuilds the index. When the tables do not have the models' columns (a
database migrated back to an older state) it removes the index, and the search
reads the tables as before.

PostgreSQL has pg_trgm indexes instead (``fazhi.core.trigram``)."""

from __future__ import annotations

import logging
from functools import cache

from django.db import DatabaseError, models

from .case_search import FullText, phrase, sqlite_table_exists

log = logging.getLogger(__name__)

TABLE = "registers_party_fts"
TRIGGER_PREFIX = "registers_party_fts_"
MIN_LENGTH = 3  # a trigram index has nothing for shorter terms
# Labels (verbose name or help text) of the detail columns that name a party or a 文号.
PARTY_WORDS = ("申请人", "原告", "当事人", "第三人", "文号")


class PartyText(models.Model):
    """The index, read-only through the ORM (the triggers write it)."""

    id = models.IntegerField(primary_key=True, db_column="rowid")
    body = models.TextField(db_column="text")
    text = FullText(db_column=TABLE)

    class Meta:
        managed = False
        db_table = TABLE

    def __str__(self) -> str:
        return self.body


def party_columns() -> list[tuple[models.OneToOneRel, list[models.Field]]]:
    """Each detail table (its one-to-one link from the case) with the columns
    that name a party or a 文号, in the models' order."""
    from .models import Case

    out = []
    for rel in Case._meta.related_objects:
        if not rel.one_to_one:
            continue
        fields = []
        for f in rel.related_model._meta.get_fields():
            words = f"{getattr(f, 'verbose_name', '')} {getattr(f, 'help_text', '')}"
            if isinstance(f, models.CharField) and any(w in words for w in PARTY_WORDS):
                fields.append(f)
        if fields:
            out.append((rel, fields))
    return out


def _statements(conn) -> tuple[dict[str, str], list[str]]:  # noqa: ANN001
    """The triggers the models call for ({name: CREATE statement}) and the
    statements that fill the index from the tables. Built from the models'
    table and column names (quoted), never from input."""
    q = conn.ops.quote_name
    triggers: dict[str, str] = {}
    fills: list[str] = []
    for rel, fields in party_columns():
        table = rel.related_model._meta.db_table
        case_id = rel.field.column
        columns = [f.column for f in fields]

        def text(row: str, columns: list[str] = columns) -> str:
            # one column per line: a trigram never joins the end of one to the next
            return " || char(10) || ".join(f"coalesce({row}.{q(c)}, '')" for c in columns)

        name = f"{TRIGGER_PREFIX}{table}"
        # (S608: DDL of the models' quoted names, no input in it; triggers have no ORM)
        insert = (f"DELETE FROM {TABLE} WHERE rowid = new.{q(case_id)}; "  # noqa: S608
                  f"INSERT INTO {TABLE}(rowid, text) VALUES (new.{q(case_id)}, {text('new')});")
        triggers[f"{name}_insert"] = (
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {q(table)} BEGIN {insert} END")
        triggers[f"{name}_delete"] = (
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {q(table)} BEGIN "  # noqa: S608
            f"DELETE FROM {TABLE} WHERE rowid = old.{q(case_id)}; END")
        watched = ", ".join(q(c) for c in [case_id, *columns])
        triggers[f"{name}_update"] = (
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {watched} ON {q(table)} BEGIN "  # noqa: S608
            f"DELETE FROM {TABLE} WHERE rowid = old.{q(case_id)}; {insert} END")
        fills.append(f"INSERT INTO {TABLE}(rowid, text) "  # noqa: S608
                     f"SELECT {q(case_id)}, {text(q(table))} FROM {q(table)}")
    return triggers, fills


def _has_columns(conn) -> bool:  # noqa: ANN001
    """The detail tables have every column the triggers read (a trigger naming
    a missing column is accepted by SQLite and fails every write later)."""
    with conn.cursor() as cursor:
        for rel, fields in party_columns():
            table = rel.related_model._meta.db_table
            present = {c.name for c in conn.introspection.get_table_description(cursor, table)}
            if not {rel.field.column, *(f.column for f in fields)} <= present:
                return False
    return True


def _installed(cursor) -> dict[str, str]:  # noqa: ANN001
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                   "AND name LIKE %s ESCAPE '\\'", [TRIGGER_PREFIX.replace("_", r"\_") + "%"])
    return dict(cursor.fetchall())


def remove(conn) -> None:  # noqa: ANN001
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        for name in _installed(cursor):
            cursor.execute(f"DROP TRIGGER IF EXISTS {conn.ops.quote_name(name)}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    available.cache_clear()


def ensure(using: str = "default", **kwargs) -> None:  # noqa: ANN003, ARG001
    """After ``migrate``: the index and the triggers the models call for; the
    index rebuilt whenever the triggers had to change."""
    from django.db import connections, transaction

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    try:
        tables_ready = _has_columns(conn)
    except DatabaseError:  # a detail table missing altogether
        tables_ready = False
    if not tables_ready:
        remove(conn)
        return
    wanted, fills = _statements(conn)
    with transaction.atomic(using=using), conn.cursor() as cursor:
        try:
            cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} "
                           "USING fts5(text, tokenize='trigram')")
        except DatabaseError:  # SQLite before 3.34, or built without FTS5
            log.warning("FTS5 trigram unavailable: the site search reads the detail tables")
            return
        installed = _installed(cursor)
        if installed == wanted:
            return
        for name in installed:
            cursor.execute(f"DROP TRIGGER IF EXISTS {conn.ops.quote_name(name)}")
        for sql in wanted.values():
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608  (a constant name)
        for sql in fills:
            cursor.execute(sql)
    available.cache_clear()


@cache
def available(alias: str = "default") -> bool:
    """The index exists here (SQLite with the trigram tokenizer). Asked once
    per process: it does not come and go under a running server."""
    return sqlite_table_exists(alias, TABLE)


def matching_cases(term: str) -> models.QuerySet | None:
    """The ids of cases whose party or 文号 text may contain ``term`` (the
    index's matches; the caller's ``icontains`` decides), or None where the
    index cannot answer (a term under three characters, no index)."""
    from django.db import connection

    if len(term) < MIN_LENGTH or not available(connection.alias):
        return None
    return PartyText.objects.filter(text__match=phrase(term)).values("id")
