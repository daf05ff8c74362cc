"""``bulk_create`` of new objects without the SQL compiler's per-value passes.

A register import writes about ten new rows per row of the file (the case,
its detail, events, deadlines, audit entries). Django's ``bulk_create`` walks
every value of every row several times while it compiles each INSERT
(placeholders, parameters, pre-save hooks) — a quarter of the import's time
(issue 10, item 10). This does the same for objects without a primary key:

- the statement is assembled from the model's metadata with the backend's
  own operations (``insert_statement``, ``bulk_insert_sql``,
  ``return_insert_columns``), exactly as ``SQLInsertCompiler.as_sql`` does;
  only values are parameters;
- each value passes through ``field.pre_save`` (where a field defines one,
  e.g. ``auto_now``) and ``field.get_db_prep_save``, as there; a ``str`` of
  a plain text field and a ``bool`` of a boolean field are sent as they are,
  which is what those methods return for them;
- batches are as large as the database allows (SQLite's real variable
  limit, read from the connection, instead of Django's fixed 999);
- the new ids come back from ``RETURNING`` and are set on the objects.

A model or backend outside those cases (no ``RETURNING`` of several rows, a
field with its own placeholder, a generated or database-default column)
goes through ``bulk_create`` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models.expressions import DatabaseDefault

MAX_ROWS = 2000  # rows per INSERT at most (the statement's size stays moderate)

_PLAN: dict[tuple[type, str], _Plan | None] = {}


def _plain(field: models.Field, base: type) -> bool:
    """True if the field converts values exactly as ``base`` does."""
    cls = type(field)
    return all(getattr(cls, name) is getattr(base, name)
               for name in ("get_db_prep_save", "get_db_prep_value", "get_prep_value",
                            "to_python", "pre_save"))


class _Plan:
    """What one model's INSERT needs: its columns and a value getter per field."""

    def __init__(self, model: type[models.Model], connection: Any) -> None:
        opts = model._meta
        self.fields = [f for f in opts.concrete_fields if not isinstance(f, models.AutoField)]
        self.returning = list(opts.db_returning_fields)
        self.getters: list[Callable[[models.Model], Any]] = [
            self._getter(f, connection) for f in self.fields]
        self.connection = connection
        ops = connection.ops
        qn = ops.quote_name
        self.head = (f"{ops.insert_statement(on_conflict=None)} {qn(opts.db_table)} "
                     f"({', '.join(qn(f.column) for f in self.fields)})")
        self.tail, self.tail_params = ops.return_insert_columns(self.returning)
        self.sql: dict[int, str] = {}

    @staticmethod
    def _getter(field: models.Field, connection: Any) -> Callable[[models.Model], Any]:
        attname = field.attname
        prep = field.get_db_prep_save
        if type(field).pre_save is not models.Field.pre_save:  # auto_now, files …
            def value_of(obj: models.Model) -> Any:
                return prep(field.pre_save(obj, True), connection)
            return value_of
        for base, exact in ((models.CharField, str), (models.TextField, str),
                            (models.BooleanField, bool)):
            if isinstance(field, base) and _plain(field, base):
                def fast(obj: models.Model, exact: type = exact) -> Any:
                    value = getattr(obj, attname)
                    return value if type(value) is exact else prep(value, connection)
                return fast

        def plain(obj: models.Model) -> Any:
            return prep(getattr(obj, attname), connection)
        return plain

    def statement(self, rows: int) -> str:
        sql = self.sql.get(rows)
        if sql is None:
            placeholders = [["%s"] * len(self.fields)] * rows
            parts = [self.head, self.connection.ops.bulk_insert_sql(self.fields, placeholders)]
            if self.tail:
                parts.append(self.tail)
            sql = self.sql[rows] = " ".join(parts)
        return sql


def _plan(model: type[models.Model], connection: Any) -> _Plan | None:
    key = (model, connection.alias)
    if key not in _PLAN:
        features = connection.features
        fields = model._meta.concrete_fields
        usable = (features.can_return_rows_from_bulk_insert
                  and all(not getattr(f, "generated", False) and not hasattr(f, "get_placeholder")
                          and f.db_default is models.NOT_PROVIDED for f in fields)
                  and len(model._meta.db_returning_fields) == 1)
        _PLAN[key] = _Plan(model, connection) if usable else None
    return _PLAN[key]


def max_params(connection: Any) -> int:
    """Parameters one statement may carry: SQLite's limit as compiled
    (32766 by default since 3.32, more in some builds; Django assumes 999),
    otherwise the backend's."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return int(connection.features.max_query_params or 65535)


def insert_new(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert new objects (no primary key yet) and set their ids, as
    ``model.objects.bulk_create(objs)`` does."""
    if not objs:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    plan = _plan(model, connection)
    if plan is None or any(o.pk is not None for o in objs):
        model._default_manager.bulk_create(objs)
        return
    for obj in objs:  # foreign keys from the cached (already saved) parents
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        for field in obj._meta.fields:
            if isinstance(getattr(obj, field.attname), DatabaseDefault):
                model._default_manager.bulk_create(objs)
                return
    per_row = len(plan.fields) + len(plan.tail_params or ())
    size = max(1, min(MAX_ROWS, (max_params(connection) - len(plan.tail_params or ())) // per_row))
    pk = plan.returning[0]
    getters = plan.getters
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start:start + size]
            params = [get(obj) for obj in batch for get in getters]
            if plan.tail_params:
                params.extend(plan.tail_params)
            cursor.execute(plan.statement(len(batch)), params)
            rows = connection.ops.fetch_returned_insert_rows(cursor)
            if len(rows) != len(batch):  # cannot happen: every row inserted returns its id
                raise RuntimeError(f"{model.__name__}: {len(rows)} ids for {len(batch)} rows")
            for obj, row in zip(batch, rows, strict=True):
                setattr(obj, pk.attname, row[0])
                obj._state.adding = False
                obj._state.db = using
