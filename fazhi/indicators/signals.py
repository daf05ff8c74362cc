"""Records changing ask for their figures to be recomputed (debounced).

A save of a case or of a ledger assignment notes its county and year in the
current transaction; when the transaction commits, one request per (county,
year) is made — so a 30,000-row import makes one request, not 30,000.
Switched off by ``FAZHI_INDICATOR_AUTO_RECOMPUTE = False`` (the test settings
do, and tests that check it switch it on).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from fazhi.plans.models import Assignment
from fazhi.registers.models import Case

WANTED = "_fazhi_recompute_wanted"
PAUSED = "_fazhi_recompute_paused"


@contextmanager
def paused() -> Iterator[None]:
    """No requests while loading many records at once (the demo loader), which
    then recomputes once itself."""
    setattr(connection, PAUSED, True)
    try:
        yield
    finally:
        setattr(connection, PAUSED, False)


def _note(region_id: int | None, year: int | None) -> None:
    if not region_id or not year or not getattr(settings, "FAZHI_INDICATOR_AUTO_RECOMPUTE", True):
        return
    if getattr(connection, PAUSED, False):
        return
    wanted: set[tuple[int, int]] | None = getattr(connection, WANTED, None)
    # The set lives as long as the flush queued for this transaction; after a
    # rollback Django drops the callback, and a new set starts.
    queued = any(entry[1] is _flush for entry in connection.run_on_commit)
    if wanted is None or (connection.in_atomic_block and not queued):
        wanted = set()
        setattr(connection, WANTED, wanted)
        wanted.add((region_id, year))
        transaction.on_commit(_flush)
        return
    wanted.add((region_id, year))


def _flush() -> None:
    from .tasks import request_recompute

    wanted = getattr(connection, WANTED, None) or set()
    setattr(connection, WANTED, None)
    for region_id, year in sorted(wanted):
        request_recompute(region_id, year, "记录变更")


@receiver(post_save, sender=Case, dispatch_uid="indicators.case_saved")
def case_saved(sender, instance: Case, **kwargs) -> None:  # noqa: ANN001, ANN003
    # The years the case's figures can fall in: received, closed, and now
    # (an event today — an acceptance, a hearing — counts in this year).
    years = {instance.started_on.year if instance.started_on else None,
             instance.closed_on.year if instance.closed_on else None,
             timezone.localdate().year}
    for year in years - {None}:
        _note(instance.region_id, year)


@receiver(post_save, sender=Assignment, dispatch_uid="indicators.assignment_saved")
def assignment_saved(sender, instance: Assignment, **kwargs) -> None:  # noqa: ANN001, ANN003
    task = instance.task
    _note(task.plan.region_id, task.plan.year)

