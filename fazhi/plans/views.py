"""Plan import, the task ledger, progress reports and the county overview.
Views read through ``request.policy`` and write through fazhi.plans.services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.actions import Actor
from fazhi.core.documents import DocumentError
from fazhi.core.replica import replica_reads
from fazhi.core.tables import Column, Table, xlsx_response
from fazhi.org.models import Role, Unit, UnitGroup

from . import services
from .corrections import import_warnings
from .forms import (
    DueDateForm,
    PeriodForm,
    PlanUploadForm,
    ReportFilterForm,
    ReportForm,
    ReturnForm,
)
from .models import (
    Assignment,
    Evidence,
    Plan,
    PlanImport,
    ProgressReport,
    ReportingPeriod,
    Task,
)
from .parser import PlanParseError, parse_plan_document
from .status import RED, YELLOW, annotate_assignment_lights
from .visibility import visible_q, visible_reports

State = ProgressReport.State


def _scoped_or_404(request: HttpRequest, qs, pk: int):  # noqa: ANN001, ANN202
    return get_object_or_404(request.policy.scope(qs), pk=pk)


# ------------------------------------------------------------------ plans
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = (request.policy.scope(Plan.objects.select_related("region"))
             .annotate(task_count=Count("tasks", distinct=True)).order_by("-year", "region__name"))
    return render(request, "plans/plan_list.html", {
        "plans": plans, "can_import": request.policy.can("plan.manage")})


@login_required
def plan_import(request: HttpRequest) -> HttpResponse:
    policy = request.policy
    if not policy.can("plan.manage"):
        raise PermissionDenied("只有依法治县办管理员可以导入工作计划。")
    counties = [r for r in policy.counties if policy.can("plan.manage", Plan(region=r))]
    form = PlanUploadForm(request.POST or None, request.FILES or None, counties=counties)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        region = next(r for r in counties if str(r.pk) == form.cleaned_data["region"])
        data = upload.read()
        try:
            parse_plan_document(data, upload.name)
        except (PlanParseError, DocumentError) as exc:
            form.add_error("file", str(exc))
        else:
            upload.seek(0)
            staged = PlanImport(region=region, year=form.cleaned_data["year"],
                                title=form.cleaned_data["title"], source_name=upload.name[:255],
                                created_by=request.user)
            staged.file.save(services.safe_storage_name(upload.name), upload, save=True)
            return redirect("plans:plan_import_preview", staged.pk)
    return render(request, "plans/plan_import.html", {"form": form})


@login_required
def plan_import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    policy = request.policy
    staged = get_object_or_404(policy.scope_regions(PlanImport.objects.all(), "plan.manage")
                               .select_related("region"), pk=pk, plan__isnull=True)
    with staged.file.open("rb") as fh:
        parsed = parse_plan_document(fh.read(), staged.source_name)
    preview = services.preview_import(parsed, staged.region, staged.year)
    units = list(Unit.objects.filter(region=staged.region, is_active=True))
    groups = list(UnitGroup.objects.filter(region=staged.region))
    errors: list[str] = []
    choices: dict[str, services.NameChoice] = {}
    if request.method == "POST":
        for i, name in enumerate(preview.unresolved):
            value = request.POST.get(f"name_{i}", "")
            kind, _, ident = value.partition(":")
            if kind == "unit" and ident.isdigit():
                choices[name] = services.NameChoice(unit_id=int(ident))
            elif kind == "group" and ident.isdigit():
                choices[name] = services.NameChoice(group_id=int(ident))
            elif kind == "create" and ident:
                choices[name] = services.NameChoice(create_kind=ident)
            else:
                errors.append(f"请为“{name}”选择对应单位或新建单位。")
        if not errors:
            try:
                with staged.file.open("rb") as fh:
                    plan = services.ImportPlan(
                        Actor.from_request(request), preview, title=staged.title,
                        choices=choices, source_name=staged.source_name,
                    ).execute()
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                staged.plan = plan
                staged.save(update_fields=["plan"])
                plan.source_file.name = staged.file.name
                plan.save(update_fields=["source_file"])
                messages.success(request, f"已导入{len(parsed.tasks)}项任务。")
                return redirect("plans:plan_detail", plan.pk)
    return render(request, "plans/plan_import_preview.html", {
        "staged": staged, "preview": preview, "parsed": parsed, "units": units,
        "groups": groups, "errors": errors, "unit_kinds": Unit.Kind.choices,
        "posted": request.POST,
        "unresolved": list(enumerate(preview.unresolved)),
        "warnings": import_warnings(parsed, staged.region, staged.year),
    })


@login_required
@replica_reads
def plan_overview(request: HttpRequest, pk: int) -> HttpResponse:
    policy = request.policy
    plan = _scoped_or_404(request, Plan.objects.select_related("region"), pk)
    today = timezone.localdate()
    assignments = annotate_assignment_lights(
        policy.scope(Assignment.objects.filter(task__plan=plan)), today)
    by_unit = list(assignments.values("unit", "unit__name", "unit__short_name").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(light="green")),
        red=Count("pk", filter=Q(light=RED)), yellow=Count("pk", filter=Q(light=YELLOW)),
    ).order_by("-total", "unit__name"))
    by_section = list(assignments.values("task__section__order", "task__section__title").annotate(
        total=Count("pk"), done=Count("pk", filter=Q(light="green")),
        red=Count("pk", filter=Q(light=RED)),
    ).order_by("task__section__order"))
    totals = assignments.aggregate(total=Count("pk"), done=Count("pk", filter=Q(light="green")),
                                   red=Count("pk", filter=Q(light=RED)),
                                   yellow=Count("pk", filter=Q(light=YELLOW)))
    reports = visible_reports(policy, ProgressReport.objects.filter(assignment__task__plan=plan))
    by_state = dict(reports.values_list("state").annotate(n=Count("pk")))
    for row in by_unit:
        row["name"] = row["unit__short_name"] or row["unit__name"]
        row["rate"] = round(100 * row["done"] / row["total"], 1) if row["total"] else 0
    for row in by_section:
        row["rate"] = round(100 * row["done"] / row["total"], 1) if row["total"] else 0
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") in UNIT_SORTS:
        by_unit.sort(key=lambda r: r[UNIT_SORTS[sort.lstrip("-")]], reverse=sort.startswith("-"))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(f"{plan.title}各单位完成情况.xlsx", "各单位完成情况",
                             ["单位", "分工数", "已完成", "即将到期", "已逾期", "完成率（%）"],
                             ([r["name"], r["total"], r["done"], r["yellow"], r["red"], r["rate"]]
                              for r in by_unit), widths=[24, 10, 10, 10, 10, 12])
    longest = max((len(r["name"]) for r in by_unit), default=4)
    unit_chart = {
        "tooltip": {"trigger": "axis"}, "legend": {"data": ["已完成", "未完成", "逾期"]},
        # room for the longest unit name, so no label is cut
        "grid": {"left": 14 * longest + 16, "right": 20, "top": 30, "bottom": 20},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": [r["name"] for r in by_unit][::-1]},
        "series": [
            {"name": "已完成", "type": "bar", "stack": "a", "itemStyle": {"color": "#198754"},
             "data": [r["done"] for r in by_unit][::-1]},
            {"name": "未完成", "type": "bar", "stack": "a", "itemStyle": {"color": "#adb5bd"},
             "data": [r["total"] - r["done"] - r["red"] for r in by_unit][::-1]},
            {"name": "逾期", "type": "bar", "stack": "a", "itemStyle": {"color": "#dc3545"},
             "data": [r["red"] for r in by_unit][::-1]},
        ],
    }
    section_chart = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 40, "right": 20, "top": 30, "bottom": 20, "containLabel": True},
        "xAxis": {"type": "category", "axisLabel": {"rotate": 30, "interval": 0},
                  "data": [_short_section(r["task__section__title"]) for r in by_section]},
        "yAxis": {"type": "value", "max": 100, "name": "完成率%"},
        "series": [{"type": "bar", "data": [r["rate"] for r in by_section],
                    "itemStyle": {"color": "#0d6efd"}, "label": {"show": True, "position": "top"}}],
    }
    state_chart = {
        "tooltip": {"trigger": "item"},
        "series": [{"type": "pie", "radius": ["40%", "70%"],
                    "label": {"formatter": "{b}：{c}份（{d}%）"},
                    "data": [{"name": label, "value": by_state.get(value, 0)}
                             for value, label in State.choices]}],
    }
    return render(request, "plans/plan_overview.html", {
        "plan": plan, "by_unit": by_unit, "by_section": by_section, "totals": totals,
        "unit_chart": json.dumps(unit_chart, ensure_ascii=False),
        "section_chart": json.dumps(section_chart, ensure_ascii=False),
        "state_chart": json.dumps(state_chart, ensure_ascii=False),
        "chart_height": max(320, 22 * len(by_unit)), "sort": sort,
        # (label, the sort a click asks for): a second click reverses
        "unit_headers": [(label, f"-{key}" if sort == key else key) for key, label in (
            ("name", "单位"), ("total", "分工数"), ("done", "已完成"), ("yellow", "即将到期"),
            ("red", "已逾期"), ("rate", "完成率"))],
    })


UNIT_SORTS = {"name": "name", "total": "total", "done": "done", "red": "red", "yellow": "yellow",
              "rate": "rate"}


def _short_section(title: str | None) -> str:
    """一、持续推进学习宣传贯彻习近平法治思想 → 一、持续推进学习…"""
    if not title:
        return "未分部分"
    return title if len(title) <= 8 else title[:7] + "…"


@login_required
def period_list(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _scoped_or_404(request, Plan.objects.all(), pk)
    if not request.policy.can("plan.manage", plan):
        raise PermissionDenied("只有本县依法治县办管理员可以设置报送周期。")
    period = None
    if request.GET.get("edit"):
        period = get_object_or_404(ReportingPeriod, plan=plan, pk=request.GET["edit"])
    form = PeriodForm(request.POST or None, instance=period or ReportingPeriod(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.SavePeriod(Actor.from_request(request), form.instance).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "报送周期已保存。")
            return redirect("plans:period_list", plan.pk)
    return render(request, "plans/period_list.html", {
        "plan": plan, "periods": plan.periods.all(), "form": form, "editing": period})


# ------------------------------------------------------------------ tasks
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = request.policy
    task = _scoped_or_404(request, Task.objects.select_related("plan__region", "section"), pk)
    today = timezone.localdate()
    assignments = annotate_assignment_lights(
        policy.scope(task.assignments.all()), today).select_related("unit").prefetch_related(
        Prefetch("reports", queryset=ProgressReport.objects.filter(visible_q(policy))
                 .select_related("period").order_by("period__start")))
    can_manage = policy.can("plan.manage", task)
    form = DueDateForm(request.POST or None, instance=task) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有本县依法治县办管理员可以设定完成时限。")
        if form.is_valid():
            services.SetTaskDueDate(Actor.from_request(request), task,
                                    due_date=form.cleaned_data["due_date"]).execute()
            messages.success(request, "完成时限已保存。")
            return redirect("plans:task_detail", task.pk)
    return render(request, "plans/task_detail.html", {
        "task": task, "assignments": assignments, "form": form,
        "periods": task.plan.periods.all(),
        "editable_units": set(policy.units_with_role("clerk")),
    })


# ---------------------------------------------------------------- reports
@login_required
def report_edit(request: HttpRequest, assignment_pk: int, period_pk: int) -> HttpResponse:
    policy = request.policy
    assignment = _scoped_or_404(request, Assignment.objects.select_related("task__plan", "unit"),
                                assignment_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk, plan=assignment.task.plan)
    if not policy.can("progress.edit", assignment):
        raise PermissionDenied("只有本单位经办人可以填写进展情况。")
    report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    if report is not None and not report.is_editable:
        messages.info(request, f"该进展报告状态为“{report.get_state_display()}”，不能再修改。")
        return redirect("plans:report_detail", report.pk)
    form = ReportForm(request.POST or None, request.FILES or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.SaveReport(
                Actor.from_request(request), report, assignment=assignment, period=period,
                text=form.cleaned_data["text"], completion=form.cleaned_data["completion"],
                files=form.cleaned_data["files"], submit="submit" in request.POST,
                version=int(request.POST.get("version") or 0) or None,
            ).execute()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已提交，等待单位负责人审核。" if report.state == State.SUBMITTED
                             else "草稿已保存。")
            return redirect("plans:report_detail", report.pk)
    return render(request, "plans/report_edit.html", {
        "form": form, "assignment": assignment, "period": period, "report": report})


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = request.policy
    report = get_object_or_404(visible_reports(policy, ProgressReport.objects.select_related(
        "assignment__task__plan", "assignment__unit", "period", "submitted_by", "approved_by",
        "reviewed_by")), pk=pk)
    assignment = report.assignment
    return render(request, "plans/report_detail.html", {
        "report": report,
        "evidence": report.evidence.all(),
        "can_edit": report.is_editable and policy.can("progress.edit", assignment),
        "can_approve": report.state == State.SUBMITTED and policy.can("progress.approve", assignment),
        "can_review": report.state == State.APPROVED and policy.can("progress.review", assignment),
        "return_form": ReturnForm(),
    })


TRANSITIONS = {
    "submit": services.SubmitReport,
    "approve": services.ApproveReport,
    "accept": services.AcceptReport,
    "return": services.ReturnReport,
}
DONE_MESSAGES = {"submit": "已提交。", "approve": "已审核通过，报依法治县办。",
                 "accept": "已采纳。", "return": "已退回。"}


@login_required
@require_POST
def report_transition(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    report = get_object_or_404(visible_reports(request.policy), pk=pk)
    action_class = TRANSITIONS.get(verb)
    if action_class is None:
        raise Http404
    try:
        action_class(Actor.from_request(request), report,
                     reason=request.POST.get("reason", "")).execute()
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, DONE_MESSAGES[verb])
    return redirect("plans:report_detail", report.pk)


def _report_columns() -> list[Column]:
    return [
        Column("task", "任务", lambda r: f"{r.assignment.task.number}. {r.assignment.task.summary}",
               sort="assignment__task__number", width=40),
        Column("unit", "单位", lambda r: str(r.assignment.unit), sort="assignment__unit__name", width=20),
        Column("period", "周期", lambda r: str(r.period), sort="period__start", width=14),
        Column("completion", "完成情况", lambda r: r.get_completion_display(), sort="completion", width=10),
        Column("state", "状态", lambda r: r.get_state_display(), sort="state", width=14),
        Column("updated", "更新时间", lambda r: r.updated_at, sort="updated_at", width=18),
    ]


@login_required
@replica_reads
def report_list(request: HttpRequest) -> HttpResponse:
    policy = request.policy
    qs = visible_reports(policy)
    # One EXISTS per unit that could have reports here, answered from the
    # (unit, updated_at) index: the filter's list no longer reads every visible
    # report (docs/scale.md). A unit works in its plan's county; a unit's
    # people read only their own units' reports.
    candidates = Unit.objects.filter(region__in=[r.pk for r in policy.counties]) \
        if policy.has_role(Role.OFFICE_ADMIN, Role.UPPER_VIEWER) else Unit.objects.filter(pk__in=policy.unit_ids)
    units = candidates.filter(Exists(qs.filter(unit=OuterRef("pk")))).order_by("sort_order", "name")
    periods = list(ReportingPeriod.objects.filter(plan__in=policy.scope(Plan.objects.all()))
                   .order_by("start").values_list("name", flat=True))
    form = ReportFilterForm(request.GET or None, units=units, periods=list(dict.fromkeys(periods)))
    if form.is_valid():
        d = form.cleaned_data
        if d["state"]:
            qs = qs.filter(state=d["state"])
        if d["unit"]:
            qs = qs.filter(unit_id=d["unit"])
        if d["period"]:
            qs = qs.filter(period__name=d["period"])
    # Ids first (ordered by the update time's index), then the page's reports
    # with their task, unit and period (fazhi.core.tables).
    table = Table(request, qs, _report_columns(), default_sort="-updated",
                  rows=lambda rows: rows.select_related("assignment__task__plan", "assignment__unit",
                                                        "period__plan"))
    if request.GET.get("export") == "xlsx":
        return table.export("进展报告.xlsx", "进展报告")
    can_accept, can_approve = policy.can("progress.review"), policy.can("progress.approve")
    return render(request, "plans/report_list.html", {
        "table": table, "form": form, "can_accept": can_accept, "can_approve": can_approve,
        "can_bulk": can_accept or can_approve})


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(request.policy.scope(Evidence.objects.all())
                                 .filter(visible_q(request.policy, "report__")), pk=pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True,
                        filename=evidence.original_name)

