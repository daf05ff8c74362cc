"""The records behind a unit's points: for each item on a computed indicator,
the register or ledger rows it counted (a deduction: the overdue assignments,
the lost cases, the corrected decisions), each linked to its page, and the
stored indicator value when one exists (its provenance page).

Ids come from ``results.record_ids`` (live) or the snapshot (closed); one
query per item loads the rows, whatever the number of units or records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from fazhi.indicators import engine
from fazhi.indicators.models import IndicatorValue
from fazhi.indicators.periods import Period

from .models import Scheme
from .results import ItemResult

SHOWN = 50  # rows listed per item; the count says how many there are


@dataclass
class RecordRow:
    cells: list[str]
    link: str
    in_numerator: bool = False


@dataclass
class Behind:
    label: str  # the source, e.g. 行政应诉登记簿
    columns: list[str]
    total: int
    rows: list[RecordRow] = field(default_factory=list)
    value_id: int | None = None  # the stored IndicatorValue (indicators:value_detail)
    numerator_label: str = ""


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def cell(row: Any, spec: Any) -> str:
    """A drill-down column of a source: a lookup path ("task__number") or a callable."""
    if callable(spec):
        return _text(spec(row))
    value: Any = row
    for part in str(spec).split("__"):
        value = getattr(value, part, None)
        if value is None:
            break
    return _text(value)


def stored_values(scheme: Scheme, unit_id: int, codes: list[str]) -> dict[str, int]:
    """code → the stored computed value of the unit for the year (one query)."""
    period = Period.year(scheme.year)
    rows = IndicatorValue.objects.filter(
        source=IndicatorValue.Source.COMPUTED, region_id=scheme.region_id, unit_id=unit_id,
        code__in=codes, period_start=period.start, period_end=period.end,
    ).values_list("code", "pk")
    return dict(rows)


def behind(scheme: Scheme, unit_id: int, items: list[ItemResult]) -> dict[int, Behind]:
    """item id → the records behind it, for the items on computed indicators."""
    wanted = [i for i in items if i.is_computed and i.kind != "manual"]
    stored = stored_values(scheme, unit_id, [i.code for i in wanted]) if wanted else {}
    out: dict[int, Behind] = {}
    for item in wanted:
        comp = engine.REGISTRY[item.code]
        src = comp.source
        ids = item.behind_ids
        shown = ids[:SHOWN]
        numerator = set(item.numerator_ids) if item.behind_ids is item.record_ids else set()
        qs = src.queryset().filter(pk__in=shown)
        if src.select_related:
            qs = qs.select_related(*src.select_related)
        by_pk = {obj.pk: obj for obj in qs}
        rows = [RecordRow(cells=[cell(obj, spec) for _, spec in src.columns],
                          link=src.link(obj) if src.link else "", in_numerator=pk in numerator)
                for pk in shown if (obj := by_pk.get(pk)) is not None]
        out[item.item_id] = Behind(
            label=src.label, columns=[label for label, _ in src.columns], total=len(ids),
            rows=rows, value_id=stored.get(item.code),
            numerator_label="计入分子" if numerator else "")
    return out
