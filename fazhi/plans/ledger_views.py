"""The task ledger: one row per task with its units' state counted
(已完成 12/53 · 逾期 3), the units' detail loaded on demand (HTMX), and the
ledger by unit. Progress text shown here is only what the reader may see
(fazhi.plans.visibility): never another unit's draft."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from fazhi.core.replica import replica_reads
from fazhi.core.tables import Column, Table
from fazhi.org.models import Role, Unit
from fazhi.org.policy import Policy

from .forms import AssignmentFilterForm, TaskFilterForm
from .models import Assignment, Plan, ProgressReport, Task
from .status import LIGHT_LABELS, annotate_assignment_lights, annotate_task_lights, light_expression
from .visibility import REACHED_OFFICE, visible_q

State = ProgressReport.State


def with_latest_report(qs: QuerySet, policy: Policy) -> QuerySet:
    """Assignments annotated with their latest report this person may read
    (text, period, state), in the same query."""
    latest = (ProgressReport.objects.filter(assignment=OuterRef("pk")).filter(visible_q(policy))
              .order_by("-period__start"))
    return qs.annotate(latest_text=Subquery(latest.values("text")[:1]),
                       latest_period=Subquery(latest.values("period__name")[:1]),
                       latest_state=Subquery(latest.values("state")[:1]),
                       latest_id=Subquery(latest.values("pk")[:1]))


def _state_label(value: str | None) -> str:
    return State(value).label if value else ""


def _progress_text(task: Task) -> str:
    return "\n".join(
        f"{a.unit}（{a.latest_period}，{_state_label(a.latest_state)}）：{a.latest_text}"
        for a in task.assignments.all() if a.latest_text is not None)


def _summary_text(task: Task) -> str:
    parts = [f"已完成 {task.done_count}/{task.assignment_count}"]
    if task.overdue_count:
        parts.append(f"逾期 {task.overdue_count}")
    if task.reported_count:
        parts.append(f"已报送 {task.reported_count}")
    return "，".join(parts)


def _task_columns(export: bool) -> list[Column]:
    columns = [
        Column("number", "序号", lambda t: t.number, sort="number", width=6),
        Column("section", "部分", lambda t: t.section.title if t.section else "", sort="section__order", width=20),
        Column("text", "任务", lambda t: t.text if export else t.summary, width=60),
        Column("lead", "牵头单位", lambda t: t.lead_units_text, width=24),
        Column("responsible", "责任单位", lambda t: t.responsible_units_text, width=24),
        Column("due", "完成时限", lambda t: t.due_date, sort="due_date", width=12),
        Column("light", "状态", lambda t: LIGHT_LABELS[t.light], sort="light", width=10,
               sort_needs_rows=True),
        Column("done", "各单位情况", _summary_text, sort="done_count", width=24, sort_needs_rows=True),
    ]
    if export:
        columns.insert(6, Column("progress", "进展情况", _progress_text, width=60))
    return columns


def annotate_task_summary(qs: QuerySet, today: datetime.date) -> QuerySet:
    """Per task: lights, units done, units overdue, units whose report reached
    the office — all counted in the one query of the page."""
    qs = annotate_task_lights(qs, today)
    reached = Q(assignments__reports__state__in=REACHED_OFFICE)
    return qs.annotate(
        reported_count=Count("assignments", filter=reached, distinct=True),
        overdue_count=Case(
            When(Q(due_date__lt=today), then=F("assignment_count") - F("done_count")),
            default=Value(0), output_field=IntegerField()),
    )


def _unit_rows(qs: QuerySet, unit_id: int, today: datetime.date, policy: Policy) -> QuerySet:
    """Tasks annotated with one unit's own state and latest progress."""
    mine = Assignment.objects.filter(task=OuterRef("pk"), unit_id=unit_id)
    latest = (ProgressReport.objects.filter(assignment__task=OuterRef("pk"), unit_id=unit_id)
              .filter(visible_q(policy)).order_by("-period__start"))
    qs = qs.annotate(
        unit_done=Subquery(mine.values("is_done")[:1], output_field=BooleanField()),
        unit_role=Subquery(mine.values("role")[:1], output_field=CharField()),
        unit_text=Subquery(latest.values("text")[:1]),
        unit_period=Subquery(latest.values("period__name")[:1]),
        unit_state=Subquery(latest.values("state")[:1]),
        unit_report=Subquery(latest.values("pk")[:1]),
    )
    return qs.annotate(unit_light=light_expression("unit_done", "due_date", today))


def _task_rows(today: datetime.date, policy: Policy, unit_id: int | None,
               export: bool) -> Callable[[QuerySet], QuerySet]:
    """What a ledger row shows (counts over the task's assignments, the unit's
    progress, the section), added for the page's tasks only (fazhi.core.tables)."""
    def rows(qs: QuerySet) -> QuerySet:
        qs = annotate_task_summary(qs, today).select_related("section")
        if unit_id:
            qs = _unit_rows(qs, unit_id, today, policy)
        if export:
            # The workbook is the full 台账: every unit's latest progress the reader may see.
            qs = qs.prefetch_related(Prefetch("assignments", queryset=with_latest_report(
                policy.scope(Assignment.objects.select_related("unit")), policy)))
        return qs
    return rows


@login_required
@replica_reads
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = request.policy
    plan = get_object_or_404(policy.scope(Plan.objects.select_related("region")), pk=pk)
    today = timezone.localdate()
    # The list itself is only filtered and ordered (by 序号: the index of
    # (plan, number)); the counts per task are computed for the page's rows.
    tasks = policy.scope(Task.objects.filter(plan=plan))
    sections = list(plan.sections.all())
    # One EXISTS per unit of the plan's county (a plan's units are its county's),
    # not a DISTINCT over every assignment of the plan.
    units = Unit.objects.filter(region_id=plan.region_id).filter(
        Exists(Assignment.objects.filter(task__plan=plan, unit=OuterRef("pk")))).order_by("sort_order", "name")
    if not policy.has_role(Role.OFFICE_ADMIN, Role.UPPER_VIEWER):
        # A unit's people filter by their own unit only: the row then shows
        # that unit's progress, which nobody else's filter may reveal.
        units = units.filter(pk__in=policy.unit_ids)
    form = TaskFilterForm(request.GET or None, sections=sections, units=units)
    unit, unit_id = None, None
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            tasks = tasks.filter(Q(text__icontains=d["q"]) | Q(lead_units_text__icontains=d["q"])
                                 | Q(responsible_units_text__icontains=d["q"]))
        if d["section"]:
            tasks = tasks.filter(section_id=d["section"])
        if d["light"]:
            # The light is computed from the counts: this filter needs them for every task.
            tasks = annotate_task_lights(tasks, today).filter(light=d["light"])
        if d["unit"]:
            unit, unit_id = next((u for u in units if u.pk == d["unit"]), None), d["unit"]
            tasks = tasks.filter(assignments__unit_id=unit_id)
    export = request.GET.get("export") == "xlsx"
    table = Table(request, tasks, _task_columns(export), default_sort="number", per_page=30,
                  rows=_task_rows(today, policy, unit_id, export))
    if export:
        return table.export(f"{plan.title}任务台账.xlsx", "任务台账")
    return render(request, "plans/plan_detail.html", {
        "plan": plan, "table": table, "form": form, "unit": unit,
        "lights": LIGHT_LABELS, "states": State.choices,
        "can_manage": policy.can("plan.manage", plan),
        "periods": plan.periods.all(),
    })


@login_required
def task_units(request: HttpRequest, pk: int) -> HttpResponse:
    """The units of one task with their latest readable progress: the ledger
    row's detail, fetched by HTMX when the row is opened."""
    policy = request.policy
    task = get_object_or_404(policy.scope(Task.objects.all()), pk=pk)
    assignments = with_latest_report(annotate_assignment_lights(
        policy.scope(task.assignments.select_related("unit")), timezone.localdate()), policy)
    return render(request, "plans/_task_units.html", {
        "task": task, "assignments": assignments.order_by("role", "unit__sort_order", "unit__name")})


def _assignment_columns(one_plan: bool = False) -> list[Column]:
    # Within one plan the year is the same on every row and the sort by plan
    # is the tiebreak (newest assignment first): sorting by the id alone gives
    # that order from the primary key instead of sorting every assignment.
    return [
        Column("number", "序号", lambda a: a.task.number, sort="task__number", width=6),
        Column("plan", "计划", lambda a: a.task.plan.year,
               sort="pk" if one_plan else "task__plan__year", width=8),
        Column("text", "任务", lambda a: a.task.text, width=60),
        Column("unit", "单位", lambda a: str(a.unit), sort="unit__name", width=20),
        Column("role", "分工", lambda a: a.get_role_display(), sort="role", width=10),
        Column("due", "完成时限", lambda a: a.task.due_date, sort="task__due_date", width=12),
        Column("progress", "最新进展", lambda a: a.latest_text or "", width=50),
        Column("light", "状态", lambda a: LIGHT_LABELS[a.light], sort="light", width=10),
    ]


def _assignment_rows(today: datetime.date, policy: Policy) -> Callable[[QuerySet], QuerySet]:
    """What a row of the ledger by unit shows, for the page's assignments only:
    the latest report's four subqueries cost a sort of reports per row."""
    def rows(qs: QuerySet) -> QuerySet:
        return with_latest_report(annotate_assignment_lights(qs, today).select_related("task__plan", "unit"),
                                  policy)
    return rows


@login_required
@replica_reads
def assignment_list(request: HttpRequest) -> HttpResponse:
    """The ledger by unit: every assignment this person may see."""
    policy = request.policy
    today = timezone.localdate()
    qs = annotate_assignment_lights(policy.scope(Assignment.objects.all()), today)
    plans = policy.scope(Plan.objects.all())
    units = policy.scope(Unit.objects.filter(Exists(Assignment.objects.filter(unit=OuterRef("pk"))))) \
        .order_by("sort_order", "name") if not policy.units else Unit.objects.filter(pk__in=policy.unit_ids)
    data = request.GET.copy()
    if "plan" not in data and "year" not in data:
        # The ledger opens on this year's plan; 全部 (plan=) shows every year.
        current = plans.filter(year=today.year).order_by("pk").values_list("pk", flat=True).first()
        if current:
            data["plan"] = str(current)
    form = AssignmentFilterForm(data or None, plans=plans, units=units)
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            qs = qs.filter(task__text__icontains=d["q"])
        if d["task"]:
            qs = qs.filter(task_id=d["task"])
        if d["year"]:
            qs = qs.filter(task__plan__year=d["year"])
        if d["plan"]:
            qs = qs.filter(task__plan_id=d["plan"])
        if d["unit"]:
            qs = qs.filter(unit_id=d["unit"])
        if d["role"]:
            qs = qs.filter(role=d["role"])
        if d["light"]:
            qs = qs.filter(light=d["light"])
    one_plan = bool(form.is_valid() and form.cleaned_data["plan"])
    table = Table(request, qs, _assignment_columns(one_plan), default_sort="-plan", per_page=30,
                  rows=_assignment_rows(today, policy))
    if request.GET.get("export") == "xlsx":
        return table.export("任务台账.xlsx", "任务台账")
    return render(request, "plans/assignment_list.html", {
        "table": table, "form": form, "can_urge": policy.can("plan.manage")})
