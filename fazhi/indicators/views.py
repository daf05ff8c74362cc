"""The catalogue, a value's provenance (the records behind it), and
recomputation with its progress."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.tables import xlsx_response
from fazhi.org.models import Region
from fazhi.org.policy import AccessDenied

from . import engine, store
from .models import IndicatorDefinition, IndicatorValue, RecomputeRun
from .periods import Period
from .tasks import request_recompute

REGISTER_LABELS = {
    "reconsideration": "行政复议登记簿", "litigation": "行政应诉登记簿", "disclosure": "政府信息公开",
    "ledger": "年度计划任务台账", "normative_documents": "行政规范性文件", "major_decisions": "重大行政决策",
    "legality_review": "合法性审查", "enforcement": "行政执法", "random_inspection": "双随机、一公开",
    "learning": "学法用法", "leadership": "组织领导", "legal_services": "公共法律服务",
    "mediation": "人民调解", "suggestions_proposals": "建议提案", "audit": "审计监督",
    "inspection_rectification": "法治督察与整改", "government_services": "政务服务",
    "petitions": "信访", "publicity": "普法宣传", "emergency": "应急管理",
    "digital_government": "数字政府",
}
KIND_LABELS = {"count": "数量", "rate": "比率", "amount": "金额", "boolean": "是否"}


def _require_view(request: HttpRequest) -> None:
    if not request.policy.can("indicators.view"):
        raise AccessDenied("您没有查看指标的权限。")


def _how(definition: IndicatorDefinition) -> dict[str, str]:
    comp = engine.REGISTRY.get(definition.code)
    if comp is not None:
        return {"how": "系统计算", "source": comp.source.label, "computation": comp.definition,
                "placing": comp.placing_label}
    return {"how": "单位填报", "source": REGISTER_LABELS.get(definition.register, "—"),
            "computation": "", "placing": ""}


@login_required
def catalogue_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    qs = IndicatorDefinition.objects.all()
    q = request.GET.get("q", "").strip()
    register = request.GET.get("register", "")
    how = request.GET.get("how", "")
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(definition__icontains=q))
    if register:
        qs = qs.filter(register=register)
    computed = engine.computed_codes()
    if how == "computed":
        qs = qs.filter(code__in=computed)
    elif how == "reported":
        qs = qs.exclude(code__in=computed)
    rows = [{"d": d, "register_label": REGISTER_LABELS.get(d.register, d.register),
             "kind_label": KIND_LABELS.get(d.kind, d.kind), **_how(d)} for d in qs]
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "指标目录.xlsx", "指标目录",
            ["代码", "名称", "类型", "单位", "来源", "取得方式", "计算口径", "定义", "报告表述"],
            ([r["d"].code, r["d"].name, r["kind_label"], r["d"].unit, r["register_label"],
              r["how"], r["computation"], r["d"].definition, "；".join(r["d"].phrasings)]
             for r in rows), widths=[28, 30, 8, 8, 16, 10, 40, 40, 40])
    registers = sorted({d.register for d in IndicatorDefinition.objects.all()})
    return render(request, "indicators/catalogue.html", {
        "rows": rows, "q": q, "register": register, "how": how,
        "registers": [(r, REGISTER_LABELS.get(r, r)) for r in registers],
        "total": IndicatorDefinition.objects.count(), "computed_total": len(computed)})


@login_required
def definition_detail(request: HttpRequest, code: str) -> HttpResponse:
    _require_view(request)
    definition = get_object_or_404(IndicatorDefinition, code=code)
    whole_year = Q(period_start__month=1, period_start__day=1, period_end__month=12,
                   period_end__day=31)
    values = (request.policy.scope(IndicatorValue.objects.filter(code=code, unit__isnull=True))
              .filter(whole_year | ~Q(source=IndicatorValue.Source.COMPUTED))
              .select_related("region").order_by("-year", "region_name")[:50])
    return render(request, "indicators/definition.html", {
        "d": definition, "register_label": REGISTER_LABELS.get(definition.register, "—"),
        "kind_label": KIND_LABELS.get(definition.kind, definition.kind), **_how(definition),
        "values": values})


def _cell(row: Any, column: Any) -> Any:
    if callable(column):
        return column(row)
    value: Any = row
    for part in column.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return ""
    return value


@login_required
def value_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One stored value and where it came from: for a computed value, exactly
    the records that were counted (flagged when changed since), exportable."""
    _require_view(request)
    value = get_object_or_404(request.policy.scope(IndicatorValue.objects.select_related(
        "region", "unit")), pk=pk)
    context: dict[str, Any] = {"v": value, "definition": IndicatorDefinition.objects.filter(
        code=value.code).first()}
    comp = engine.REGISTRY.get(value.code)
    if value.source == IndicatorValue.Source.COMPUTED and comp is not None and value.period_start:
        context.update(_records_context(request, value, comp))
        if request.GET.get("export") == "xlsx":
            return _export_records(value, comp, context["records_qs"], context["numerator_ids"])
    elif value.source == IndicatorValue.Source.EXTRACTED:
        context["report_id"] = (value.provenance or {}).get("report")
        context["quote"] = (value.provenance or {}).get("quote", "")
    elif value.source == IndicatorValue.Source.REPORTED:
        context["report_id"] = (value.provenance or {}).get("report")
        context["note"] = (value.provenance or {}).get("note", "")
    return render(request, "indicators/value_detail.html", context)


def _records_context(request: HttpRequest, value: IndicatorValue,
                     comp: engine.Computation) -> dict[str, Any]:
    period = Period(value.period_start, value.period_end)
    source = comp.source
    records = comp.records(period)
    if value.unit_id:
        records = records.filter(**{source.unit: value.unit_id})
    elif value.region and value.region.level == Region.Level.COUNTY:
        records = records.filter(**{source.region: value.region_id})
    else:
        records = records.filter(**{f"{source.region}__path__startswith": value.region.path})
    records = request.policy.scope(records).select_related(*source.select_related)
    numerator_ids: set[int] = set()
    if comp.is_rate:
        numerator_ids = set(records.filter(engine.resolve(comp.numerator)).values_list(
            "pk", flat=True))
    changed_q = store.changed_records_q(value)
    changed_ids = set(records.filter(changed_q).values_list("pk", flat=True))
    store.mark_stale([value])
    paginator = Paginator(records.order_by("pk"), 50)
    page = paginator.get_page(request.GET.get("page"))
    rows = [{"cells": [_cell(r, col) for _, col in source.columns],
             "link": source.link(r) if source.link else "", "in_numerator": r.pk in numerator_ids,
             "changed": r.pk in changed_ids} for r in page]
    return {"comp": comp, "period": period, "records_qs": records, "page": page, "rows": rows,
            "headers": [label for label, _ in source.columns], "numerator_ids": numerator_ids,
            "changed_count": len(changed_ids), "total_records": paginator.count}


def _export_records(value: IndicatorValue, comp: engine.Computation, records: Any,
                    numerator_ids: set[int]) -> HttpResponse:
    source = comp.source
    headers = [label for label, _ in source.columns]
    if comp.is_rate:
        headers.append("计入分子")

    def rows():  # noqa: ANN202
        for r in records.order_by("pk").iterator(chunk_size=500):
            cells = [_cell(r, col) for _, col in source.columns]
            if comp.is_rate:
                cells.append("是" if r.pk in numerator_ids else "否")
            yield cells

    name = f"{value.region_name}{value.year}年{comp.indicator.name}明细.xlsx"
    return xlsx_response(name, comp.indicator.name[:31], headers, rows())


@login_required
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    """The office asks for its county's figures of a year to be recomputed now."""
    if not request.policy.can("indicators.manage"):
        raise AccessDenied("只有依法治县办可以重算指标。")
    try:
        region = Region.objects.get(pk=int(request.POST.get("region", "")))
        year = int(request.POST.get("year", ""))
    except (ValueError, Region.DoesNotExist):
        raise Http404("地区或年度无效。") from None
    if not any(region.path.startswith(r.path) or r.path.startswith(region.path)
               for r in request.policy.counties) or not 2000 <= year <= timezone.localdate().year + 1:
        raise AccessDenied("只能重算本县的指标。")
    run = request_recompute(region, year, f"{request.user.get_full_name() or request.user}手动重算")
    return redirect("indicators:recompute_progress", pk=run.pk)


@login_required
def recompute_progress(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.policy.can("indicators.manage"):
        raise AccessDenied("只有依法治县办可以查看重算进度。")
    run = get_object_or_404(request.policy.scope(RecomputeRun.objects.select_related("region")),
                            pk=pk)
    template = ("indicators/_recompute_status.html" if request.htmx
                else "indicators/recompute_progress.html")
    return render(request, template, {"run": run})
