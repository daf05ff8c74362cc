"""Excel exports at any size.

A list page's export is written as a stream (fazhi.core.xlsx). Up to
``FAZHI_EXPORT_BACKGROUND_ROWS`` rows it is sent at once; beyond that a
request would outlast the server's timeout, so the export becomes an
``ExportJob``: the background worker (django-tasks, ``fazhi db_worker``) runs
the same page view again for the same person — the same scoping, filters and
sort, with that person's access at that moment — and writes the file with its
progress. The person is told in their inbox (提醒) when it is ready and is the
only one who can download it; asking and downloading are both audited.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import tempfile
import uuid
from collections.abc import Iterable
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tasks import task

from .export_jobs import ExportJob, recover_stale
from .xlsx import Sheet, write_workbook

log = logging.getLogger(__name__)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JOB_ATTR = "fazhi_export_job"  # set on the request the worker replays


def background_rows() -> int:
    return int(getattr(settings, "FAZHI_EXPORT_BACKGROUND_ROWS", 20000))


def keep_days() -> int:
    return int(getattr(settings, "FAZHI_EXPORT_KEEP_DAYS", 7))


def access_key(policy: Any) -> str:
    """A digest of the person's active roles (no query: the policy holds them)."""
    parts = sorted(f"{m.role}:{m.unit_id or ''}:{m.region_id or ''}" for m in policy.memberships)
    user = policy.user
    parts.append(f"su:{bool(getattr(user, 'is_superuser', False))}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def attachment(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def respond(request: HttpRequest, filename: str, sheets: Iterable[Sheet], total: int) -> HttpResponse:
    """The export of a page: at once, in the background, or (in the worker)
    into the job's file. ``sheets`` read their rows lazily, so nothing is
    fetched when the export is deferred."""
    job = getattr(request, JOB_ATTR, None)
    if job is not None:
        write_job(job, sheets)
        return HttpResponse(status=204)
    if total > background_rows():
        job = request_export(request, filename, total)
        return redirect("export_job", pk=job.pk)
    buffer = BytesIO()
    write_workbook(buffer, sheets)
    return attachment(buffer.getvalue(), filename)


def request_export(request: HttpRequest, filename: str, total: int) -> ExportJob:
    """Record the job, audit the request, queue it."""
    from fazhi.audit import service
    from fazhi.org.auth import client_ip

    purge_expired()
    policy = request.policy
    job = ExportJob.objects.create(
        requested_by=request.user, access_key=access_key(policy), path=request.get_full_path()[:2000],
        filename=filename[:200], total=total)
    region = policy.home_region
    service.record(
        actor=request.user, action="file.export", obj=None,
        target=("file", "文件", request.path[:64], filename),
        note=f"后台导出 {total} 行：{request.get_full_path()}"[:500], ip=client_ip(request),
        role=policy.role_label, unit=policy.unit_label,
        region_id=region.pk if region is not None else None)
    # Enqueued directly, not on commit: the database queue stores the task in
    # the caller's transaction, so a worker sees it only with the job row.
    export_task.enqueue(job.pk)
    return job


def write_job(job: ExportJob, sheets: Iterable[Sheet]) -> int:
    """Write the workbook into a temporary file, then into storage."""

    def progress(rows: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=rows, heartbeat_at=timezone.now())

    with tempfile.TemporaryFile() as tmp:
        rows = write_workbook(tmp, sheets, progress=progress)
        size = tmp.tell()
        tmp.seek(0)
        # A random name: nothing about the file can be guessed from its path.
        job.file.save(f"{uuid.uuid4().hex}.xlsx", File(tmp), save=False)
    ExportJob.objects.filter(pk=job.pk).update(
        file=job.file.name, size=size, done=rows, status=ExportJob.Status.DONE,
        finished_at=timezone.now())
    return rows


def run_job(job: ExportJob) -> ExportJob:
    """Replay the page's export for its requester, recording the outcome."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.base import SessionBase
    from django.test import RequestFactory
    from django.urls import resolve
    from django_htmx.middleware import HtmxDetails

    from fazhi.org.policy import Policy

    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, started_at=now,
                                               heartbeat_at=now, error="")
    try:
        user = job.requested_by
        policy = Policy.for_user(user)
        if not user.is_active or access_key(policy) != job.access_key:
            raise PermissionError("申请人的账号或角色在申请后已变更，未生成导出文件，请重新导出。")
        request = RequestFactory().get(job.path)
        request.user, request.policy = user, policy
        request.session = SessionBase()
        request._messages = FallbackStorage(request)
        request.htmx = HtmxDetails(request)
        setattr(request, JOB_ATTR, job)
        match = resolve(request.path_info)
        response = match.func(request, *match.args, **match.kwargs)
        if response.status_code != 204:
            raise RuntimeError("该页面未生成导出文件，请在页面上重新导出。")
    except Exception as exc:  # recorded on the job and shown to the requester
        message = str(exc) if isinstance(exc, PermissionError | RuntimeError) or getattr(
            exc, "messages", None) else "生成导出文件时出错，请稍后重试或缩小筛选范围。"
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED,
                                                   finished_at=timezone.now(), error=message[:2000])
        log.exception("export %s failed", job.pk)
    job.refresh_from_db()
    return job


@task()
def export_task(job_id: int) -> str:
    recover_stale()  # jobs of a worker that died before this one started
    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.status != ExportJob.Status.PENDING:
        return ""
    return run_job(job).status


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Delete jobs (and their files) past the keeping period."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=keep_days())
    old = list(ExportJob.objects.filter(created_at__lt=cutoff)[:500])
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)


def ready_for(user: Any) -> QuerySet:
    """The person's finished exports not yet downloaded (unread in the inbox)."""
    cutoff = timezone.now() - datetime.timedelta(days=keep_days())
    return ExportJob.objects.filter(requested_by_id=user.pk, status=ExportJob.Status.DONE,
                                    downloaded_at__isnull=True, created_at__gte=cutoff)


def recent_for(user: Any) -> QuerySet:
    cutoff = timezone.now() - datetime.timedelta(days=keep_days())
    return ExportJob.objects.filter(requested_by_id=user.pk, created_at__gte=cutoff)


# ------------------------------------------------------------------ pages
def _own_job(request: HttpRequest, pk: int) -> ExportJob:
    # Only the requester: anyone else gets the same 404 as for a missing job.
    recover_stale(recent_for(request.user).filter(pk=pk))  # a dead worker's job says so
    return get_object_or_404(recent_for(request.user), pk=pk)


@login_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    template = "core/_export_status.html" if request.htmx else "core/export_job.html"
    return render(request, template, {"job": job, "keep_days": keep_days()})


@login_required
@require_POST
def export_restart(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed export again for its requester (audited); the access
    check runs again in the worker."""
    from django.db import transaction

    from fazhi.audit import service

    job = _own_job(request, pk)
    with transaction.atomic():
        before = service.snapshot(job)
        restarted = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.FAILED).update(
            status=ExportJob.Status.PENDING, done=0, error="", started_at=None, finished_at=None,
            heartbeat_at=None)
        if restarted:
            job.refresh_from_db()
            service.record(actor=request.user, action="file.export.restart", obj=job, before=before,
                           after=service.snapshot(job), note=f"重新生成：{job.filename}"[:500])
            export_task.enqueue(job.pk)  # stored with the job row, as in request_export
    return redirect("export_job", pk=job.pk)


@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    from django.http import FileResponse

    from fazhi.org.policy import AccessDenied

    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404("导出文件尚未生成。")
    if access_key(request.policy) != job.access_key:
        raise AccessDenied("您的角色在申请导出后已变更，该文件不再提供下载，请重新导出。")
    ExportJob.objects.filter(pk=job.pk, downloaded_at__isnull=True).update(downloaded_at=timezone.now())
    # An attachment: fazhi.audit.middleware records the download.
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename,
                        content_type=XLSX_TYPE)
