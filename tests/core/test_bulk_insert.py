"""fazhi.core.bulk_insert: an import's new objects inserted in batches as
large as the database allows give the same stored rows as a plain
``bulk_create`` — text, dates, JSON, booleans, foreign keys from cached
parents, auto_now values — and their ids, across batches; SQLite reports the
variable limit it was compiled with, not Django's assumed 999."""

from __future__ import annotations

import datetime

import pytest

from fazhi.core import bulk_insert
from fazhi.registers.models import Case, CaseEvent

VOLATILE = {"id", "created_at", "updated_at", "recorded_at", "case"}


def _objects(county, tag: str) -> tuple[list[Case], list[CaseEvent]]:  # noqa: ANN001
    unit = next(u for u in county.units.values() if u.region_id == county.county.pk)
    cases, events = [], []
    for i in range(7):
        case = Case(register="disclosure", region=county.county, unit=unit,
                    number=f"{tag}{i}号", title=f"申请“{i}”\n第二行" if i % 2 else "",
                    started_on=datetime.date(2025, 3, 1 + i), state="received",
                    closed_on=None if i % 3 else datetime.date(2025, 4, 1),
                    next_due_provisional=bool(i % 2), created_by=county.users["office"])
        cases.append(case)
        events.append(CaseEvent(case=case, kind="open", label="登记", occurred_on=case.started_on,
                                to_state="received", note="" if i % 2 else "说明",
                                data={"日期": "2025-03-01", "数": i, "列": [1, None], "是": True}))
    return cases, events


def _stored(model, ids: list[int]) -> list[tuple]:  # noqa: ANN001
    rows = []
    for obj in model.objects.filter(pk__in=ids).order_by("pk"):
        rows.append(tuple((f.attname, getattr(obj, f.attname)) for f in model._meta.concrete_fields
                          if f.name not in VOLATILE))
    return rows


@pytest.mark.django_db
def test_insert_new_stores_what_bulk_create_stores(county, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(bulk_insert, "MAX_ROWS", 3)  # 7 objects: batches of 3, 3 and 1
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cases, events = _objects(county, "甲")
    with CaptureQueriesContext(connection) as queries:
        bulk_insert.insert_new(Case, cases)
    assert sum(q["sql"].startswith("INSERT") for q in queries.captured_queries) == 3
    bulk_insert.insert_new(CaseEvent, events)
    assert all(c.pk and not c._state.adding for c in cases)
    assert len({c.pk for c in cases}) == 7 and [c.pk for c in cases] == sorted(c.pk for c in cases)
    assert [e.case_id for e in events] == [c.pk for c in cases]  # from the cached parents
    assert all(c.created_at and c.updated_at for c in Case.objects.filter(pk__in=[c.pk for c in cases]))

    expected_cases, expected_events = _objects(county, "乙")
    Case.objects.bulk_create(expected_cases)
    CaseEvent.objects.bulk_create(expected_events)
    got = [tuple(v if k != "number" else v[1:] for k, v in row)
           for row in _stored(Case, [c.pk for c in cases])]
    want = [tuple(v if k != "number" else v[1:] for k, v in row)
            for row in _stored(Case, [c.pk for c in expected_cases])]
    assert got == want
    assert _stored(CaseEvent, [e.pk for e in events]) == _stored(
        CaseEvent, [e.pk for e in expected_events])
    # stored as read back: the JSON and text exactly as given
    event = CaseEvent.objects.get(pk=events[1].pk)
    assert event.data == {"日期": "2025-03-01", "数": 1, "列": [1, None], "是": True}
    assert Case.objects.get(pk=cases[1].pk).title == "申请“1”\n第二行"


@pytest.mark.django_db
def test_sqlite_statements_carry_the_connection_limit() -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    import sqlite3

    connection.ensure_connection()
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    assert bulk_insert.max_params(connection) == connection.features.max_query_params == limit
    assert limit > 999  # every SQLite since 3.32 allows 32766
