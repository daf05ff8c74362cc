"""The task ledger's figures (catalogue_local.yaml: PLAN_*).

A task falls into a period by its 完成时限; a task without one is due at the
end of its plan's year. An assignment is 已完成 when the office accepted a
report saying so (``Assignment.is_done``, kept by the review action).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse

from fazhi.indicators.engine import Computation, ReportSentence, Source, declare, declare_sentence
from fazhi.indicators.periods import Period

from .models import Assignment


def _assignments():  # noqa: ANN202
    return Assignment.objects.all()


SOURCE = Source(
    key="ledger", label="年度工作计划任务台账", queryset=_assignments,
    region="task__plan__region", unit="unit", changed="updated_at",
    columns=(("计划", "task__plan__title"), ("序号", "task__number"),
             ("任务", lambda a: a.task.summary), ("单位", lambda a: a.unit.short_name or a.unit.name),
             ("角色", lambda a: a.get_role_display()), ("完成时限", "task__due_date"),
             ("是否完成", lambda a: "已完成" if a.is_done else "未完成")),
    link=lambda a: reverse("plans:task_detail", args=[a.task_id]),
    select_related=("task__plan", "unit"),
)


def due_in(period: Period, as_of: datetime.date) -> Q:
    """完成时限 in the period; without one, the end of the plan's year."""
    return (Q(task__due_date__gte=period.start, task__due_date__lte=period.end)
            | Q(task__due_date__isnull=True, task__plan__year__in=period.years()))


def overdue_in(period: Period, as_of: datetime.date) -> Q:
    """Due in the period, the due date already past on ``as_of``, not done."""
    return (Q(task__due_date__gte=period.start, task__due_date__lte=period.end,
              task__due_date__lt=as_of) & Q(is_done=False))


TASKS = Computation(
    "PLAN_TASKS", SOURCE, due_in, placing_label="按完成时限", distinct="task_id",
    additive_over_units=False,  # a task shared by several units is one task of the county
    definition="年度工作计划中完成时限在期间内的任务（未设时限的计入计划年度末）；"
               "按单位统计时为该单位承担的任务。")
ASSIGNMENTS = Computation(
    "PLAN_ASSIGNMENTS", SOURCE, due_in, placing_label="按完成时限",
    definition="任务分解到各牵头单位、责任单位的事项数。")
COMPLETION_RATE = Computation(
    "PLAN_COMPLETION_RATE", SOURCE, due_in, placing_label="按完成时限",
    numerator=Q(is_done=True),
    definition="依法治县办已采纳“已完成”进展的事项 ÷ 完成时限在期间内的分解事项。")
OVERDUE = Computation(
    "PLAN_OVERDUE_ASSIGNMENTS", SOURCE, overdue_in, placing_label="按完成时限（早于统计日）",
    definition="完成时限在期间内且已过、尚未完成的分解事项。")

declare(TASKS, ASSIGNMENTS, COMPLETION_RATE, OVERDUE)
# The ledger's sentence opens part 一 (no （一） heading of its own).
declare_sentence(ReportSentence(
    "ledger", "",
    "年度法治政府建设工作计划确定任务{PLAN_TASKS}，分解到各牵头单位和责任单位{PLAN_ASSIGNMENTS}，"
    "年度计划任务完成率{PLAN_COMPLETION_RATE}。", order=0))
