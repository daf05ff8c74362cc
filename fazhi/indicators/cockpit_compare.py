"""各县对比: the upper level's counties side by side, each county's computed
figure beside the figure its published annual report states.

A county's report checked against its own records: the computed value comes
from the store (``store.recompute``), the stated one from the report reader
(``IndicatorValue`` source “extracted”, the most recently read report of the
county and year). A rate differing by more than half a percentage point, or
a count differing at all, is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse

from fazhi.org.models import Region
from fazhi.org.policy import Policy

from . import catalogue, engine, store
from .cockpit import COMPUTED, chart_number, is_rate, value_url, year_q
from .models import IndicatorValue
from .services import format_decimal

EXTRACTED = IndicatorValue.Source.EXTRACTED
RATE_TOLERANCE = Decimal("0.5")  # percentage points
APPROX_SHARE = Decimal("0.10")  # “91余件”: up to a tenth more is still “91余”


@dataclass
class Cell:
    code: str
    computed: IndicatorValue | None = None
    stated: list[IndicatorValue] = field(default_factory=list)
    stated_urls: list[str] = field(default_factory=list)
    differs: bool = False
    note: str = ""  # the difference in words

    @property
    def computed_url(self) -> str:
        return value_url(self.computed) if self.computed else ""

    @property
    def stated_pairs(self) -> list[tuple[IndicatorValue, str]]:
        return list(zip(self.stated, self.stated_urls, strict=True))


@dataclass
class Row:
    county: Region
    cells: dict[str, Cell]
    report_url: str = ""
    report_title: str = ""
    no_records: bool = False  # the county keeps none of its records here: nothing to check

    def cell(self, code: str) -> Cell:
        return self.cells[code]

    @property
    def ordered(self) -> list[Cell]:
        return list(self.cells.values())  # built in column order


@dataclass
class Comparison:
    region: Region
    year: int
    columns: list[catalogue.Indicator]
    rows: list[Row]
    differences: list[tuple[Row, Cell]]
    chart_code: str
    chart: dict
    has_reports: bool
    has_computed: bool
    compared: int  # cells with both a computed and a stated figure
    stale_count: int


def differs(code: str, computed: Decimal | None, stated: IndicatorValue) -> tuple[bool, str]:
    """Whether a stated figure disagrees with the computed one, and how, in words."""
    if stated.value is None:
        return False, ""
    if computed is None:
        return True, "系统中没有可计算该比率的记录"
    diff = stated.value - computed
    rate = is_rate(code)
    if stated.approx:  # “以上”“余”: the records may show somewhat more, not less
        slack = max(Decimal(1), abs(stated.value) * APPROX_SHARE)
        agrees = diff <= RATE_TOLERANCE if rate else -slack <= diff <= 0
    else:
        agrees = abs(diff) <= RATE_TOLERANCE if rate else diff == 0
    if agrees:
        return False, ""
    if rate:
        points = format_decimal(abs(diff).quantize(Decimal("0.1")))
        return True, f"报告比系统{'高' if diff > 0 else '低'}{points}个百分点"
    unit = catalogue.get(code).unit
    return True, f"报告比系统{'多' if diff > 0 else '少'}{format_decimal(abs(diff))}{unit}"


def compare_counties(policy: Policy, region: Region, year: int, *, chart_code: str = "",
                     all_codes: bool = False) -> Comparison:
    counties = [c for c in policy.counties if c.path.startswith(region.path)]
    ids = [c.pk for c in counties]
    computed_codes = [c.code for c in engine.computations()]
    computed = list(policy.scope(IndicatorValue.objects.filter(
        year_q(year), source=COMPUTED, region_id__in=ids, unit__isnull=True)))
    stale = store.mark_stale(computed)
    names: dict[str, int | None] = {}
    for c in counties:  # a name two counties share cannot place a report
        names[c.name] = None if c.name in names else c.pk
    unique = {n: pk for n, pk in names.items() if pk}
    extracted = list(policy.scope(IndicatorValue.objects.filter(
        source=EXTRACTED, year=year, code__in=computed_codes)).filter(
        Q(region_id__in=ids) | Q(region__isnull=True, region_name__in=list(unique))))
    by_county: dict[int, list[IndicatorValue]] = {}
    for v in extracted:
        county_id = v.region_id or unique.get(v.region_name)
        if county_id in ids:
            by_county.setdefault(county_id, []).append(v)
    latest: dict[int, list[IndicatorValue]] = {}
    for county_id, vals in by_county.items():
        # Read twice (by the county and by the city): the latest reading only.
        origin = max(vals, key=lambda v: v.pk).origin
        latest[county_id] = sorted([v for v in vals if v.origin == origin],
                                   key=lambda v: (v.provenance or {}).get("start") or 0)
    report_links = _report_links(policy, latest)
    stated_codes = {v.code for vals in latest.values() for v in vals}
    codes = [c for c in computed_codes if all_codes or not stated_codes or c in stated_codes]
    values = {(v.region_id, v.code): v for v in computed}
    computed_for = {v.region_id for v in computed}
    with_records = {v.region_id for v in computed if (v.provenance or {}).get("base_count")}
    rows: list[Row] = []
    differences: list[tuple[Row, Cell]] = []
    compared = 0
    for county in counties:
        stated_vals = latest.get(county.pk, [])
        row = Row(county, {code: Cell(code, values.get((county.pk, code))) for code in codes})
        for v in stated_vals:
            if v.code in row.cells:
                row.cells[v.code].stated.append(v)
                row.cells[v.code].stated_urls.append(report_links.get(v.pk) or value_url(v))
        if stated_vals:
            report = (stated_vals[0].provenance or {}).get("report")
            row.report_url = report_links.get(("report", report), "")
            row.report_title = (stated_vals[0].provenance or {}).get("file", "")
        row.no_records = county.pk in computed_for and county.pk not in with_records
        for cell in row.cells.values():
            if cell.computed is None or not cell.stated or row.no_records:
                continue
            compared += 1
            checks = [differs(cell.code, cell.computed.value, s) for s in cell.stated]
            if all(flag for flag, _ in checks):  # no stated figure agrees with the records
                cell.differs, cell.note = True, checks[0][1]
                differences.append((row, cell))
        rows.append(row)
    if chart_code not in codes:
        chart_code = differences[0][1].code if differences else (codes[0] if codes else "")
    return Comparison(region, year, [catalogue.get(c) for c in codes], rows, differences,
                      chart_code, _chart(chart_code, rows, bool(stated_codes)),
                      bool(stated_codes), bool(computed), compared, len(stale))


def _report_links(policy: Policy, latest: dict[int, list[IndicatorValue]]) -> dict:
    """Each stated value's place in its report (``report_detail#s…``), for the
    reports this person may open (one query); others fall back to the value page."""
    if not policy.can("analysis.view"):
        return {}
    from fazhi.analysis.models import PublishedReport

    wanted = {(v.provenance or {}).get("report") for vals in latest.values() for v in vals}
    wanted = {pk for pk in wanted if isinstance(pk, int)}
    if not wanted:
        return {}
    visible = set(policy.scope(PublishedReport.objects.filter(pk__in=wanted))
                  .values_list("pk", flat=True))
    out: dict = {}
    for vals in latest.values():
        for v in vals:
            p = v.provenance or {}
            if p.get("report") in visible:
                url = reverse("analysis:report_detail", args=[p["report"]])
                out[("report", p["report"])] = url
                out[v.pk] = f"{url}#s{p.get('start')}-{p.get('end')}"
    return out


def _chart(code: str, rows: list[Row], with_reports: bool) -> dict:
    if not code or not rows:
        return {}
    ind = catalogue.get(code)

    def item(v: IndicatorValue | None, url: str) -> dict:
        return {"value": chart_number(v.value) if v is not None else None, "url": url}

    series = [
        {"name": "系统计算", "type": "bar", "itemStyle": {"color": "#0d6efd"},
         "data": [item(r.cell(code).computed, r.cell(code).computed_url) for r in rows]},
        {"name": "年度报告所述", "type": "bar", "itemStyle": {"color": "#fd7e14"},
         "data": [item(r.cell(code).stated[0] if r.cell(code).stated else None,
                       r.cell(code).stated_urls[0] if r.cell(code).stated else "")
                  for r in rows]},
    ][:2 if with_reports else 1]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [s["name"] for s in series]},
        "grid": {"left": 50, "right": 15, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": [r.county.name for r in rows]},
        "yAxis": {"type": "value", "name": ind.unit},
        "series": series,
    }
