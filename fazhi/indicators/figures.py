"""A region's or a unit's figures for any period, as the command, the cockpit
and the annual report read them.

``region_figures`` computes the declared figures live from the records (any
region level: a city's counts are its counties' counts summed, its rates
recomputed from the summed numerators and denominators) and adds the values
units reported by hand and the office accepted, summed the same way.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from fazhi.org.models import Region, Unit

from . import catalogue, engine
from .models import IndicatorValue
from .periods import Period
from .services import format_decimal
from .store import counties_under


@dataclass
class RegionFigure:
    code: str
    name: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    unit: str
    source: str  # computed | reported
    records: int  # the records (computed) or accepted reports (reported) behind it

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        if self.unit == "是/否":  # boolean kind: a computed one is a count of 0 or 1
            return "是" if self.value else "否"
        value = self.value
        if self.unit == "%":
            value = value.quantize(Decimal("0.1"))
        return f"{format_decimal(value)}{self.unit}"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("value", "numerator", "denominator"):
            v = data[key]
            data[key] = None if v is None else float(v) if v % 1 else int(v)
        return data


def _rate(num: Decimal, den: Decimal) -> Decimal | None:
    return (Decimal(100) * num / den).quantize(Decimal("0.0001")) if den else None


def _combine(code: str, source: str, count: Decimal, num: Decimal | None,
             records: int, total: Decimal | None = None) -> RegionFigure:
    ind = catalogue.get(code)
    if total is not None:  # an amount: the sum, not the number of records
        return RegionFigure(code, ind.name, total, None, None, ind.unit, source, records)
    if ind.kind == "rate":
        den = count
        num = num or Decimal(0)
        return RegionFigure(code, ind.name, _rate(num, den), num, den, ind.unit, source, records)
    return RegionFigure(code, ind.name, count, None, None, ind.unit, source, records)


def computed(period: Period, *, region: Region | None = None, unit: Unit | None = None,
             as_of: datetime.date | None = None) -> dict[str, RegionFigure]:
    """Every declared figure of a region (summed over its counties) or of one unit."""
    if unit is not None:
        figures = [f for f in engine.evaluate(period, unit_ids=[unit.pk], by_unit=True,
                                              as_of=as_of) if f.unit_id == unit.pk]
    else:
        ids = [c.pk for c in counties_under(region)]
        figures = engine.evaluate(period, county_ids=ids, by_unit=False, as_of=as_of)
    sums: dict[str, list[Any]] = {c.code: [0, 0, Decimal(0)] for c in engine.computations()}
    for f in figures:
        sums[f.code][0] += f.count
        sums[f.code][1] += f.numerator or 0
        sums[f.code][2] += f.total or 0
    out = {}
    for comp in engine.computations():
        count, num, total = sums[comp.code]
        out[comp.code] = _combine(comp.code, "computed", Decimal(count),
                                  Decimal(num) if comp.is_rate else None, count,
                                  total.quantize(Decimal("0.0001")) if comp.total else None)
    return out


def reported(period: Period, *, region: Region | None = None, unit: Unit | None = None
             ) -> dict[str, RegionFigure]:
    """Accepted hand-reported values whose period lies within ``period``, summed
    over the region's units (one grouped query)."""
    qs = IndicatorValue.objects.filter(source=IndicatorValue.Source.REPORTED,
                                       period_start__gte=period.start,
                                       period_end__lte=period.end)
    if unit is not None:
        qs = qs.filter(unit=unit)
    elif region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    rows = qs.order_by().values("code").annotate(
        value=Sum("value"), numerator=Sum("numerator"), denominator=Sum("denominator"),
        n=Count("pk"))
    out = {}
    for row in rows:
        ind = catalogue.find(row["code"])
        if ind is None:
            continue
        if ind.kind == "rate":
            num, den = row["numerator"] or Decimal(0), row["denominator"] or Decimal(0)
            out[ind.code] = RegionFigure(ind.code, ind.name, _rate(num, den), num, den, ind.unit,
                                         "reported", row["n"])
        else:
            out[ind.code] = RegionFigure(ind.code, ind.name, row["value"], None, None, ind.unit,
                                         "reported", row["n"])
    return out


def region_figures(period: Period, *, region: Region | None = None, unit: Unit | None = None,
                   as_of: datetime.date | None = None) -> list[RegionFigure]:
    """Computed and reported figures together, in catalogue order. A code that
    is computed is never also taken from hand reports."""
    comp = computed(period, region=region, unit=unit, as_of=as_of)
    rep = {k: v for k, v in reported(period, region=region, unit=unit).items() if k not in comp}
    merged = {**comp, **rep}
    return [merged[i.code] for i in catalogue.all() if i.code in merged]
