"""The figures of a report: taking them from the indicator store, telling
which are stale, refreshing them.

A figure token ``{CODE}`` in a section's text stands for the report's
``ReportFigure`` of that code. Computed figures link to the county's stored
value of the year (and so to its records); reported figures are the sum of
the units' accepted reports (fazhi.indicators.figures).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.indicators import catalogue, engine, store
from fazhi.indicators import figures as live
from fazhi.indicators.models import IndicatorValue
from fazhi.indicators.periods import Period

from .document import TOKEN
from .models import AnnualReport, ReportFigure


@dataclass
class FigureState:
    figure: ReportFigure
    name: str
    current: str  # what the store says now
    stale: bool
    reason: str = ""


def year_values(report: AnnualReport) -> dict[str, IndicatorValue]:
    """The county's stored computed values of the report's year, by code."""
    period = Period.year(report.year)
    return {v.code: v for v in IndicatorValue.objects.filter(
        source=IndicatorValue.Source.COMPUTED, region=report.region, unit__isnull=True,
        period_start=period.start, period_end=period.end)}


def ensure_computed(report: AnnualReport) -> dict[str, IndicatorValue]:
    """Stored values of the year, recomputed first when there are none yet."""
    values = year_values(report)
    if not values and engine.computed_codes():
        store.recompute(report.year, report.region)
        values = year_values(report)
    return values


def _reported(report: AnnualReport) -> dict[str, live.RegionFigure]:
    return live.reported(Period.year(report.year), region=report.region)


def codes_in(texts: list[str]) -> list[str]:
    seen: list[str] = []
    for text in texts:
        for code in TOKEN.findall(text or ""):
            if code not in seen and catalogue.find(code):
                seen.append(code)
    return seen


def take(report: AnnualReport, codes: list[str]) -> list[ReportFigure]:
    """Create or refresh the report's figures of ``codes`` from the store."""
    values = ensure_computed(report)
    reported = _reported(report)
    now = timezone.now()
    out = []
    with transaction.atomic():
        for code in codes:
            v = values.get(code)
            if v is not None:
                text, snapshot, link = v.display, v.value, v
            elif code in reported:
                fig = reported[code]
                text, snapshot, link = fig.text, fig.value, None
            else:
                text, snapshot, link = "—", None, None
            figure, _ = ReportFigure.objects.update_or_create(
                report=report, code=code,
                defaults={"value": link, "text": text, "snapshot": snapshot, "taken_at": now})
            out.append(figure)
    return out


def states(report: AnnualReport) -> list[FigureState]:
    """Every figure of the report, with whether the store or the records moved
    since it was taken. A fixed number of queries for any number of figures."""
    figs = list(report.figures.select_related("value"))
    stored = [f.value for f in figs if f.value is not None]
    stale_ids = store.mark_stale(stored)
    reported = _reported(report)
    out = []
    for f in figs:
        ind = catalogue.find(f.code)
        name = ind.name if ind else f.code
        if f.value is not None:
            current = f.value.display
            if f.value.value != f.snapshot:
                out.append(FigureState(f, name, current, True, "指标值已重新计算"))
            elif f.value.pk in stale_ids:
                out.append(FigureState(f, name, current, True, "依据的记录已有变动"))
            else:
                out.append(FigureState(f, name, current, False))
        else:
            fig = reported.get(f.code)
            current = fig.text if fig else "—"
            now_value = fig.value if fig else None
            changed = (now_value is None) != (f.snapshot is None) or (
                now_value is not None and Decimal(now_value) != f.snapshot)
            out.append(FigureState(f, name, current, changed, "填报值已有变动" if changed else ""))
    return out


def refresh(report: AnnualReport, codes: list[str] | None = None) -> int:
    """Bring stale figures (or ``codes``) up to date: recompute the year's
    values when their records changed, then take the figures again."""
    current = states(report)
    wanted = [s for s in current if s.stale and (codes is None or s.figure.code in codes)]
    if any(s.reason == "依据的记录已有变动" for s in wanted):
        store.recompute(report.year, report.region)
    take(report, [s.figure.code for s in wanted])
    return len(wanted)


def taken_on(report: AnnualReport) -> datetime.datetime | None:
    latest = report.figures.order_by("-taken_at").values_list("taken_at", flat=True).first()
    return latest
