"""Home page: what needs this person's attention, by role.

Every figure links to the filtered list behind it; overdue and due-soon work
is grouped per task (one line per task, its units counted); the review queue
shows its count. A city viewer sees the counties below it instead."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from fazhi.plans.models import Assignment, Plan, ProgressReport
from fazhi.plans.status import GREEN, RED, YELLOW, annotate_assignment_lights
from fazhi.plans.visibility import visible_reports

State = ProgressReport.State
QUEUE_SIZE = 10


def _queue_states(policy) -> list[str]:  # noqa: ANN001
    states = []
    if policy.can("progress.edit"):
        states += [State.RETURNED, State.DRAFT]
    if policy.can("progress.approve"):
        states.append(State.SUBMITTED)
    if policy.can("progress.review"):
        states.append(State.APPROVED)
    return states


def _urgent_tasks(assignments) -> list[dict]:  # noqa: ANN001
    """Overdue and due-soon work, one line per task with its units counted."""
    rows = list(assignments.filter(light__in=[RED, YELLOW]).order_by()
                .values("task", "task__number", "task__text", "task__plan__region__name")
                .annotate(red=Count("pk", filter=Q(light=RED)),
                          yellow=Count("pk", filter=Q(light=YELLOW)),
                          due=Min("task__due_date"))
                .order_by("due", "task__number")[:QUEUE_SIZE])
    base = reverse("plans:assignment_list")
    for r in rows:
        first = r["task__text"].split("。", 1)[0]
        r["summary"] = first if len(first) <= 40 else first[:40] + "…"
        r["light"] = RED if r["red"] else YELLOW
        r["url"] = f"{base}?task={r['task']}&light={r['light']}"
    return rows


def _county_rows(policy, assignments) -> list[dict]:  # noqa: ANN001
    """For a viewer above the county: each county's current plan at a glance."""
    rows = list(assignments.order_by().values("task__plan", "task__plan__region__name")
                .annotate(total=Count("pk"), done=Count("pk", filter=Q(light=GREEN)),
                          red=Count("pk", filter=Q(light=RED)),
                          yellow=Count("pk", filter=Q(light=YELLOW)))
                .order_by("task__plan__region__name"))
    for r in rows:
        r["rate"] = round(100 * r["done"] / r["total"], 1) if r["total"] else 0
    return rows


@login_required
def home(request: HttpRequest) -> HttpResponse:
    policy = request.policy
    today = timezone.localdate()
    context: dict = {"today": today}
    if policy.counties:
        assignments = annotate_assignment_lights(
            policy.scope(Assignment.objects.filter(task__plan__year=today.year)), today)
        context["light_counts"] = assignments.aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(light=GREEN)),
            red=Count("pk", filter=Q(light=RED)),
            yellow=Count("pk", filter=Q(light=YELLOW)),
        )
        plans = list(policy.scope(Plan.objects.select_related("region"))[:6])
        context["plans"] = plans
        current = [p for p in plans if p.year == today.year]
        ledger = reverse("plans:assignment_list")
        context["ledger_url"] = (f"{ledger}?plan={current[0].pk}" if len(current) == 1
                                 else f"{ledger}?year={today.year}")
        context["current_plan"] = current[0] if len(current) == 1 else None
        context["urgent"] = _urgent_tasks(assignments)
        context["can_urge"] = policy.can("plan.manage")
        states = _queue_states(policy)
        if states:
            queue = visible_reports(policy).filter(state__in=states)
            context["queue_count"] = queue.count()
            context["queue"] = (queue.select_related("assignment__task", "assignment__unit", "period")
                                .order_by("-updated_at")[:QUEUE_SIZE])
            review = next((s for s in (State.APPROVED, State.SUBMITTED) if s in states), None)
            context["queue_url"] = reverse("plans:report_list") + (f"?state={review}" if review else "")
        elif policy.has_role("upper_viewer"):
            context["counties"] = _county_rows(policy, assignments)
    if policy.can("register.manage"):
        from fazhi.registers.rectification.service import home_overdue

        context["overdue_findings"] = home_overdue(policy, today)  # 逾期未整改的督察问题
    if policy.can("reports.manage"):
        from fazhi.reports.services import home_status

        context["annual_reports"] = home_status(policy.counties, today)
    if policy.units or policy.can("progress.review"):
        from fazhi.core import notifications

        context["notifications"] = list(
            notifications.for_person(policy).filter(read_at__isnull=True)
            .select_related("deadline", "unit").order_by("-created_on", "-pk")[:8])
    return render(request, "core/home.html", context)
