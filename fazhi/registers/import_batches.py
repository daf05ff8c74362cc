"""A background import written batch by batch (issue 10, item 8).

Written in one transaction, a 100,000-row import held SQLite's write lock
for minutes (and, on PostgreSQL, the row lock of the county's case-number
counter), so other clerks' saves waited past the busy timeout and failed.
Here every row has already been checked (the check pass refused the file
if any row failed), so the import writes ``BATCH_ROWS`` rows per
transaction: between two batches the lock is free and other people's saves
go through.

All or nothing is kept by compensation. Each case written is linked to the
job (``ImportedCase``, in the batch's transaction); the job is marked ``to_revert`` when its first batch
commits. If a later batch fails, the worker is taken for dead, or it is
killed, the job's cases are deleted (with their details, events, deadlines
and reminders) and the deletion is audited: the audit log, append-only,
keeps the entries of what was written and says it was undone. While an
import is being written its cases are visible as they commit, and the job's
page says so. Numbers taken from the counter by reverted cases are not given
back (a number once shown is never reused).
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from django.db import transaction

from .bulk import CaseNumbers, write_batch
from .models import Case, ImportedCase

if TYPE_CHECKING:
    from fazhi.core.imports import ImportJob

REVERT_CHUNK = 500  # cases deleted per transaction (each deletion holds the lock briefly)


def write_committed(spool: IO[bytes], batches: int, numbers: dict[tuple[str, int], CaseNumbers],
                    register: str, job_id: int,
                    progress: Callable[[str, int, int | None], None] | None,
                    rows: int, timings: dict[str, float]) -> int:
    """Write the spooled batches, one transaction each, the job's progress
    committed with each batch; on a failure revert what was committed and
    re-raise. The number of cases of ``register`` written; ``timings["lock"]``
    is the longest a batch held the write lock."""
    from fazhi.core.imports import ImportJob

    from .tasks import Superseded

    written, longest, committed = 0, 0.0, False
    try:
        for index in range(batches):
            objects, entries = pickle.load(spool)  # noqa: S301 - our own spool file
            with transaction.atomic():
                began = time.perf_counter()  # SQLite: BEGIN IMMEDIATE took the write lock
                written += write_batch(objects, entries, numbers, register)
                ImportedCase.objects.bulk_create(
                    ImportedCase(job_id=job_id, case_id=obj.pk) for obj in objects
                    if isinstance(obj, Case))
                if index == 0:
                    ImportJob.objects.filter(pk=job_id).update(to_revert=True)
                if progress is not None:
                    progress("write", written, rows)
            committed = True
            longest = max(longest, time.perf_counter() - began)
    except Superseded:
        # The job was taken for dead (and so marked to be reverted by whoever
        # did it) or started again: its cases are no longer this run's to delete.
        raise
    except BaseException:
        if committed:
            revert(job_id)
        raise
    ImportJob.objects.filter(pk=job_id).update(to_revert=False)
    timings["lock"], timings["batches"] = longest, batches
    return written


def revert(job_id: int) -> int:
    """Delete the cases a job wrote, a chunk per transaction, and audit it;
    the number deleted. Idempotent: a second call finds nothing."""
    from fazhi.audit import service as audit
    from fazhi.core.imports import ImportJob
    from fazhi.indicators.tasks import request_recompute

    job = ImportJob.objects.filter(pk=job_id).first()
    cases = Case.objects.filter(pk__in=ImportedCase.objects.filter(job_id=job_id).values("case_id"))
    ids = list(cases.order_by("pk").values_list("pk", flat=True))
    years = set()
    for region_id, started, closed in (cases
                                       .values_list("region_id", "started_on__year",
                                                    "closed_on__year").distinct()):
        years.update({(region_id, started), (region_id, closed)})
    for start in range(0, len(ids), REVERT_CHUNK):
        with transaction.atomic():
            Case.objects.filter(pk__in=ids[start:start + REVERT_CHUNK]).delete()
    if job is None:
        return len(ids)
    if ids:
        audit.record(actor=None, action="register.import.revert", obj=job,
                     region_id=job.region_id,
                     note=f"{job.original_name}：导入未完成，删除已写入的 {len(ids)} 件，"
                          "未导入任何记录")
        for region_id, year in sorted(y for y in years if y[1] is not None):
            request_recompute(region_id, year, "撤销未完成的导入")
    # (last: a revert that stopped part-way is taken up again, and 重新导入 waits for it)
    ImportJob.objects.filter(pk=job_id).update(to_revert=False)
    return len(ids)


def revert_pending(jobs: list[ImportJob] | None = None) -> int:
    """Revert every job marked ``to_revert`` that no worker is writing
    (failed ones); the number of cases deleted."""
    from fazhi.core.imports import ImportJob

    if jobs is None:
        jobs = list(ImportJob.objects.filter(to_revert=True, status=ImportJob.Status.FAILED))
    return sum(revert(job.pk) for job in jobs)
