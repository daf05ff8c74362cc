"""Background jobs of the registers (django-tasks; run by ``fazhi db_worker``)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from . import reminders

DAILY_AT = datetime.time(7, 0)


@task()
def send_reminders_daily() -> int:
    """Scan today's reminders and ask for every county's figures of this year
    to be recomputed (last year's too in the first quarter, while the annual
    report is written), then queue tomorrow's run, so the worker keeps a daily
    schedule without a separate scheduler."""
    from fazhi.indicators.tasks import request_all

    result = reminders.scan()
    today = timezone.localdate()
    request_all(today.year)
    if today.month <= 3:
        request_all(today.year - 1)
    schedule_next()
    return result.total


def schedule_next(now: datetime.datetime | None = None) -> bool:
    """Queue tomorrow's run; False where the backend cannot defer (the
    immediate backend of tests and development, or cron is used instead)."""
    if not send_reminders_daily.get_backend().supports_defer:
        return False
    now = now or timezone.localtime()
    tomorrow = (now + datetime.timedelta(days=1)).date()
    run_at = timezone.make_aware(datetime.datetime.combine(tomorrow, DAILY_AT))
    if not _already_queued(run_at):
        send_reminders_daily.using(run_after=run_at).enqueue()
    return True


def _already_queued(run_at: datetime.datetime) -> bool:
    """With the database backend, avoid a second copy of tomorrow's run."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: it has its own scheduling
        return False
    from django.db.utils import DatabaseError

    try:
        return DBTaskResult.objects.filter(
            task_path=send_reminders_daily.module_path, status="READY",
            run_after__gte=run_at - datetime.timedelta(hours=1)).exists()
    except DatabaseError:
        return False
