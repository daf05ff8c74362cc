"""数据驾驶舱 pages: one county's figures against its targets, and the upper
level's counties side by side with what their published reports state.
Both read only the store (see fazhi.indicators.cockpit); nothing is counted
on a page view."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.core.replica import replica_reads
from fazhi.org.models import Region, Role, Unit
from fazhi.org.policy import AccessDenied, Policy

from . import cockpit
from .cockpit_compare import EXTRACTED, compare_counties
from .models import IndicatorValue


def _chart(option: dict) -> str:
    return json.dumps(option, ensure_ascii=False) if option else ""


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _year(request: HttpRequest, default: int) -> int:
    year = _int(request.GET.get("year"))
    today = timezone.localdate()
    return year if year is not None and 2000 <= year <= today.year + 1 else default


def _pick(items: list, wanted: int | None, default: object = None) -> object:
    return next((i for i in items if i.pk == wanted), default if default in items else items[0])


def _group_layout(n: int) -> tuple[str, str]:
    """Bootstrap columns for a group of ``n`` cards and for each card, so that
    every card is a sixth of the page on wide screens (a quarter, a third on
    narrower ones) and small groups share a row instead of leaving it empty."""
    outer, inner = ["col-12"], ["col-6"]
    for bp, span in (("md", 4), ("lg", 3), ("xl", 2)):
        if n * span < 12 and 12 % n == 0:
            outer.append(f"col-{bp}-{n * span}")
            inner.append(f"col-{bp}-{12 // n}")
        else:
            outer.append(f"col-{bp}-12")
            inner.append(f"col-{bp}-{span}")
    return " ".join(outer), " ".join(inner)


def _regions_read_whole(policy: Policy) -> list[Region]:
    """Regions the person reads as a whole (office, upper level), highest first."""
    seen: dict[int, Region] = {}
    for m in policy.memberships:
        if m.region_id and m.role in (Role.OFFICE_ADMIN, Role.UPPER_VIEWER):
            seen.setdefault(m.region_id, m.region)
    return sorted(seen.values(), key=lambda r: (r.path.count("/"), r.path))


@login_required
@replica_reads
def cockpit_view(request: HttpRequest) -> HttpResponse:
    policy = request.policy
    if not policy.can("indicators.view"):
        raise AccessDenied("您没有查看数据驾驶舱的权限。")
    counties = policy.counties
    if not counties:
        raise AccessDenied("您的账号没有可查看的县（市、区）。")
    county = _pick(counties, _int(request.GET.get("county")), policy.home_region)
    today = timezone.localdate()
    year = _year(request, today.year)
    unit: Unit | None = None
    units: list[Unit] = []
    if not cockpit.region_access(policy, county):  # a unit's own figures only
        units = [u for u in policy.units if u.region_id == county.pk]
        unit = _pick(units, _int(request.GET.get("unit")))
    data = cockpit.county_cockpit(
        policy, county, year, today=today, rank_code=request.GET.get("rank", ""),
        trend_codes=request.GET.getlist("trend") or None, unit=unit)
    years = set(policy.scope(IndicatorValue.objects.filter(
        region=county, source=cockpit.COMPUTED)).order_by().values_list("year", flat=True)
        .distinct())
    return render(request, "indicators/cockpit.html", {
        "c": data, "counties": counties, "county": county, "year": year, "unit": unit,
        "units": units, "years": sorted(years | {today.year, year}, reverse=True),
        "can_recompute": cockpit.can_recompute(policy, county),
        "can_compare": bool(_regions_read_whole(policy)),
        "groups": [(name, cards, *_group_layout(len(cards))) for name, cards in data.groups],
        "has_targets": any(card.target for card in data.cards),
        "trend_charts": [(t, _chart(t.chart)) for t in data.trends],
        "rank_chart": _chart(data.rank_chart),
        "rank_chart_height": max(200, 22 * len(data.rank_rows) + 40),
        "computed_codes": [(code, name) for code, name in data.rank_codes
                           if code in cockpit.engine.REGISTRY],
        "month_labels": [label for label, _ in data.trends[0].months] if data.trends else [],
        "tab": "county",
    })


@login_required
@replica_reads
def cockpit_compare_view(request: HttpRequest) -> HttpResponse:
    policy = request.policy
    if not policy.can("indicators.view"):
        raise AccessDenied("您没有查看数据驾驶舱的权限。")
    regions = _regions_read_whole(policy)
    if not regions:
        raise AccessDenied("各县对比供依法治县办和上级查阅人员使用。")
    region = _pick(regions, _int(request.GET.get("region")))
    in_region = (Q(region__path__startswith=region.path)
                 | Q(owner_region__path__startswith=region.path))
    rows = (policy.scope(IndicatorValue.objects.filter(source__in=[EXTRACTED, cockpit.COMPUTED]))
            .filter(in_region).order_by().values_list("year", "source").distinct())
    years = {y for y, _ in rows}
    stated = {y for y, s in rows if s == EXTRACTED}
    both = stated & {y for y, s in rows if s == cockpit.COMPUTED}
    today = timezone.localdate()
    # Annual reports appear in the spring of the next year: by default the
    # latest year that can be checked, else the latest year read.
    year = _year(request, max(both or stated, default=today.year - 1))
    data = compare_counties(policy, region, year, chart_code=request.GET.get("chart", ""),
                            all_codes=request.GET.get("all") == "1")
    return render(request, "indicators/cockpit_compare.html", {
        "cmp": data, "regions": regions, "region": region, "year": year,
        "years": sorted(years | {year, today.year}, reverse=True),
        "chart": _chart(data.chart), "all_codes": request.GET.get("all") == "1",
        "can_upload": policy.can("analysis.upload"),
        "can_compare": True, "tab": "compare",
    })
