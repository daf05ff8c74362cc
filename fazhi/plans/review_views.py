"""Bulk review of progress reports and the office's 催办 (urging units on
overdue assignments). Each report or task still goes through its own Action
on the write path, so every one is checked, audited and notified."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fazhi.core.actions import Action, Actor

from . import services
from .models import Assignment, Task
from .status import RED, annotate_assignment_lights
from .visibility import visible_reports

BULK = {"approve": (services.ApproveReport, "审核通过"),
        "accept": (services.AcceptReport, "采纳"),
        "return": (services.ReturnReport, "退回")}


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def _ids(request: HttpRequest, name: str) -> list[int]:
    return [int(v) for v in request.POST.getlist(name) if v.isdigit()][:500]


@login_required
@require_POST
def report_bulk(request: HttpRequest) -> HttpResponse:
    """Approve, accept or return (with one reason) the selected reports."""
    verb = request.POST.get("verb", "")
    if verb not in BULK:
        messages.error(request, "请选择要执行的操作。")
        return _back(request, "plans:report_list")
    action_class, label = BULK[verb]
    reason = request.POST.get("reason", "").strip()
    if verb == "return" and not reason:
        messages.error(request, "批量退回时必须填写退回理由。")
        return _back(request, "plans:report_list")
    reports = list(visible_reports(request.policy).filter(pk__in=_ids(request, "report"))
                   .select_related("assignment__task", "assignment__unit", "period"))
    if not reports:
        messages.error(request, "请先勾选进展报告。")
        return _back(request, "plans:report_list")
    actor, done, refused = Actor.from_request(request), 0, []
    for report in reports:
        try:
            action_class(actor, report, reason=reason).execute()
        except (ValidationError, PermissionDenied) as exc:
            why = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            refused.append(f"{report.assignment.task.number}号任务 {report.assignment.unit}：{why}")
        else:
            done += 1
    if done:
        messages.success(request, f"已{label}{done}份进展报告。")
    for line in refused:
        messages.error(request, line)
    return _back(request, "plans:report_list")


class UrgeTask(Action):
    """催办: the county office reminds the units of one task's overdue
    assignments; audited on the task, the units told by notification."""

    verb = "task.urge"
    permission = "plan.manage"
    denied_message = "只有本县依法治县办可以催办。"

    def apply(self) -> Task:
        return self.obj  # type: ignore[return-value]

    def audit_note(self) -> str:
        return "催办：" + "、".join(str(a.unit) for a in self.params["assignments"])

    def notify(self, result: Task) -> None:  # type: ignore[override]
        from .notify import urge

        urge(self.params["assignments"], self.params.get("note", ""))


@login_required
@require_POST
def urge(request: HttpRequest) -> HttpResponse:
    """Urge the units behind the selected overdue assignments (or every
    overdue assignment of the selected tasks)."""
    policy = request.policy
    if not policy.can("plan.manage"):
        raise PermissionDenied("只有本县依法治县办可以催办。")
    today = timezone.localdate()
    overdue = annotate_assignment_lights(policy.scope(Assignment.objects.all()), today) \
        .filter(light=RED).select_related("task__plan", "unit")
    chosen = list(overdue.filter(pk__in=_ids(request, "assignment"))) + \
        list(overdue.filter(task_id__in=_ids(request, "task")))
    by_task: dict[int, list[Assignment]] = {}
    for a in {a.pk: a for a in chosen}.values():
        by_task.setdefault(a.task_id, []).append(a)
    if not by_task:
        messages.error(request, "请先勾选已逾期的任务分工。")
        return _back(request, "plans:assignment_list")
    actor, units = Actor.from_request(request), 0
    for assignments in by_task.values():
        try:
            UrgeTask(actor, assignments[0].task, assignments=assignments,
                     note=request.POST.get("note", "").strip()[:100]).execute()
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            units += len(assignments)
    if units:
        messages.success(request, f"已向{units}个逾期事项的承办单位发出催办提醒。")
    return _back(request, "plans:assignment_list")
