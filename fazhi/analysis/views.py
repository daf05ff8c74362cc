"""报告解读: upload published reports, follow their reading, read one report
with its figures highlighted, compare regions and years. Every query goes
through ``request.policy``; writes go through fazhi.analysis.services."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.core.actions import Actor
from fazhi.core.tables import Column, Table, xlsx_response
from fazhi.indicators import catalogue
from fazhi.indicators.cockpit_compare import differs
from fazhi.indicators.models import IndicatorValue
from fazhi.indicators.services import (
    Grid,
    cell_text,
    column_codes,
    format_decimal,
    pivot,
    value_text,
)

from . import services
from .coder_examples import coded_indicators
from .forms import AGAINST_COMPUTED, CompareForm, ReportFilterForm, ReportUploadForm
from .models import PublishedReport, ReportBatch

Status = PublishedReport.Status
ROWS_PER_PAGE = 40


def coded_choices() -> list[tuple[str, str]]:
    """Every code a figure may be given on the report page, as (code, name)."""
    return [(i.code, i.name) for i in coded_indicators() if i.kind != "boolean"]


def _require_view(request: HttpRequest) -> None:
    if not request.policy.can("analysis.view"):
        raise PermissionDenied("只有依法治县办管理员和上级查阅人员可以查看报告解读。")


# ------------------------------------------------------------------ reports
def _report_columns() -> list[Column]:
    return [
        Column("name", "文件", lambda r: r.original_name, sort="original_name", width=36),
        Column("region", "地区", lambda r: r.region_name, sort="region_name", width=12),
        Column("year", "年度", lambda r: r.year, sort="year", width=8),
        Column("title", "标题", lambda r: r.title, width=40),
        Column("status", "状态", lambda r: r.get_status_display(), sort="status", width=10),
        Column("facts", "数据", lambda r: r.fact_count, sort="fact_count", width=8),
        Column("values", "计入指标库", lambda r: r.value_count, sort="value_count", width=10),
        Column("checks", "问题", lambda r: r.check_count, sort="check_count", width=8),
        Column(
            "owner",
            "上传单位",
            lambda r: r.batch.owner_region.name,
            sort="batch__owner_region__name",
            width=12,
        ),
        Column("created", "上传时间", lambda r: r.created_at, sort="created_at", width=18),
    ]


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    policy = request.policy
    qs = policy.scope(PublishedReport.objects.all())
    form = ReportFilterForm(request.GET or None)
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            qs = qs.filter(Q(original_name__icontains=d["q"]) | Q(title__icontains=d["q"]))
        if d["region"]:
            qs = qs.filter(region_name__icontains=d["region"])
        if d["year"]:
            qs = qs.filter(year=d["year"])
        if d["status"]:
            qs = qs.filter(status=d["status"])
    qs = qs.select_related("batch__owner_region", "batch__uploaded_by").defer("text")
    table = Table(request, qs, _report_columns(), default_sort="-created")
    if request.GET.get("export") == "xlsx":
        return table.export("已解读报告.xlsx", "已解读报告")
    return render(
        request,
        "analysis/report_list.html",
        {"table": table, "form": form, "can_upload": policy.can("analysis.upload")},
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    policy = request.policy
    if not policy.can("analysis.upload"):
        raise PermissionDenied("只有依法治县办管理员和上级查阅人员可以上传报告。")
    regions = services.upload_regions(policy)
    bound = request.method == "POST"  # an empty POST is still a submission to answer
    form = ReportUploadForm(request.POST if bound else None, request.FILES if bound else None,
                            regions=regions)
    if bound and form.is_valid():
        try:
            batch = services.upload_reports(
                Actor.from_request(request), form.cleaned_data["files"], form.owner_region()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # The progress below follows the reading; this message must not say
            # 正在解读 after the reading is done.
            messages.success(request, f"已上传{batch.file_count}个文件。")
            return redirect("analysis:batch_detail", batch.pk)
    return render(request, "analysis/upload.html", {"form": form})


BATCH_PAGE = 100  # files listed per page of a batch


def _batch_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    _require_view(request)
    batch = get_object_or_404(
        request.policy.scope(ReportBatch.objects.select_related("owner_region", "uploaded_by")),
        pk=pk,
    )
    # Counted in the database and listed a page at a time: a batch may hold
    # 1,000 reports, and the progress part is asked for every 2 seconds.
    counts = batch.reports.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Status.DONE)),
        failed=Count("pk", filter=Q(status=Status.ERROR)),
    )
    total, failed = counts["total"], counts["failed"]
    finished = counts["done"] + failed
    page = Paginator(batch.reports.defer("text").order_by("pk"), BATCH_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "batch": batch,
        "reports": page,
        "page": page,
        "total": total,
        "finished": finished,
        "done": counts["done"],
        "failed": failed,
        "percent": round(100 * finished / total) if total else 100,
        "all_finished": finished == total,
    }


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _batch_context(request, pk)
    context["can_upload"] = request.policy.can("analysis.upload")
    return render(request, "analysis/batch_detail.html", context)


@login_required
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress partial; htmx asks for it every 2 seconds until all files are read."""
    return render(request, "analysis/_batch_progress.html", _batch_context(request, pk))


@login_required
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's status badge, asked for by htmx while it is being read. On
    the report page (``?page=1``) a finished reading reloads the page
    (HX-Refresh), which then shows what was read instead of 正在解读."""
    _require_view(request)
    report = get_object_or_404(request.policy.scope(PublishedReport.objects.defer("text")), pk=pk)
    response = render(request, "analysis/_report_status.html",
                      {"r": report, "on_page": bool(request.GET.get("page"))})
    if report.is_finished and request.GET.get("page"):
        response["HX-Refresh"] = "true"
    return response


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    policy = request.policy
    report = get_object_or_404(
        policy.scope(
            PublishedReport.objects.select_related(
                "batch__owner_region", "batch__uploaded_by", "region"
            )
        ),
        pk=pk,
    )
    facts = list(report.facts.select_related("corrected_by"))
    checks = list(report.checks.all())
    for f in facts:
        f.indicator = catalogue.find(f.code)  # type: ignore[attr-defined]
        f.original = catalogue.find(f.original_code)  # type: ignore[attr-defined]
        f.value_text = format_decimal(f.value) + (  # type: ignore[attr-defined]
            f"至{format_decimal(f.high)}" if f.high is not None else ""
        )
    can_correct = report.status == Status.DONE and policy.can("analysis.upload", report)
    for c in checks:
        c.sentence = report.text[c.start : c.end] if c.start is not None else ""  # type: ignore[attr-defined]
    return render(
        request,
        "analysis/report_detail.html",
        {
            "report": report,
            "facts": facts,
            "checks": checks,
            "highlighted": services.highlight(report.text, facts, checks) if report.text else "",
            "can_reread": policy.can("analysis.upload", report) and report.is_finished,
            "can_correct": can_correct,
            "add_choices": coded_choices() if can_correct else [],
            "uncomparable": report.status == Status.DONE
            and report.coded_count
            and not report.value_count,
        },
    )


@login_required
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    report = get_object_or_404(request.policy.scope(PublishedReport.objects.defer("text")), pk=pk)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.original_name)


@login_required
@require_POST
def report_reread(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    report = get_object_or_404(request.policy.scope(PublishedReport.objects.defer("text")), pk=pk)
    try:
        services.reread_report(Actor.from_request(request), report)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("analysis:report_detail", report.pk)
    messages.success(request, "已重新提交解读。")
    return redirect("analysis:batch_detail", report.batch_id)


# ------------------------------------------------------------------ comparison
@login_required
def compare(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    policy = request.policy
    scoped = policy.scope(IndicatorValue.objects.all())
    data = request.GET.copy()
    data.setdefault("mode", "regions")
    data.setdefault("source", AGAINST_COMPUTED)
    source = data.get("source") or None
    against = source == AGAINST_COMPUTED
    if against:
        # A report states a county's year: its computed figure of the whole year.
        base = scoped.filter(Q(source=IndicatorValue.Source.EXTRACTED) | Q(
            source=IndicatorValue.Source.COMPUTED, unit__isnull=True, period_start__month=1,
            period_start__day=1, period_end__month=12, period_end__day=31))
    else:
        base = scoped.filter(source=source) if source else scoped
    years = sorted(set(base.order_by().values_list("year", flat=True).distinct()), reverse=True)
    region_names = sorted(set(base.order_by().values_list("region_name", flat=True).distinct()))
    if years:
        data.setdefault("year", str(years[0]))
    if region_names:
        data.setdefault("region", region_names[0])
    form = CompareForm(data, years=years, regions=region_names)
    form.is_valid()
    d = form.cleaned_data
    mode = d.get("mode") or "regions"
    if mode == "years":
        selected = base.filter(region_name=d.get("region") or "")
        subject = d.get("region") or ""
    else:
        selected = base.filter(year=d.get("year") or 0)
        subject = f"{d['year']}年" if d.get("year") else ""
    if d.get("codes"):
        selected = selected.filter(code__in=d["codes"])
    codes = column_codes(selected)
    chart_code = d.get("chart") if d.get("chart") in codes else (codes[0] if codes else "")

    if request.GET.get("export") == "xlsx":
        grid = pivot(selected, by="region" if mode == "regions" else "year", codes=codes)
        return _compare_xlsx(grid, mode, subject)

    # Rows are paginated by key; only the page's values are loaded.
    key_field = "region_name" if mode == "regions" else "year"
    keys = selected.order_by(key_field).values_list(key_field, flat=True).distinct()
    page = Paginator(keys, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    page_values = selected.filter(**{f"{key_field}__in": list(page.object_list)})
    grid = pivot(page_values, by="region" if mode == "regions" else "year", codes=codes)
    report_ids = {
        v.provenance.get("report")
        for row in grid.rows
        for vals in row.cells.values()
        for v in vals
        if isinstance(v.provenance, dict)
    }
    visible = set(
        policy.scope(
            PublishedReport.objects.filter(pk__in=[i for i in report_ids if isinstance(i, int)])
        ).values_list("pk", flat=True)
    )
    table = [_row_cells(row, grid, visible, against) for row in grid.rows]
    chart = _chart(selected, mode, chart_code) if chart_code else None
    return render(
        request,
        "analysis/compare.html",
        {
            "form": form,
            "grid": grid,
            "table": table,
            "page": page,
            "mode": mode,
            "subject": subject,
            "chart": json.dumps(chart, ensure_ascii=False) if chart else "",
            "chart_name": catalogue.get(chart_code).name if chart_code else "",
            "has_data": bool(years),
        },
    )


def _link(v: IndicatorValue, visible: set[int]) -> str:
    p = v.provenance if isinstance(v.provenance, dict) else {}
    report = p.get("report")
    if report not in visible:
        return ""
    return reverse("analysis:report_detail", args=[report]) + f"#s{p.get('start')}-{p.get('end')}"


SOURCE_SHORT = {IndicatorValue.Source.EXTRACTED: "报告", IndicatorValue.Source.COMPUTED: "系统",
                IndicatorValue.Source.REPORTED: "填报"}


def _row_cells(row: Any, grid: Grid, visible: set[int], against: bool = False) -> dict[str, Any]:
    """A row's cells; ``against``: each value labelled 报告/系统, and a stated
    figure that disagrees with the computed one says by how much."""
    cells = []
    for ind in grid.columns:
        vals = row.values(ind.code)
        computed = next((v for v in vals if v.source == IndicatorValue.Source.COMPUTED), None)
        cell = []
        for v in vals:
            item = {"text": value_text(v), "quote": (v.provenance or {}).get("quote", ""),
                    "link": _link(v, visible), "source": v.get_source_display(),
                    "label": SOURCE_SHORT.get(v.source, "") if against else "", "differs": ""}
            if against and computed is not None and v.source == IndicatorValue.Source.EXTRACTED:
                item["differs"] = differs(ind.code, computed.value, v)[1]
            cell.append(item)
        cells.append(cell)
    return {"label": row.label, "cells": cells}


def _first_values(qs: Any, by: str, code: str) -> list[tuple[str | int, float]]:
    """The chart's series: per row, the first figure of the most recent report."""
    grid = pivot(qs.filter(code=code), by=by, codes=[code])
    out = []
    for row in grid.rows:
        v = row.first(code)
        if v is not None:
            out.append((row.key, float(v.value)))
    return out


def _chart(qs: Any, mode: str, code: str) -> dict[str, Any]:
    ind = catalogue.get(code)
    if mode == "regions":
        points = sorted(_first_values(qs, "region", code), key=lambda p: -p[1])
        return {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 50, "right": 20, "top": 30, "bottom": 70},
            "xAxis": {
                "type": "category",
                "axisLabel": {"rotate": 30, "interval": 0},
                "data": [p[0] for p in points],
            },
            "yAxis": {"type": "value", "name": ind.unit},
            "series": [
                {
                    "name": ind.name,
                    "type": "bar",
                    "data": [p[1] for p in points],
                    "itemStyle": {"color": "#0d6efd"},
                    "label": {"show": True, "position": "top"},
                }
            ],
        }
    points = _first_values(qs, "year", code)
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 50, "right": 20, "top": 30, "bottom": 40},
        "xAxis": {"type": "category", "data": [f"{p[0]}年" for p in points]},
        "yAxis": {"type": "value", "name": ind.unit},
        "series": [
            {
                "name": ind.name,
                "type": "line",
                "data": [p[1] for p in points],
                "label": {"show": True},
            }
        ],
    }


def _unit(v: IndicatorValue) -> str:
    p = v.provenance if isinstance(v.provenance, dict) else {}
    ind = catalogue.find(v.code)
    return str(p.get("unit") or (ind.unit if ind else ""))


def _compare_xlsx(grid: Grid, mode: str, subject: str) -> HttpResponse:
    headers = ["地区" if mode == "regions" else "年度"] + [
        f"{ind.name}（{ind.unit}）" for ind in grid.columns
    ]
    rows = []
    for row in grid.rows:
        line: list[Any] = [row.label]
        for ind in grid.columns:
            vals = row.values(ind.code)
            if len(vals) == 1 and not vals[0].approx and _unit(vals[0]) == ind.unit \
                    and vals[0].value is not None:
                number = vals[0].value
                line.append(int(number) if number == number.to_integral_value() else float(number))
            elif len({v.source for v in vals}) > 1:  # stated beside computed: say which is which
                line.append("；".join(f"{SOURCE_SHORT.get(v.source, '')}{value_text(v)}" for v in vals))
            else:
                line.append(cell_text(vals))
        rows.append(line)
    title = f"{subject}指标对比" if subject else "指标对比"
    return xlsx_response(
        f"{title}.xlsx", title, headers, rows, widths=[14] + [18] * len(grid.columns)
    )
