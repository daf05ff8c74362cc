"""Daily reminders of statutory deadlines.

``scan(today)`` finds every open deadline that falls due within
``FAZHI_DUE_SOON_WORKING_DAYS`` working days (the registers' yellow window) or is already overdue, and
writes one ``Notification`` per deadline, kind and day for the case's unit;
the unit's home page and the notification list show them. Each configured
channel then delivers the new rows: the web channel needs nothing more; an
SMS or IM channel is a class with ``deliver(notifications)`` named in
settings.FAZHI_REMINDER_CHANNELS.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Deadline, Notification

log = logging.getLogger(__name__)


class Channel(Protocol):
    def deliver(self, notifications: list[Notification]) -> None: ...


class WebChannel:
    """The notification rows are the web channel: nothing else to send."""

    def deliver(self, notifications: list[Notification]) -> None:
        return None


@dataclass
class ScanResult:
    due_soon: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.due_soon + self.overdue


def channels() -> list[Channel]:
    paths = getattr(settings, "FAZHI_REMINDER_CHANNELS", ["fazhi.registers.reminders.WebChannel"])
    return [import_string(path)() for path in paths]


def scan(today: datetime.date | None = None) -> ScanResult:
    from .lights import soon_date

    today = today or timezone.localdate()
    horizon = soon_date(today)
    result = ScanResult()
    created: list[Notification] = []
    deadlines = (Deadline.objects.filter(status=Deadline.Status.OPEN, due__lte=horizon)
                 .select_related("case__unit"))
    with transaction.atomic():
        existing = set(Notification.objects.filter(created_on=today)
                       .values_list("deadline_id", "kind"))
        for deadline in deadlines.iterator(chunk_size=500):
            overdue = deadline.due < today
            kind = Notification.Kind.OVERDUE if overdue else Notification.Kind.DUE_SOON
            if (deadline.pk, kind) in existing:
                continue
            case = deadline.case
            when = "已于" if overdue else "将于"
            message = (f"{case.number}（{case.title[:30]}）的“{deadline.label}”{when}"
                       f"{deadline.due.month}月{deadline.due.day}日届满")
            created.append(Notification(unit=case.unit, region_id=case.unit.region_id,
                                        deadline=deadline, kind=kind, message=message[:300],
                                        created_on=today))
            if overdue:
                result.overdue += 1
            else:
                result.due_soon += 1
        Notification.objects.bulk_create(created, ignore_conflicts=True)
    for channel in channels():
        try:
            channel.deliver(created)
        except Exception:  # one channel failing must not stop the others
            log.exception("reminder channel %s failed", type(channel).__name__)
    return result
