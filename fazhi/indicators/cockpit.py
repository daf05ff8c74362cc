"""数据驾驶舱: what the cockpit shows, assembled from the indicator store.

The cockpit never counts records on a page view: it reads the values
``store.recompute`` saved (the year and its months, the county and its units)
and the accepted hand-reported values, marks the computed ones whose records
changed since (待更新), and sets them against the county's targets. Every
figure carries the address of its provenance (``indicators:value_detail``).

The number of queries is fixed: it depends neither on the number of units nor
on the number of records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse

from fazhi.org.models import Region, Role, Unit
from fazhi.org.policy import Policy

from . import catalogue, engine, figures, store
from .models import IndicatorTarget, IndicatorValue
from .periods import Period
from .services import format_decimal

COMPUTED = IndicatorValue.Source.COMPUTED
REPORTED = IndicatorValue.Source.REPORTED

# Lights: a target missed by no more than this is yellow, by more red.
YELLOW_RATE_POINTS = Decimal(5)  # percentage points
YELLOW_COUNT_SHARE = Decimal("0.10")  # of the target
DEFAULT_RANK_CODE = "PLAN_COMPLETION_RATE"
DEFAULT_TREND_CODES = ("RECON_RECEIVED", "LITIGATION_CASES", "DISCLOSURE_REQUESTS",
                       "PLAN_OVERDUE_ASSIGNMENTS")
OVERDUE_CODE = "PLAN_OVERDUE_ASSIGNMENTS"
MAX_TRENDS = 6
REPORTED_GROUP = "单位填报（已采纳）"


def value_url(value: IndicatorValue) -> str:
    return reverse("indicators:value_detail", args=[value.pk])


def is_rate(code: str) -> bool:
    ind = catalogue.find(code)
    return ind is not None and ind.kind == "rate"


def amount_text(code: str, amount: Decimal | None) -> str:
    """A target or a difference as a person reads it: “95%”, “3件”."""
    if amount is None:
        return "—"
    ind = catalogue.find(code)
    if ind is not None and ind.kind == "rate":
        amount = amount.quantize(Decimal("0.1"))
    return f"{format_decimal(amount)}{ind.unit if ind else ''}"


def chart_number(value: Decimal | None) -> float | None:
    """A value as a chart draws and labels it: one decimal place (rates)."""
    return None if value is None else float(value.quantize(Decimal("0.1")))


def light(code: str, value: Decimal | None, target: IndicatorTarget) -> str:
    """green: met; yellow: missed by at most 5 points (rates) or 10 % (counts); red: missed by more."""
    if value is None:
        return ""
    if target.met_by(value):
        return "green"
    tolerance = YELLOW_RATE_POINTS if is_rate(code) else abs(target.target) * YELLOW_COUNT_SHARE
    return "yellow" if abs(value - target.target) <= tolerance else "red"


def region_access(policy: Policy, region: Region) -> bool:
    """Whether the person reads the region as a whole (office, upper level),
    not only their own unit's rows."""
    return any(m.region_id and m.role in (Role.OFFICE_ADMIN, Role.UPPER_VIEWER)
               and region.path.startswith(m.region.path) for m in policy.memberships)


def can_recompute(policy: Policy, region: Region) -> bool:
    return policy.can("indicators.manage") and any(
        m.region_id and m.role == Role.OFFICE_ADMIN and region.path.startswith(m.region.path)
        for m in policy.memberships)


def year_q(year: int) -> Q:
    p = Period.year(year)
    return Q(year=year, period_start=p.start, period_end=p.end)


# ------------------------------------------------------------------ figures
@dataclass
class Card:
    code: str
    name: str
    group: str
    text: str
    url: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    stale: bool = False
    target: IndicatorTarget | None = None
    light: str = ""

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        return f"{self.target.get_direction_display()}{amount_text(self.code, self.target.target)}"


@dataclass
class WarningItem:
    level: str  # Bootstrap colour: danger | warning
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url)


@dataclass
class Trend:
    code: str
    name: str
    months: list[tuple[str, IndicatorValue | None]]  # (月份, stored value)
    chart: dict


@dataclass
class RankRow:
    rank: int
    unit: Unit
    value: Decimal | None
    text: str
    url: str
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    stale: bool = False
    parts: list[tuple[str, str]] = field(default_factory=list)  # reported: (期间, url) each


@dataclass
class CountyCockpit:
    county: Region
    year: int
    unit: Unit | None  # set when the person sees only their unit's figures
    cards: list[Card]
    groups: list[tuple[str, list[Card]]]
    targets_without_value: list[str]  # names of indicators with a target and no value
    warnings: list[WarningItem]
    trends: list[Trend]
    trend_codes: list[str]
    rank_code: str
    rank_rows: list[RankRow]
    rank_chart: dict
    rank_codes: list[tuple[str, str]]
    computed_at: datetime.datetime | None
    stale_count: int
    has_computed: bool


def county_cockpit(policy: Policy, county: Region, year: int, *, today: datetime.date,
                   rank_code: str = "", trend_codes: list[str] | None = None,
                   unit: Unit | None = None) -> CountyCockpit:
    """The cockpit of one county (or, ``unit``, of one unit of it) for ``year``."""
    scope = policy.scope
    computed_codes = [c.code for c in engine.computations()]
    period = Period.year(year)
    base = scope(IndicatorValue.objects.filter(region=county))
    if unit is not None:
        own = list(base.filter(year_q(year), source=COMPUTED, unit=unit))
        reported = figures.reported(period, unit=unit)
    else:
        own = list(base.filter(year_q(year), source=COMPUTED, unit__isnull=True))
        reported = figures.reported(period, region=county)
    reported = {k: v for k, v in reported.items() if k not in engine.REGISTRY}
    targets = {t.code: t for t in scope(IndicatorTarget.objects.filter(region=county, year=year))}
    rank_choices = [(c, catalogue.get(c).name) for c in [*computed_codes, *reported]]
    if rank_code not in dict(rank_choices):
        rank_code = DEFAULT_RANK_CODE if DEFAULT_RANK_CODE in computed_codes else (
            rank_choices[0][0] if rank_choices else "")
    rank_values = _rank_values(base, year, rank_code) if unit is None and rank_code else []
    stale = store.mark_stale(own + [v for v in rank_values if v.source == COMPUTED],
                             as_of=today)

    cards = _cards(own, reported, targets, county, year)
    by_code = {c.code: c for c in cards}
    trend_codes = [c for c in (trend_codes or DEFAULT_TREND_CODES) if c in computed_codes]
    trend_codes = trend_codes[:MAX_TRENDS] or list(DEFAULT_TREND_CODES)
    months, overdue = ({}, {}) if unit is not None else _monthly(base, year, trend_codes)
    warnings = [] if unit is not None else [
        *_target_warnings(cards),
        *_overdue_warning(overdue, year, today),
        *_no_report_warnings(policy, county, year, today),
    ]
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.group, []).append(card)
    rank_rows = _rank_rows(rank_values, targets.get(rank_code))
    return CountyCockpit(
        county=county, year=year, unit=unit, cards=cards, groups=list(groups.items()),
        targets_without_value=[catalogue.get(c).name for c in targets if c not in by_code],
        warnings=warnings,
        trends=[_trend(code, months, year, today) for code in trend_codes] if months else [],
        trend_codes=trend_codes, rank_code=rank_code, rank_rows=rank_rows,
        rank_chart=_rank_chart(rank_code, rank_rows), rank_codes=rank_choices,
        computed_at=max((v.computed_at for v in own if v.computed_at), default=None),
        stale_count=len(stale & {v.pk for v in own}), has_computed=bool(own))


def _group(code: str) -> str:
    comp = engine.REGISTRY.get(code)
    return comp.source.label if comp else REPORTED_GROUP


def _cards(own: list[IndicatorValue], reported: dict[str, figures.RegionFigure],
           targets: dict[str, IndicatorTarget], county: Region, year: int) -> list[Card]:
    by_code: dict[str, Card] = {}
    for v in own:
        by_code[v.code] = Card(v.code, v.name, _group(v.code), v.display, value_url(v), v.value,
                               v.numerator, v.denominator, stale=getattr(v, "stale", False))
    rank_url = reverse("indicators:cockpit")
    for code, fig in reported.items():
        # A sum of units' reports has no single row: its provenance is the list of them.
        url = f"{rank_url}?county={county.pk}&year={year}&rank={code}#ranking"
        by_code[code] = Card(code, fig.name, REPORTED_GROUP, fig.text, url, fig.value,
                             fig.numerator, fig.denominator)
    cards = [by_code[i.code] for i in catalogue.all() if i.code in by_code]
    for card in cards:
        card.target = targets.get(card.code)
        if card.target is not None:
            card.light = light(card.code, card.value, card.target)
    return cards


# ------------------------------------------------------------------ warnings
def _target_warnings(cards: list[Card]) -> list[WarningItem]:
    out = []
    for c in cards:
        if c.light in ("red", "yellow"):
            basis = f"，目标来源：{c.target.basis}" if c.target.basis else ""
            out.append(WarningItem(
                "danger" if c.light == "red" else "warning",
                f"{c.name}为{c.text}，未达到目标（{c.target_text}{basis}）。",
                [("查看各单位填报" if c.group == REPORTED_GROUP else "查看计入的记录", c.url)]))
    return out


def _current_month(year: int, today: datetime.date) -> int | None:
    if year > today.year:
        return None
    return today.month if year == today.year else 12


def _overdue_warning(overdue: dict[datetime.date, IndicatorValue], year: int,
                     today: datetime.date) -> list[WarningItem]:
    """More assignments fell overdue this month than last month."""
    month = _current_month(year, today)
    if month is None:
        return []
    this = overdue.get(datetime.date(year, month, 1))
    last = overdue.get(datetime.date(year - 1, 12, 1) if month == 1
                       else datetime.date(year, month - 1, 1))
    now, before = (this.value or 0) if this else 0, (last.value or 0) if last else 0
    if this is None or now <= before:
        return []
    links = [(f"本月逾期的{int(now)}项", value_url(this))]
    if last is not None:
        links.append((f"上月逾期的{int(before)}项", value_url(last)))
    return [WarningItem("danger", f"逾期事项增加：{month}月到期未完成的分工事项{int(now)}项，"
                                  f"比上月增加{int(now - before)}项。", links)]


def _no_report_warnings(policy: Policy, county: Region, year: int,
                        today: datetime.date) -> list[WarningItem]:
    """Units with open assignments and no report that reached the office in the
    latest reporting period whose due date has passed."""
    from fazhi.plans.models import Assignment, ProgressReport, ReportingPeriod

    period = (policy.scope(ReportingPeriod.objects.filter(plan__region=county, plan__year=year,
                                                          due__lt=today))
              .select_related("plan").order_by("-due", "-pk").first())
    if period is None:
        return []
    reached = [ProgressReport.State.APPROVED, ProgressReport.State.ACCEPTED]
    rows = list(policy.scope(Assignment.objects.filter(task__plan=period.plan, is_done=False))
                .order_by().values("unit", "unit__name", "unit__short_name", "unit__sort_order")
                .annotate(n=Count("pk", distinct=True),
                          reached=Count("reports", distinct=True, filter=Q(
                              reports__period=period, reports__state__in=reached)))
                .filter(reached=0).order_by("unit__sort_order", "unit__name"))
    if not rows:
        return []
    ledger = reverse("plans:assignment_list")
    links = [(f"{r['unit__short_name'] or r['unit__name']}（{r['n']}项）",
              f"{ledger}?plan={period.plan_id}&unit={r['unit']}") for r in rows]
    due = f"{period.due.year}年{period.due.month}月{period.due.day}日"
    return [WarningItem("warning", f"“{period.name}”报送已于{due}截止，以下{len(rows)}个单位"
                                   "承担未完成的分工事项，但没有报送到依法治县办的进展：", links)]


# ------------------------------------------------------------------ trends
def _monthly(base: object, year: int, codes: list[str]
             ) -> tuple[dict[tuple[str, int], IndicatorValue], dict[datetime.date, IndicatorValue]]:
    """The county's monthly values of ``codes`` and the overdue assignments of
    each month (with last December, for January's comparison): one query."""
    p = Period.year(year)
    rows = (base.filter(source=COMPUTED, unit__isnull=True, code__in={*codes, OVERDUE_CODE},
                        period_start__gte=datetime.date(year - 1, 12, 1), period_end__lte=p.end)
            .exclude(period_start=p.start, period_end=p.end))
    months: dict[tuple[str, int], IndicatorValue] = {}
    overdue: dict[datetime.date, IndicatorValue] = {}
    for v in rows:
        if v.code == OVERDUE_CODE:
            overdue[v.period_start] = v
        if v.year == year and v.code in codes:
            months[(v.code, v.period_start.month)] = v
    return months, overdue


def _trend(code: str, months: dict[tuple[str, int], IndicatorValue], year: int,
           today: datetime.date) -> Trend:
    last = _current_month(year, today) or 0  # months to come are not zeros
    ind = catalogue.get(code)
    cells = [(f"{m}月", months.get((code, m))) for m in range(1, last + 1)]
    rate = ind.kind == "rate"
    data = [{"value": chart_number(v.value) if v else None,
             "url": value_url(v) if v else ""} for _, v in cells]
    chart = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 45, "right": 15, "top": 30, "bottom": 25},
        "xAxis": {"type": "category", "data": [label for label, _ in cells]},
        "yAxis": {"type": "value", "name": ind.unit, "minInterval": 0 if rate else 1,
                  **({"max": 100} if rate else {})},
        "series": [{"name": ind.name, "type": "line" if rate else "bar", "data": data,
                    "connectNulls": False, "itemStyle": {"color": "#0d6efd"},
                    "label": {"show": True, "position": "top"}}],
    }
    return Trend(code, ind.name, cells, chart)


# ------------------------------------------------------------------ ranking
def _rank_values(base: object, year: int, code: str) -> list[IndicatorValue]:
    p = Period.year(year)
    qs = base.filter(code=code, unit__isnull=False).select_related("unit")
    if code in engine.REGISTRY:
        return list(qs.filter(year_q(year), source=COMPUTED))
    return list(qs.filter(source=REPORTED, period_start__gte=p.start, period_end__lte=p.end)
                .order_by("unit_id", "period_start"))


def _rank_rows(values: list[IndicatorValue], target: IndicatorTarget | None) -> list[RankRow]:
    """Units by value, best first (lowest first when the target is an upper bound);
    a rate over nothing (“—”) last. Equal values share a rank."""
    rows: dict[int, RankRow] = {}
    for v in values:
        row = rows.get(v.unit_id)
        label = Period(v.period_start, v.period_end).label if v.period_start else f"{v.year}年"
        if row is None:
            rows[v.unit_id] = RankRow(0, v.unit, v.value, v.display, value_url(v), v.numerator,
                                      v.denominator, getattr(v, "stale", False),
                                      [(label, value_url(v))])
            continue
        # Several periods reported by one unit: summed like the county's figure.
        row.parts.append((label, value_url(v)))
        if is_rate(v.code):
            row.numerator = (row.numerator or 0) + (v.numerator or 0)
            row.denominator = (row.denominator or 0) + (v.denominator or 0)
            row.value = (Decimal(100) * row.numerator / row.denominator
                         if row.denominator else None)
        else:
            row.value = (row.value or 0) + (v.value or 0)
        row.text = amount_text(v.code, row.value)
    lowest_first = target is not None and target.direction == IndicatorTarget.Direction.AT_MOST
    ordered = sorted(rows.values(), key=lambda r: (
        r.value is None, (r.value or 0) if lowest_first else -(r.value or 0),
        r.unit.sort_order, r.unit.name))
    previous: Decimal | None = None
    for i, row in enumerate(ordered, start=1):
        row.rank = ordered[i - 2].rank if i > 1 and row.value == previous else i
        previous = row.value
    return ordered


def _rank_chart(code: str, rows: list[RankRow]) -> dict:
    if not code or not rows:
        return {}
    ind = catalogue.get(code)
    shown = rows[::-1]  # ECharts draws the first category at the bottom
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 110, "right": 40, "top": 10, "bottom": 25},
        "xAxis": {"type": "value", "name": ind.unit, **({"max": 100} if ind.kind == "rate"
                                                        else {"minInterval": 1})},
        "yAxis": {"type": "category", "data": [r.unit.short_name or r.unit.name for r in shown]},
        "series": [{"name": ind.name, "type": "bar", "itemStyle": {"color": "#0d6efd"},
                    "label": {"show": True, "position": "right"},
                    "data": [{"value": chart_number(r.value), "url": r.url} for r in shown]}],
    }
