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


# ------------------------------------------------------------ background imports
def _new_job(reg_key: str, region, user, name: str, data: bytes, estimate: int | None,  # noqa: ANN001, ANN202
             how: str):
    """A job holding the upload, audited as ``register.import``."""
    from django.core.files.base import ContentFile

    from fazhi.audit import service as audit
    from fazhi.core.imports import ImportJob

    job = ImportJob(register=reg_key, region=region, user=user, original_name=name[:255],
                    rows_total=estimate)
    job.file.save("import.xlsx", ContentFile(data), save=False)
    job.save()
    audit.record(actor=user, action="register.import", obj=job, after=audit.snapshot(job),
                 region_id=region.pk, note=f"{name}（{how}）")
    return job


def start_import(reg_key: str, region, user, name: str, data: bytes, estimate: int | None):  # noqa: ANN001, ANN201
    """Keep the upload with a job and queue it for the worker (after commit)."""
    from django.db import transaction

    job = _new_job(reg_key, region, user, name, data, estimate, f"约 {estimate or 0} 行，后台导入")
    transaction.on_commit(lambda: run_import_task.enqueue(job.pk))
    return job


def import_now(reg_key: str, region, user, name: str, data: bytes):  # noqa: ANN001, ANN201
    """Run an import as the worker would, in this process (``fazhi
    import_register``): a job, batches committed one by one, reverted if it
    does not finish. The finished job."""
    job = _new_job(reg_key, region, user, name, data, None, "命令行导入")
    run_import(job.pk)
    job.refresh_from_db()
    return job


def run_import(job_id: int) -> None:
    """Check and write one queued import, saving its progress as it goes."""
    from fazhi.core.actions import Actor
    from fazhi.core.imports import ImportJob, recover_stale

    from . import excel
    from .base import get_register
    from .import_batches import revert_pending

    recover_stale()  # jobs of a worker that died before this one started
    revert_pending()  # and any revert still to do (its queued task lost with a worker)
    job = ImportJob.objects.select_related("region", "user").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.PENDING:
        return
    started = timezone.now()  # identifies this run of the job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, started_at=started,
                                               heartbeat_at=started, message="")
    status = {"check": ImportJob.Status.CHECKING, "write": ImportJob.Status.WRITING}
    running = (ImportJob.Status.CHECKING, ImportJob.Status.WRITING)

    def progress(phase: str, done: int, total: int | None) -> None:
        # The check pass and the start of writing run outside the write
        # transaction: each update is its own short write, seen at once (the
        # heartbeat). Updates inside the write pass are seen at its commit, with
        # the records. A run whose job was meanwhile marked failed (taken for
        # dead) or started again stops here, and its writes are rolled back.
        if not ImportJob.objects.filter(pk=job.pk, started_at=started, status__in=running).update(
                status=status[phase], rows_done=done, heartbeat_at=timezone.now(),
                **({"rows_total": total} if total else {})):
            raise Superseded

    try:
        with job.file.open("rb") as f:
            data = f.read()
        actor = Actor.for_user(job.user) if job.user else Actor.system()
        result = excel.import_workbook(get_register(job.register), data, job.region, actor,
                                       progress=progress, job_id=job.pk)
    except Superseded:
        return  # the job is another run's now (the upload is kept for it)
    except Exception as exc:
        from django.core.exceptions import ValidationError

        message = "；".join(exc.messages) if isinstance(exc, ValidationError) else "导入时出现错误，未导入任何记录。"
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk, started_at=started).update(
            status=ImportJob.Status.FAILED, message=message, file="", finished_at=timezone.now())
        if not isinstance(exc, ValidationError):
            raise
        return
    job.file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk, started_at=started).update(
        status=ImportJob.Status.DONE if result.ok else ImportJob.Status.REFUSED,
        rows_done=result.rows, rows_total=result.rows, created=result.created,
        error_count=result.error_count, errors=[list(e) for e in result.errors],
        file="", finished_at=timezone.now(), heartbeat_at=timezone.now())


class Superseded(Exception):
    """This run's job was marked failed or started again meanwhile."""


def restart_import(job, user) -> bool:  # noqa: ANN001
    """Queue again an import whose worker died (its upload is still kept;
    nothing of it was written). Audited; False if it cannot be restarted."""
    from django.db import transaction

    from fazhi.audit import service as audit
    from fazhi.core.imports import ImportJob

    S = ImportJob.Status
    with transaction.atomic():
        restarted = ImportJob.objects.filter(pk=job.pk, status=S.FAILED, to_revert=False).exclude(
            file="").update(
            status=S.PENDING, rows_done=0, message="", started_at=None, finished_at=None,
            heartbeat_at=None)
        if not restarted:
            return False
        before = audit.snapshot(job)
        job.refresh_from_db()
        audit.record(actor=user, action="register.import.restart", obj=job, before=before,
                     after=audit.snapshot(job), region_id=job.region_id,
                     note=f"{job.original_name}（重新导入）")
        transaction.on_commit(lambda: run_import_task.enqueue(job.pk))
    return True


@task()
def run_import_task(job_id: int) -> int:
    run_import(job_id)
    return job_id


@task()
def revert_import_task(job_id: int) -> int:
    """Delete the cases of an import that did not finish (its worker died)."""
    from fazhi.core.imports import ImportJob

    from .import_batches import revert_pending

    jobs = list(ImportJob.objects.filter(pk=job_id, to_revert=True, status=ImportJob.Status.FAILED))
    return revert_pending(jobs)
