"""Background tasks (django-tasks): production runs them in ``fazhi db_worker``;
tests run them at once (ImmediateBackend)."""

from __future__ import annotations

from django_tasks import task


@task()
def process_report_task(report_id: int) -> str:
    """Read one uploaded report; see fazhi.analysis.services.process_report."""
    from .services import process_report

    return str(process_report(report_id))
