"""The registers' traffic lights: 已办结 (green), 已逾期N天 (red), 即将到期
(yellow: the nearest open deadline falls within ``FAZHI_DUE_SOON_WORKING_DAYS``
working days, default 5; docs/configuration.md), 办理中 (grey). The list, its
export, the case page and the daily reminders read the same window."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case as When_
from django.db.models import Value, When

LIGHT_LABELS = {"green": "已办结", "red": "已逾期", "yellow": "即将到期", "grey": "办理中"}


def due_soon_days() -> int:
    return int(getattr(settings, "FAZHI_DUE_SOON_WORKING_DAYS", 5))


def soon_date(today: datetime.date) -> datetime.date:
    """The last day that counts as "due soon": N working days ahead
    (Chinese working days: holidays skipped, 调休 weekends counted)."""
    from fazhi.workdays.services import current_calendar

    return current_calendar().add_working_days(today, due_soon_days()).date


def annotate_light(qs: models.QuerySet, today: datetime.date, soon: datetime.date) -> models.QuerySet:
    return qs.annotate(light=When_(
        When(closed_on__isnull=False, then=Value("green")),
        When(next_due__lt=today, then=Value("red")),
        When(next_due__lte=soon, then=Value("yellow")),
        default=Value("grey"), output_field=models.CharField()))


def overdue_text(due: datetime.date, today: datetime.date) -> str:
    """已逾期N天: calendar days since the due date (the day after it is the first)."""
    return f"已逾期{(today - due).days}天"


def case_light_text(light: str, next_due: datetime.date | None, today: datetime.date) -> str:
    """The list's 提示 for a case annotated by ``annotate_light``."""
    if light == "red" and next_due is not None:
        return overdue_text(next_due, today)
    return LIGHT_LABELS[light]


def deadline_light(status: str, due: datetime.date, today: datetime.date,
                   soon: datetime.date) -> tuple[str, str]:
    """(light, text) of one deadline on the case page: an open one overdue reads
    已逾期N天 in red, not 进行中; a closed one its stored status."""
    from .models import Deadline

    if status != Deadline.Status.OPEN:
        return "", Deadline.Status(status).label
    if due < today:
        return "red", overdue_text(due, today)
    if due <= soon:
        return "yellow", "即将到期"
    return "grey", Deadline.Status.OPEN.label
