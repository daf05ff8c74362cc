"""``bulk_create`` of an import's new objects in batches as large as the
database allows.

A register import writes about ten new rows per row of the file (the case,
its detail, events, deadlines, audit entries). Django sizes SQLite batches by
an assumed limit of 999 variables, which gives statements of a few dozen rows;
the SQLite backend of this project (``fazhi.audit.backends.sqlite3``) reports
the limit SQLite was compiled with instead, and this takes batches of up to
``MAX_ROWS`` rows. The inserts stay the ORM's own ``bulk_create`` (a faster
hand-assembled INSERT was measured — the write pass took half the time — and
left out: the project writes through the ORM only).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router

MAX_ROWS = 2000  # rows per INSERT at most (the statement's size stays moderate)


def max_params(connection: Any) -> int:
    """Parameters one statement may carry, as the backend reports them."""
    return int(connection.features.max_query_params or 65535)


def insert_new(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """``model.objects.bulk_create(objs)``, in batches of up to ``MAX_ROWS`` rows."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    columns = sum(1 for f in model._meta.concrete_fields if not isinstance(f, models.AutoField))
    model._default_manager.bulk_create(
        objs, batch_size=max(1, min(MAX_ROWS, max_params(connection) // max(columns, 1))))
