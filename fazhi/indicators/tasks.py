"""Background recomputation of computed figures (django-tasks; ``fazhi db_worker``).

Requests are debounced: a register event, an import or a review asks for its
county and year; while a run for them is still pending, further requests join
it, and the run starts ``FAZHI_RECOMPUTE_DELAY`` seconds after the first.
The daily job (fazhi.registers.tasks) asks for every county's current year.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from fazhi.org.models import Region

from . import store
from .models import RecomputeRun

log = logging.getLogger(__name__)


def request_recompute(region: Region | int, year: int, reason: str = "") -> RecomputeRun:
    """Ask for the region's figures of ``year`` to be recomputed in the background."""
    region_id = region if isinstance(region, int) else region.pk
    pending = RecomputeRun.objects.filter(region_id=region_id, year=year,
                                          status=RecomputeRun.Status.PENDING).first()
    if pending is not None:
        return pending
    run = RecomputeRun.objects.create(region_id=region_id, year=year, reason=reason[:100])
    delay = int(getattr(settings, "FAZHI_RECOMPUTE_DELAY", 30))
    backend = recompute_task.get_backend()
    job = recompute_task
    if backend.supports_defer and delay > 0:
        job = recompute_task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    transaction.on_commit(lambda: job.enqueue(run.pk))
    return run


def run_recompute(run: RecomputeRun) -> RecomputeRun:
    """Carry out one run, saving its progress as it goes (the page polls it)."""
    RecomputeRun.objects.filter(pk=run.pk).update(status=RecomputeRun.Status.RUNNING,
                                                  started_at=timezone.now())

    def progress(done: int, total: int) -> None:
        RecomputeRun.objects.filter(pk=run.pk).update(done=done, total=total)

    try:
        result = store.recompute(run.year, run.region, progress=progress)
    except Exception as exc:  # recorded on the run, shown on the page, then re-raised
        RecomputeRun.objects.filter(pk=run.pk).update(
            status=RecomputeRun.Status.FAILED, finished_at=timezone.now(), error=str(exc)[:2000])
        log.exception("recompute %s failed", run.pk)
        raise
    RecomputeRun.objects.filter(pk=run.pk).update(
        status=RecomputeRun.Status.DONE, finished_at=timezone.now(),
        values_written=result.written)
    run.refresh_from_db()
    return run


@task()
def recompute_task(run_id: int) -> int:
    run = RecomputeRun.objects.select_related("region").filter(pk=run_id).first()
    if run is None or run.status != RecomputeRun.Status.PENDING:
        return 0
    return run_recompute(run).values_written


def request_all(year: int, reason: str = "每日重算") -> int:
    """Every county's figures of ``year`` (the nightly run)."""
    counties = Region.objects.filter(level=Region.Level.COUNTY).values_list("pk", flat=True)
    for pk in counties:
        request_recompute(pk, year, reason)
    return len(counties)
