"""Home page: what needs this person's attention, by role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fazhi.plans.models import Assignment, Plan, ProgressReport
from fazhi.plans.status import RED, YELLOW, annotate_assignment_lights

State = ProgressReport.State


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
            done=Count("pk", filter=Q(light="green")),
            red=Count("pk", filter=Q(light=RED)),
            yellow=Count("pk", filter=Q(light=YELLOW)),
        )
        context["urgent"] = (
            assignments.filter(light__in=[RED, YELLOW])
            .select_related("task__plan", "unit").order_by("task__due_date", "task__number")[:10]
        )
        reports = policy.scope(ProgressReport.objects.all())
        queue = Q(pk__in=[])
        if policy.can("progress.edit"):
            queue |= Q(state=State.RETURNED) | Q(state=State.DRAFT)
        if policy.can("progress.approve"):
            queue |= Q(state=State.SUBMITTED)
        if policy.can("progress.review"):
            queue |= Q(state=State.APPROVED)
        context["queue"] = (reports.filter(queue)
                            .select_related("assignment__task", "assignment__unit", "period")
                            .order_by("-updated_at")[:10])
        context["plans"] = policy.scope(Plan.objects.select_related("region"))[:6]
    if policy.can("reports.manage"):
        from fazhi.reports.services import home_status

        context["annual_reports"] = home_status(policy.counties, today)
    if policy.units or policy.can("register.manage"):
        from fazhi.registers.models import Notification

        context["notifications"] = list(
            policy.scope(Notification.objects.filter(read_at__isnull=True),
                         roles={"clerk", "leader", "office_admin"})
            .select_related("deadline__case").order_by("-created_on", "deadline__due")[:8])
    return render(request, "core/home.html", context)
