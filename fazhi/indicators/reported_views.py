"""Pages of hand-reported indicators (指标填报): the unit clerk fills in and
submits, the unit leader approves, the county office accepts or returns.
Views read through ``reported.visible`` and write through the Actions in
``fazhi.indicators.reported``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhi.core.actions import Actor
from fazhi.core.tables import Column, Table
from fazhi.org.models import Role, Unit
from fazhi.org.policy import AccessDenied, Policy

from . import catalogue, reported
from .forms_reported import (
    IndicatorReportForm,
    PickIndicatorForm,
    ReportFilterForm,
    ReturnForm,
    add_errors,
)
from .models import IndicatorReport, IndicatorValue
from .views import REGISTER_LABELS

State = IndicatorReport.State


def _require_view(request: HttpRequest) -> None:
    if not request.policy.can("indicators.view"):
        raise AccessDenied("您没有查看指标填报的权限。")


def _clerk_units(policy: Policy) -> list[Unit]:
    units = policy.units_with_role(Role.CLERK)
    if not units or not policy.can("indicators.report"):
        raise AccessDenied("只有单位经办人可以填报指标。")
    return sorted(units, key=lambda u: (u.sort_order, u.name))


def groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Reportable indicators by source, named (the picker's option groups)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for ind in reported.reportable():
        label = REGISTER_LABELS.get(ind.register, "其他")
        unit = f"（{ind.unit}）" if ind.unit and ind.kind != "boolean" else ""
        out.setdefault(label, []).append((ind.code, f"{ind.name}{unit}"))
    return list(out.items())


# -------------------------------------------------------------------- list
def _columns() -> list[Column]:
    return [
        Column("code", "指标", lambda r: r.name, sort="code", width=36),
        Column("unit", "填报单位", lambda r: str(r.unit), sort="unit__name", width=20),
        Column("period", "期间", lambda r: r.period_label, sort="period_start", width=16),
        Column("value", "数值", lambda r: r.display, width=16),
        Column("note", "说明", lambda r: r.note, width=30),
        Column("state", "状态", lambda r: r.get_state_display(), sort="state", width=14),
        Column("updated", "更新时间", lambda r: r.updated_at, sort="updated_at", width=18),
    ]


def _todo_q(policy: Policy) -> Q:
    """Reports waiting for this person: a clerk's drafts and returned reports,
    a leader's submitted ones, the office's approved ones."""
    q = Q(pk__in=[])
    clerk = [u.pk for u in policy.units_with_role(Role.CLERK)]
    leader = [u.pk for u in policy.units_with_role(Role.LEADER)]
    if clerk:
        q |= Q(unit_id__in=clerk, state__in=[State.DRAFT, State.RETURNED])
    if leader:
        q |= Q(unit_id__in=leader, state=State.SUBMITTED)
    if policy.can("indicators.review"):
        q |= Q(region_id__in=policy.region_ids("indicators.review"), state=State.APPROVED)
    return q


@login_required
def reported_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    policy = request.policy
    base = reported.visible(policy)
    tab = request.GET.get("tab", "all")
    todo_q = _todo_q(policy)
    qs = base.filter(todo_q) if tab == "todo" else base
    codes = set(base.order_by().values_list("code", flat=True).distinct())
    states = State.choices if policy.unit_ids else [
        (v, lbl) for v, lbl in State.choices if v in reported.OFFICE_STATES]
    form = ReportFilterForm(
        request.GET or None, states=states,
        codes=[i.code for i in catalogue.all() if i.code in codes],
        units=list(Unit.objects.filter(pk__in=base.order_by().values("unit"))
                   .order_by("sort_order", "name")),
        periods=list(base.order_by("-period_start", "period_end")
                     .values_list("period_start", "period_end").distinct()),
    )
    if form.is_valid():
        d = form.cleaned_data
        if d["state"]:
            qs = qs.filter(state=d["state"])
        if d["code"]:
            qs = qs.filter(code=d["code"])
        if d["unit"]:
            qs = qs.filter(unit_id=d["unit"])
        bounds = form.period_bounds()
        if bounds:
            qs = qs.filter(period_start=bounds[0], period_end=bounds[1])
    qs = qs.select_related("unit", "region")
    table = Table(request, qs, _columns(), default_sort="-updated")
    if request.GET.get("export") == "xlsx":
        return table.export("指标填报.xlsx", "指标填报")
    for r in table.page:
        r.can_accept = r.state == State.APPROVED and policy.can("indicators.review", r)
    return render(request, "indicators/reported_list.html", {
        "table": table, "form": form, "tab": tab,
        "todo_count": base.filter(todo_q).count(),
        "can_report": bool(policy.units_with_role(Role.CLERK)) and policy.can("indicators.report"),
    })


# --------------------------------------------------------------- new / edit
def _action_params(form: IndicatorReportForm) -> dict[str, Any]:
    d = form.cleaned_data
    return {"period": d["period_obj"], "value": d.get("value"), "numerator": d.get("numerator"),
            "denominator": d.get("denominator"), "flag": d.get("flag") or None,
            "note": d.get("note", ""), "evidence": d.get("evidence")}


def _saved_message(report: IndicatorReport) -> str:
    return "已提交，等待单位负责人审核。" if report.state == State.SUBMITTED else "草稿已保存。"


@login_required
def reported_new(request: HttpRequest) -> HttpResponse:
    """新填报: pick the indicator (step one), then fill in the figure."""
    policy = request.policy
    units = _clerk_units(policy)
    code = request.POST.get("code") or request.GET.get("code") or ""
    indicator = None
    pick = PickIndicatorForm(request.GET if code else None, groups=groups())
    if code:
        try:
            indicator = reported.reportable_indicator(code)
        except ValidationError as exc:
            pick.is_valid()
            pick.add_error("code", exc.messages)
    if indicator is None:
        return render(request, "indicators/reported_pick.html", {"pick": pick}, status=200)
    form = IndicatorReportForm(request.POST or None, request.FILES or None, indicator=indicator,
                               units=units)
    if request.method == "POST" and form.is_valid():
        try:
            report = reported.SaveIndicatorReport(
                Actor.from_request(request), None, unit=form.cleaned_data["unit_obj"],
                code=indicator.code, submit="submit" in request.POST, **_action_params(form),
            ).execute()
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _saved_message(report))
            return redirect("indicators:reported_detail", report.pk)
    return render(request, "indicators/reported_form.html", {
        "form": form, "indicator": indicator, "report": None,
        "register_label": REGISTER_LABELS.get(indicator.register, "其他")})


def _visible_or_404(request: HttpRequest, pk: int) -> IndicatorReport:
    return get_object_or_404(reported.visible(request.policy).select_related(
        "unit", "region", "created_by", "submitted_by", "approved_by", "accepted_by",
        "returned_by"), pk=pk)


@login_required
def reported_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = request.policy
    report = _visible_or_404(request, pk)
    policy.require("indicators.report", report, "只有本单位经办人可以修改指标填报。")
    if not report.is_editable:
        messages.info(request, f"该填报状态为“{report.get_state_display()}”，不能再修改。")
        return redirect("indicators:reported_detail", report.pk)
    indicator = report.indicator
    if indicator is None:
        raise Http404("该指标已不在指标目录中。")
    form = IndicatorReportForm(request.POST or None, request.FILES or None, indicator=indicator,
                               units=[report.unit], report=report)
    if request.method == "POST" and form.is_valid():
        try:
            report = reported.SaveIndicatorReport(
                Actor.from_request(request), report, submit="submit" in request.POST,
                version=int(request.POST.get("version") or 0) or None, **_action_params(form),
            ).execute()
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _saved_message(report))
            return redirect("indicators:reported_detail", report.pk)
    return render(request, "indicators/reported_form.html", {
        "form": form, "indicator": indicator, "report": report,
        "register_label": REGISTER_LABELS.get(indicator.register, "其他")})


# ------------------------------------------------------------------ detail
@login_required
def reported_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = request.policy
    report = _visible_or_404(request, pk)
    stored: QuerySet[IndicatorValue] = IndicatorValue.objects.filter(origin=report.origin)
    can_return = ((report.state == State.SUBMITTED and policy.can("indicators.approve", report))
                  or (report.state in (State.APPROVED, State.ACCEPTED)
                      and policy.can("indicators.review", report)))
    return render(request, "indicators/reported_detail.html", {
        "report": report, "indicator": report.indicator,
        "register_label": REGISTER_LABELS.get(getattr(report.indicator, "register", ""), "其他"),
        "value": stored.first() if report.state == State.ACCEPTED else None,
        "can_edit": report.is_editable and policy.can("indicators.report", report),
        "can_approve": report.state == State.SUBMITTED and policy.can("indicators.approve", report),
        "can_accept": report.state == State.APPROVED and policy.can("indicators.review", report),
        "can_return": can_return,
        "return_form": ReturnForm(),
    })


TRANSITIONS = {
    "submit": reported.SubmitIndicatorReport,
    "approve": reported.ApproveIndicatorReport,
    "accept": reported.AcceptIndicatorReport,
    "return": reported.ReturnIndicatorReport,
    "delete": reported.DeleteIndicatorReport,
}
DONE_MESSAGES = {"submit": "已提交，等待单位负责人审核。", "approve": "已审核通过，报依法治县办。",
                 "accept": "已采纳，数值已计入指标。", "return": "已退回。", "delete": "已删除。"}


@login_required
@require_POST
def reported_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    action_class = TRANSITIONS.get(verb)
    if action_class is None:
        raise Http404("未知的操作。")
    report = get_object_or_404(reported.visible(request.policy), pk=pk)
    try:
        action_class(Actor.from_request(request), report,
                     reason=request.POST.get("reason", "")).execute()
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, DONE_MESSAGES[verb])
        if verb == "delete":
            return redirect("indicators:reported_list")
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    if verb == "return" and not reported.visible(request.policy).filter(pk=pk).exists():
        return redirect(reverse("indicators:reported_list") + "?tab=todo")  # now with the unit
    return redirect("indicators:reported_detail", pk)


@login_required
def reported_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(reported.visible(request.policy), pk=pk)
    if not report.evidence:
        raise Http404("该填报没有佐证材料。")
    return FileResponse(report.evidence.open("rb"), as_attachment=True,
                        filename=report.evidence_name or "佐证材料")
