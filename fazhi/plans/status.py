"""Red/yellow/green status lights, computed in the database so that lists
can filter and count by them.

绿：已完成（依法治县办采纳的最新进展为“已完成”）；红：超过完成时限未完成；
黄：距完成时限不足 N 天（设置 FAZHI_WARNING_DAYS）；灰：未设时限或时限尚远。
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
LIGHT_LABELS = {GREEN: "已完成", YELLOW: "即将到期", RED: "已逾期", GREY: "进行中"}
LIGHT_CHOICES = list(LIGHT_LABELS.items())


def light_expression(done: str, due: str, today: datetime.date,
                     warning_days: int | None = None) -> Case:
    days = settings.FAZHI_WARNING_DAYS if warning_days is None else warning_days
    soon = today + datetime.timedelta(days=days)
    return Case(
        When(Q(**{done: True}), then=Value(GREEN)),
        When(Q(**{f"{due}__lt": today}), then=Value(RED)),
        When(Q(**{f"{due}__lte": soon}), then=Value(YELLOW)),
        default=Value(GREY),
        output_field=models.CharField(),
    )


def annotate_assignment_lights(qs: models.QuerySet, today: datetime.date) -> models.QuerySet:
    return qs.annotate(light=light_expression("is_done", "task__due_date", today))


def annotate_task_lights(qs: models.QuerySet, today: datetime.date) -> models.QuerySet:
    """A task is done when every assignment is done."""
    qs = qs.annotate(
        assignment_count=models.Count("assignments", distinct=True),
        done_count=models.Count("assignments", filter=Q(assignments__is_done=True), distinct=True),
    )
    qs = qs.annotate(
        all_done=Case(
            When(Q(assignment_count__gt=0) & Q(done_count=models.F("assignment_count")),
                 then=Value(True)),
            default=Value(False), output_field=models.BooleanField(),
        )
    )
    return qs.annotate(light=light_expression("all_done", "due_date", today))
