"""Computed figures in the store: recomputation, the sums of upper levels, and
stale detection.

A computed ``IndicatorValue`` is identified by (code, region, unit, period);
recomputation updates it in place, so links to it (from the cockpit, the
annual report) stay valid. Counties and their units are computed from the
records; cities and provinces are sums of their counties (counts summed,
rates recomputed from summed numerators and denominators, never averaged).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from fazhi.org.models import Region

from . import catalogue, engine
from .models import IndicatorValue
from .periods import Period

COMPUTED = IndicatorValue.Source.COMPUTED
Key = tuple[str, int, int | None, datetime.date, datetime.date]
Progress = Callable[[int, int], None]


@dataclass
class RecomputeResult:
    counties: int
    periods: int
    written: int
    deleted: int


def periods_of(year: int) -> list[Period]:
    """What recomputation stores: the year, and its months for the trends."""
    year_period = Period.year(year)
    return [year_period, *year_period.months()]


def counties_under(region: Region | None) -> list[Region]:
    qs = Region.objects.filter(level=Region.Level.COUNTY)
    if region is not None:
        qs = qs.filter(path__startswith=region.path)
    return list(qs.order_by("path"))


def _key(v: IndicatorValue) -> Key:
    return (v.code, v.region_id, v.unit_id, v.period_start, v.period_end)


def _fill(value: IndicatorValue, fig: engine.Figure, period: Period, at: datetime.datetime,
          region_name: str, group: str) -> IndicatorValue:
    value.value = fig.value
    value.numerator = Decimal(fig.numerator) if fig.numerator is not None else None
    value.denominator = Decimal(fig.denominator) if fig.denominator is not None else None
    value.region_name = region_name
    value.computed_at = at
    value.provenance = {"group": group, "records": fig.count, "numerator_records": fig.numerator,
                        "base_count": fig.base_count, "period": period.key}
    return value


def recompute(year: int, region: Region | None = None, *, progress: Progress | None = None,
              as_of: datetime.date | None = None) -> RecomputeResult:
    """Recompute every declared figure of ``year`` (and its months) for the
    counties under ``region`` (all when None), then their cities and provinces.
    Idempotent: running it twice leaves the same rows."""
    counties = counties_under(region)
    names = {c.pk: c.name for c in counties}
    ids = list(names)
    periods = periods_of(year)
    comps = engine.computations()
    groups = {c.code: c.group_key for c in comps}
    written = deleted = 0
    at = timezone.now()  # taken before counting: a change during the run makes it stale
    for step, period in enumerate(periods, start=1):
        figures = engine.evaluate(period, county_ids=ids, by_unit=period.is_year, as_of=as_of)
        seen = {(f.code, f.region_id, f.unit_id) for f in figures}
        for county_id in ids:  # every county shows every figure, 0 when nothing was counted
            for comp in comps:
                if (comp.code, county_id, None) not in seen:
                    figures.append(engine.Figure(comp.code, county_id, None, 0,
                                                 0 if comp.is_rate else None))
        with transaction.atomic():
            existing = {_key(v): v for v in IndicatorValue.objects.filter(
                source=COMPUTED, region_id__in=ids, period_start=period.start,
                period_end=period.end)}
            to_create, to_update = [], []
            for fig in figures:
                key = (fig.code, fig.region_id, fig.unit_id, period.start, period.end)
                row = existing.pop(key, None)
                if row is None:
                    row = IndicatorValue(code=fig.code, region_id=fig.region_id,
                                         unit_id=fig.unit_id, year=year, source=COMPUTED,
                                         period_start=period.start, period_end=period.end)
                    to_create.append(row)
                else:
                    to_update.append(row)
                _fill(row, fig, period, at, names[fig.region_id], groups[fig.code])
            IndicatorValue.objects.bulk_create(to_create, batch_size=500)
            IndicatorValue.objects.bulk_update(
                to_update, ["value", "numerator", "denominator", "region_name", "computed_at",
                            "provenance"], batch_size=500)
            # A unit with no records left, or a computation no longer declared.
            gone = [v.pk for v in existing.values()]
            IndicatorValue.objects.filter(pk__in=gone).delete()
            written += len(to_create) + len(to_update)
            deleted += len(gone)
        if progress:
            progress(step, len(periods) + 1)
    sum_upper_levels(year, counties)
    if progress:
        progress(len(periods) + 1, len(periods) + 1)
    return RecomputeResult(len(ids), len(periods), written, deleted)


def sum_upper_levels(year: int, counties: Iterable[Region]) -> int:
    """Store each city's and province's figures as sums of their counties'
    stored values: one grouped query per level above the counties."""
    ancestor_ids: set[int] = set()
    for c in counties:
        ancestor_ids.update(int(x) for x in c.path.strip("/").split("/")[:-1] if x)
    if not ancestor_ids:
        return 0
    ancestors = {r.pk: r for r in Region.objects.filter(pk__in=ancestor_ids)}
    rates = {i.code for i in catalogue.all() if i.kind == "rate"}
    at = timezone.now()
    out: list[IndicatorValue] = []
    for depth in range(1, 4):  # city, province, and one level above if any
        link = "__".join(["region"] + ["parent"] * depth)
        rows = (IndicatorValue.objects.filter(source=COMPUTED, year=year, unit__isnull=True,
                                              region__level=Region.Level.COUNTY)
                .filter(**{f"{link}__in": list(ancestors)})
                .order_by().values(link, "code", "period_start", "period_end")
                .annotate(value=Sum("value"), numerator=Sum("numerator"),
                          denominator=Sum("denominator")))
        for row in rows:
            region = ancestors[row[link]]
            if row["code"] in rates:
                num, den = row["numerator"] or Decimal(0), row["denominator"] or Decimal(0)
                value = (Decimal(100) * num / den).quantize(Decimal("0.0001")) if den else None
            else:
                num = den = None
                value = row["value"] or Decimal(0)
            out.append(IndicatorValue(
                code=row["code"], region=region, region_name=region.name, year=year,
                period_start=row["period_start"], period_end=row["period_end"], value=value,
                numerator=num, denominator=den, source=COMPUTED, computed_at=at,
                provenance={"summed_from": "counties"}))
    with transaction.atomic():
        IndicatorValue.objects.filter(source=COMPUTED, year=year, unit__isnull=True,
                                      region_id__in=list(ancestors)).delete()
        IndicatorValue.objects.bulk_create(out, batch_size=500)
    return len(out)


# ------------------------------------------------------------------ staleness
def mark_stale(values: list[IndicatorValue], as_of: datetime.date | None = None) -> set[int]:
    """Set ``v.stale`` on each computed county or unit value (True when records
    behind it changed, appeared or disappeared since it was computed) and
    return the pks of the stale ones. One query per source group and period,
    whatever the number of values."""
    stale: set[int] = set()
    by_period: dict[tuple[datetime.date, datetime.date], list[IndicatorValue]] = {}
    for v in values:
        v.stale = False  # type: ignore[attr-defined]
        if v.source == COMPUTED and v.period_start and isinstance(v.provenance, dict) \
                and "group" in v.provenance:
            by_period.setdefault((v.period_start, v.period_end), []).append(v)
    for (start, end), vals in by_period.items():
        county_ids = {v.region_id for v in vals}
        fresh = engine.freshness(Period(start, end), county_ids, as_of,
                                 codes={v.code for v in vals})
        unit_fresh = _unit_freshness(Period(start, end), [v for v in vals if v.unit_id], as_of)
        for v in vals:
            group = v.provenance["group"]
            if v.unit_id:
                count, changed = unit_fresh.get((group, v.unit_id), (0, None))
            else:
                count, changed = fresh.get((group, v.region_id), (0, None))
            if count != v.provenance.get("base_count", 0) or (
                    changed is not None and v.computed_at is not None and changed > v.computed_at):
                v.stale = True  # type: ignore[attr-defined]
                stale.add(v.pk)
    return stale


def _unit_freshness(period: Period, values: list[IndicatorValue],
                    as_of: datetime.date | None) -> dict[tuple[str, int], tuple[int, object]]:
    from django.db.models import Count, Max

    out: dict[tuple[str, int], tuple[int, object]] = {}
    if not values:
        return out
    unit_ids = {v.unit_id for v in values}
    as_of = as_of or timezone.localdate()
    done: set[str] = set()
    for comp in engine.computations({v.code for v in values}):
        if comp.group_key in done:
            continue
        done.add(comp.group_key)
        source = comp.source
        rows = (source.queryset().filter(comp.period_q(period, as_of))
                .filter(**{f"{source.unit}__in": unit_ids}).order_by().values(source.unit)
                .annotate(n=Count("pk", distinct=True), changed=Max(source.changed)))
        for row in rows:
            out[(comp.group_key, row[source.unit])] = (row["n"], row["changed"])
    return out


def changed_records_q(value: IndicatorValue) -> Q:
    """Records changed after ``value`` was computed (shown flagged in the drill-down)."""
    comp = engine.REGISTRY.get(value.code)
    if comp is None or value.computed_at is None:
        return Q(pk__in=[])
    return Q(**{f"{comp.source.changed}__gt": value.computed_at})
