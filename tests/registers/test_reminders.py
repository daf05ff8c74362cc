"""Reminders: deadlines due within N working days or overdue become one
notification per deadline, kind and day, for the case's unit."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from fazhi.registers import reminders
from fazhi.registers.models import Case, Deadline, Notification

from ..conftest import PASSWORD


def _case_with_deadline(county, due: datetime.date, number: str) -> Deadline:  # noqa: ANN001
    unit = county.units["县司法局"]
    case = Case.objects.create(register="disclosure", region=county.county, unit=unit,
                               number=number, title="申请公开征收补偿方案",
                               started_on=due - datetime.timedelta(days=30), state="received")
    return Deadline.objects.create(case=case, process="disclosure", step="reply", label="依申请公开答复",
                                   start=case.started_on, due=due, basis="条例第三十三条",
                                   unit="WD", amount=20)


@pytest.mark.django_db
def test_scan_finds_due_soon_and_overdue_once_a_day(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_DUE_SOON_WORKING_DAYS = 3
    today = datetime.date(2025, 9, 26)  # a Friday before National Day
    _case_with_deadline(county, datetime.date(2025, 9, 20), "A")  # overdue
    # 3 working days after 9/26: 9/28 (调休 Sunday), 9/29, 9/30 → due on 9/30 is "soon"
    _case_with_deadline(county, datetime.date(2025, 9, 30), "B")
    _case_with_deadline(county, datetime.date(2025, 10, 9), "C")  # after the holiday: not yet
    result = reminders.scan(today)
    assert (result.due_soon, result.overdue) == (1, 1)
    assert reminders.scan(today).total == 0  # not twice on the same day
    assert Notification.objects.filter(unit=county.units["县司法局"]).count() == 2


@pytest.mark.django_db
def test_every_notification_carries_its_units_county(county) -> None:  # noqa: ANN001
    """The copied county the inbox is scoped and ordered by is set on every path
    that writes notifications: the deadline scan and send() write in bulk,
    without save()."""
    from fazhi.core import notifications

    unit = county.units["县司法局"]
    _case_with_deadline(county, datetime.date(2025, 9, 20), "A")
    reminders.scan(datetime.date(2025, 9, 26))
    notifications.send([(unit, "urged", Notification.Audience.ALL, "催办", "/plans/")])
    Notification.objects.create(unit=unit, kind="urged", message="直接写入",
                                created_on=datetime.date(2025, 9, 26))
    rows = Notification.objects.values_list("region_id", "unit__region_id")
    assert len(rows) == 3 and all(region == county.county.pk for region, _ in rows)
    assert all(region == unit_region for region, unit_region in rows)


@pytest.mark.django_db
def test_closed_deadlines_are_not_reminded(county) -> None:  # noqa: ANN001
    deadline = _case_with_deadline(county, datetime.date(2025, 9, 20), "A")
    deadline.status = Deadline.Status.MET
    deadline.save()
    assert reminders.scan(datetime.date(2025, 9, 26)).total == 0


@pytest.mark.django_db
def test_command_and_unit_pages(county) -> None:  # noqa: ANN001
    _case_with_deadline(county, datetime.date(2025, 9, 20), "A")
    out = StringIO()
    call_command("send_reminders", "--date", "2025-09-26", stdout=out)
    assert "已逾期 1 条" in out.getvalue()
    with pytest.raises(CommandError, match="日期格式"):
        call_command("send_reminders", "--date", "26/09/2025")
    clerk, other = Client(), Client()
    assert clerk.login(username="clerk", password=PASSWORD)
    assert other.login(username="town_clerk", password=PASSWORD)
    assert "依法申请公开答复" not in other.get(reverse("home")).content.decode()
    home = clerk.get(reverse("home")).content.decode()
    assert "未读提醒" in home and "A（申请公开征收补偿方案）" in home
    listing = other.get(reverse("registers:notification_list")).content.decode()
    assert "申请公开征收补偿方案" not in listing  # another unit's reminder is not shown


@pytest.mark.django_db
def test_daily_job_runs_and_reschedules(county, settings) -> None:  # noqa: ANN001
    from fazhi.registers import tasks

    _case_with_deadline(county, datetime.date(2020, 1, 1), "A")
    # The test settings run tasks immediately: the job scans now and queues tomorrow.
    assert tasks.send_reminders_daily.call() == 1
