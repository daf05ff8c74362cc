"""Plans can be corrected: the office edits a plan's title, a task's text,
number, units and due date, sets the due dates of many tasks at once, and
withdraws an imported plan that has no accepted report. Each is an Action on
the one write path (checked, locked, audited). Nothing a unit reported is
lost: a unit with reports on a task cannot be taken off it."""

from __future__ import annotations

import datetime
import re

from django.db.models import Q
from django.utils import timezone

from fazhi.core.actions import Action, ActionRefused, Actor, record_related
from fazhi.org.models import Unit

from .models import Assignment, Plan, ProgressReport, Task
from .parser import ParsedPlan
from .services import SetTaskDueDate

MANAGE = "只有本县依法治县办管理员可以修改工作计划。"


def import_warnings(parsed: ParsedPlan, region, year: int) -> list[str]:  # noqa: ANN001
    """What the office should know before confirming an import."""
    warnings = []
    found = parsed.year or _year_in(parsed.title or "")
    if found and found != year:
        warnings.append(f"文件中的年度是{found}年，与选择的{year}年不一致，请核对年度后再导入。")
    existing = Plan.objects.filter(region=region, year=year).first()
    if existing:
        warnings.append(f"{region.name}{year}年度已有工作计划“{existing.title}”，不能重复导入；"
                        "如需替换，请先撤回原计划。")
    return warnings


def _year_in(text: str) -> int | None:
    m = re.search(r"(20\d\d)\s*年", text)
    return int(m.group(1)) if m else None


class UpdatePlan(Action):
    verb = "plan.update"
    permission = "plan.manage"
    denied_message = MANAGE

    def apply(self) -> Plan:
        plan: Plan = self.obj  # type: ignore[assignment]
        title = (self.params.get("title") or "").strip()
        if not title:
            raise ActionRefused("计划标题不能为空。")
        plan.title = title[:200]
        plan.save(update_fields=["title"])
        return plan


class UpdateTask(Action):
    """Text, number, due date and units of one task. Units given as
    ``lead``/``responsible`` lists of Unit; a unit taken off keeps its
    assignment if it has reported on it (refused with the reason)."""

    verb = "task.update"
    permission = "plan.manage"
    denied_message = MANAGE

    def check(self) -> None:
        super().check()
        task: Task = self.obj  # type: ignore[assignment]
        p = self.params
        if not (p.get("text") or "").strip():
            raise ActionRefused("任务内容不能为空。")
        if Task.objects.filter(plan_id=task.plan_id, number=p["number"]).exclude(pk=task.pk).exists():
            raise ActionRefused(f"本计划已有序号为{p['number']}的任务，请换一个序号。")
        lead, responsible = list(p.get("lead", [])), list(p.get("responsible", []))
        if not lead and not responsible:
            raise ActionRefused("任务至少要有一个牵头单位或责任单位。")
        wrong = [u for u in lead + responsible if u.region_id != task.plan.region_id]
        if wrong:
            raise ActionRefused("只能选择本县的单位：" + "、".join(str(u) for u in wrong))
        keep = {u.pk for u in lead + responsible}
        reported = (Assignment.objects.filter(task=task, reports__isnull=False)
                    .exclude(unit_id__in=keep).select_related("unit").distinct())
        if reported:
            raise ActionRefused("以下单位已报送过该任务的进展，不能取消分工：" + "、".join(
                str(a.unit) for a in reported))

    def apply(self) -> Task:
        task: Task = self.obj  # type: ignore[assignment]
        p = self.params
        task.text = p["text"].strip()
        task.number = p["number"]
        task.source_number = (p.get("source_number") or "").strip()[:30]
        task.due_date = p.get("due_date")
        lead, responsible = list(p["lead"]), list(p["responsible"])
        responsible = [u for u in responsible if u.pk not in {x.pk for x in lead}]
        task.lead_units_text = "、".join(u.short_name or u.name for u in lead)[:500]
        task.responsible_units_text = "、".join(u.short_name or u.name for u in responsible)[:500]
        task.save()
        wanted = {u.pk: Assignment.Role.LEAD for u in lead} | {u.pk: Assignment.Role.RESPONSIBLE for u in responsible}
        current = {a.unit_id: a for a in task.assignments.all()}
        for unit_id, a in current.items():
            if unit_id not in wanted:
                record_related(self.actor, "assignment.remove", a, note=f"取消{a.unit}的分工")
                a.delete()
            elif a.role != wanted[unit_id]:
                a.role = wanted[unit_id]
                a.save(update_fields=["role", "updated_at"])
        for unit_id, role in wanted.items():
            if unit_id not in current:
                a = Assignment.objects.create(task=task, unit_id=unit_id, role=role)
                record_related(self.actor, "assignment.add", a)
        task.assignments.update(updated_at=timezone.now())  # ledger figures are now stale
        return task


def set_due_dates(actor: Actor, tasks: list[Task], due_date: datetime.date | None) -> int:
    """Many tasks at once (e.g. a whole section to 12月31日): one audited
    action per task, so each task's history shows its own change."""
    changed = 0
    for task in tasks:
        if task.due_date != due_date:
            SetTaskDueDate(actor, task, due_date=due_date).execute()
            changed += 1
    return changed


class WithdrawPlan(Action):
    """Withdraws an imported plan (its tasks, assignments, periods and the
    reports not yet accepted) — refused once the office accepted any report."""

    verb = "plan.withdraw"
    permission = "plan.manage"
    denied_message = MANAGE
    deletes = True

    def check(self) -> None:
        super().check()
        plan: Plan = self.obj  # type: ignore[assignment]
        accepted = ProgressReport.objects.filter(assignment__task__plan=plan,
                                                 state=ProgressReport.State.ACCEPTED).count()
        if accepted or Assignment.objects.filter(task__plan=plan, is_done=True).exists():
            raise ActionRefused(f"该计划已有{accepted}份进展报告被采纳，不能撤回；请改为逐项修改任务。")

    def audit_note(self) -> str:
        plan: Plan = self.obj  # type: ignore[assignment]
        return (f"撤回{plan.region.name}{plan.year}年工作计划“{plan.title}”"
                f"（{self._tasks}项任务，尚未采纳的进展报告{self._reports}份）")

    def apply(self) -> Plan:
        plan: Plan = self.obj  # type: ignore[assignment]
        self._tasks = plan.tasks.count()
        # reports first: a report's period is protected while the report exists
        reports = ProgressReport.objects.filter(assignment__task__plan=plan)
        self._reports = reports.count()
        reports.delete()
        pk = plan.pk
        plan.delete()
        plan.pk = pk  # the audit entry names the withdrawn plan
        return plan


def units_for(plan: Plan, ids: list[int]) -> list[Unit]:
    return list(Unit.objects.filter(Q(region_id=plan.region_id), pk__in=ids).order_by("sort_order", "name"))
