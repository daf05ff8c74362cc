"""The county overview for every county below a city viewer, side by side.

One fixed set of grouped queries whatever the number of counties: the
year's plans, the assignments' lights counted per plan, per plan and
section, and the readable progress reports per plan and state (drafts and
returned reports stay the unit's own: fazhi.plans.visibility)."""

from __future__ import annotations

import json
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.core.tables import xlsx_response
from fazhi.org.models import Role

from .models import Assignment, Plan, ProgressReport
from .status import GREEN, RED, YELLOW, annotate_assignment_lights
from .visibility import visible_reports

State = ProgressReport.State


def _rate(done: int, total: int) -> float:
    return round(100 * done / total, 1) if total else 0


def county_columns(policy, year: int) -> list[dict]:  # noqa: ANN001
    """Each county's plan of ``year`` with its overview figures, by county."""
    plans = list(policy.scope(Plan.objects.filter(year=year)).select_related("region")
                 .order_by("region__path", "pk"))
    if not plans:
        return []
    ids = [p.pk for p in plans]
    assignments = annotate_assignment_lights(
        policy.scope(Assignment.objects.filter(task__plan_id__in=ids)), timezone.localdate())
    totals = {r["task__plan"]: r for r in assignments.order_by().values("task__plan").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(light=GREEN)),
        red=Count("pk", filter=Q(light=RED)), yellow=Count("pk", filter=Q(light=YELLOW)),
        red_units=Count("unit", filter=Q(light=RED), distinct=True),
        units=Count("unit", distinct=True))}
    sections: dict[int, list[dict]] = defaultdict(list)
    for r in (assignments.order_by().values("task__plan", "task__section__order",
                                            "task__section__title")
              .annotate(total=Count("pk"), done=Count("pk", filter=Q(light=GREEN)),
                        red=Count("pk", filter=Q(light=RED)))
              .order_by("task__plan", "task__section__order")):
        r["rate"] = _rate(r["done"], r["total"])
        r["title"] = r["task__section__title"] or "未分部分"
        sections[r["task__plan"]].append(r)
    states: dict[int, dict[str, int]] = defaultdict(dict)
    for plan_id, state, n in (visible_reports(policy, ProgressReport.objects.filter(
            assignment__task__plan_id__in=ids)).order_by()
            .values_list("assignment__task__plan", "state").annotate(n=Count("pk"))):
        states[plan_id][state] = n
    out = []
    for plan in plans:
        t = totals.get(plan.pk, {"total": 0, "done": 0, "red": 0, "yellow": 0, "red_units": 0,
                                 "units": 0})
        out.append({
            "plan": plan, "county": plan.region.name, **{k: t[k] for k in (
                "total", "done", "red", "yellow", "red_units", "units")},
            "rate": _rate(t["done"], t["total"]), "sections": sections.get(plan.pk, []),
            "states": [(label, states[plan.pk].get(value, 0)) for value, label in State.choices
                       if value in (State.APPROVED, State.ACCEPTED)],
        })
    return out


@login_required
def county_comparison(request: HttpRequest) -> HttpResponse:
    policy = request.policy
    if not policy.has_role(Role.UPPER_VIEWER, Role.OFFICE_ADMIN) or not policy.counties:
        raise PermissionDenied("只有依法治县办和上级查阅人员可以查看各县完成情况。")
    today = timezone.localdate()
    years = sorted(set(policy.scope(Plan.objects.all()).values_list("year", flat=True)),
                   reverse=True)
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    columns = county_columns(policy, year)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"{year}年各县（市、区）工作计划完成情况.xlsx", "各县完成情况",
            ["县（市、区）", "计划", "任务分工", "已完成", "完成率（%）", "即将到期", "已逾期",
             "有逾期的单位数", "待依法治县办审核", "已采纳"],
            ([c["county"], c["plan"].title, c["total"], c["done"], c["rate"], c["yellow"],
              c["red"], c["red_units"], *[n for _, n in c["states"]]] for c in columns),
            widths=[16, 36, 10, 10, 12, 10, 10, 14, 16, 10])
    chart = {
        "tooltip": {"trigger": "axis"}, "legend": {"data": ["完成率（%）", "逾期率（%）"]},
        "grid": {"left": 40, "right": 20, "top": 40, "bottom": 30, "containLabel": True},
        "xAxis": {"type": "category", "data": [c["county"] for c in columns],
                  "axisLabel": {"interval": 0}},
        "yAxis": {"type": "value", "max": 100},
        "series": [
            {"name": "完成率（%）", "type": "bar", "itemStyle": {"color": "#198754"},
             "label": {"show": True, "position": "top"}, "data": [c["rate"] for c in columns]},
            {"name": "逾期率（%）", "type": "bar", "itemStyle": {"color": "#dc3545"},
             "label": {"show": True, "position": "top"},
             "data": [_rate(c["red"], c["total"]) for c in columns]},
        ],
    }
    return render(request, "plans/county_comparison.html", {
        "year": year, "years": years or [today.year], "columns": columns,
        "chart": json.dumps(chart, ensure_ascii=False),
        "counties_without_plan": [r.name for r in policy.counties
                                  if r.pk not in {c["plan"].region_id for c in columns}],
    })
