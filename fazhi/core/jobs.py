"""Background jobs whose worker died (issue 10, item 8).

A worker killed while it runs an import or an export (a restart, the OOM
killer, a power cut) never writes the job's outcome, so the job would show
"running" forever. Each job records a heartbeat while it runs; a running job
whose heartbeat is older than ``FAZHI_JOB_STALE_MINUTES`` is marked failed
when its page is viewed or when the worker starts its next job. An import
that died while writing has what it committed deleted first
(fazhi.registers.import_batches), so it can simply be started again.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, models, transaction
from django.db.models import Q
from django.utils import timezone


def stale_minutes() -> int:
    return int(getattr(settings, "FAZHI_JOB_STALE_MINUTES", 10))


def stale_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(minutes=stale_minutes())


def mark_stale(queryset: models.QuerySet, running: tuple[str, ...], failed: str,
               message_field: str, message: str, now: datetime.datetime | None = None,
               **also: Any) -> int:
    """Mark failed the jobs of ``queryset`` still in a ``running`` status
    whose heartbeat (or, before the first one, start) is older than the
    threshold. One UPDATE with the condition in its WHERE clause: a job whose
    worker beats at that moment is left alone. A database busy with an
    import's write pass (SQLite's lock) skips the check this time."""
    now = now or timezone.now()
    cutoff = stale_cutoff(now)
    old = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    try:
        with transaction.atomic():  # a savepoint: a refused UPDATE leaves the caller's transaction usable
            return queryset.filter(old, status__in=running).update(
                status=failed, finished_at=now, **{message_field: message}, **also)
    except DatabaseError:
        return 0
