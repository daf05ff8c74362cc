"""Who is told what when a progress report moves (and when the office urges
units on): rows of the one notification model, through fazhi.core.notifications.

- submitted → the unit leader: a report awaits approval;
- approved → the clerk (approved), the county office (awaits review);
- returned → the clerk, with the reason;
- accepted → the clerk.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from fazhi.core import notifications
from fazhi.core.templatetags.fazhi_tags import cn_date

from .models import Assignment, ProgressReport


def _kinds():  # noqa: ANN202
    from fazhi.registers.models import Notification

    return Notification.Kind, Notification.Audience


def _what(report: ProgressReport) -> str:
    task = report.assignment.task
    return f"{task.number}号任务“{task.summary}”{report.period.name}进展"


def report_moved(report: ProgressReport) -> None:
    """Called after a transition has committed: notify by the new state."""
    Kind, Audience = _kinds()
    State = ProgressReport.State
    report = ProgressReport.objects.select_related("assignment__task", "assignment__unit",
                                                   "period").get(pk=report.pk)
    unit, link, what = report.assignment.unit, reverse("plans:report_detail", args=[report.pk]), _what(report)
    rows: list[tuple] = []
    if report.state == State.SUBMITTED:
        rows.append((unit, Kind.AWAITS_APPROVAL, Audience.LEADER, f"{what}已提交，待您审核。", link))
    elif report.state == State.APPROVED:
        rows.append((unit, Kind.APPROVED, Audience.CLERK, f"{what}已经单位负责人审核通过，已报依法治县办。", link))
        rows.append((unit, Kind.AWAITS_REVIEW, Audience.OFFICE, f"{unit}报送的{what}待依法治县办审核。", link))
    elif report.state == State.RETURNED:
        rows.append((unit, Kind.RETURNED, Audience.CLERK, f"{what}被退回，理由：{report.return_reason}", link))
    elif report.state == State.ACCEPTED:
        rows.append((unit, Kind.ACCEPTED, Audience.CLERK, f"{what}已被依法治县办采纳。", link))
    notifications.send(rows)


def urge(assignments: Iterable[Assignment], note: str = "") -> int:
    """催办: one notification per assignment for its unit's clerks and leader."""
    Kind, Audience = _kinds()
    rows = []
    for a in assignments:
        message = f"依法治县办催办：{a.task.number}号任务“{a.task.summary}”"
        message += f"（完成时限{cn_date(a.task.due_date)}）" if a.task.due_date else ""
        message += f"请抓紧落实并报送进展。{note}".rstrip()
        rows.append((a.unit, Kind.URGED, Audience.ALL, message,
                     reverse("plans:task_detail", args=[a.task_id])))
    return len(notifications.send(rows))
