"""Background jobs whose worker died (issue 10, item 8): an import or export
left "running" without a heartbeat for FAZHI_JOB_STALE_MINUTES is marked
failed with a clear message when viewed or when the worker starts its next
job, and the person can start it again (audited); a job that still beats is
left alone."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from fazhi.audit.models import AuditEntry
from fazhi.core import exports
from fazhi.core.imports import ImportJob, recover_stale
from fazhi.core.models import ExportJob
from fazhi.org.policy import Policy
from fazhi.registers import tasks
from fazhi.registers.base import get_register
from fazhi.registers.models import Case

ROW = {"承办单位": "县政府办公室", "收到日期": "2025-03-03", "申请人": "王某", "申请方式": "当面提交",
       "申请内容": "申请公开某文件", "答复日期": "2025-03-10", "答复类型": "予以公开"}


def _file(rows: int) -> bytes:
    headers = [c.header for c in get_register("disclosure").excel_columns()]
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for _ in range(rows):
        ws.append([ROW.get(h) for h in headers])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _killed_import(county, minutes_ago: int, status: str = ImportJob.Status.CHECKING) -> ImportJob:  # noqa: ANN001
    """A job as a worker killed mid-import leaves it: running, its upload kept."""
    beat = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    job = ImportJob(register="disclosure", region=county.county, user=county.users["office"],
                    original_name="申请.xlsx", status=status, rows_total=3, rows_done=2,
                    started_at=beat, heartbeat_at=beat)
    job.file.save("import.xlsx", ContentFile(_file(3)), save=False)
    job.save()
    return job


def _client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_killed_import_is_marked_failed_when_viewed_and_can_be_restarted(
        county, settings, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    settings.FAZHI_JOB_STALE_MINUTES = 10
    # killed in the write pass: what others see is the update before its transaction
    job = _killed_import(county, minutes_ago=11, status=ImportJob.Status.WRITING)
    ImportJob.objects.filter(pk=job.pk).update(rows_done=0)
    beating = _killed_import(county, minutes_ago=2)
    client = _client(county.users["office"])
    url = reverse("registers:import_job", args=["disclosure", job.pk])
    # killed while writing: what it may have committed is reverted (by the worker) first
    with django_capture_on_commit_callbacks(execute=False) as reverts:
        page = client.get(url).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert "意外中断" in job.message and "未导入任何记录" in job.message and "10 分钟" in job.message
    assert "意外中断" in page and 'id="import-reverting"' in page and 'id="import-restart"' not in page
    assert job.to_revert and not job.can_restart and len(reverts) == 1
    reverts[0]()  # the worker deletes what the job wrote (nothing here)
    page = client.get(url).content.decode()
    assert "hx-get" not in page and 'id="import-restart"' in page
    job.refresh_from_db()
    assert job.can_restart
    # a job whose worker still reports progress keeps running (and polling)
    page = client.get(reverse("registers:import_job", args=["disclosure", beating.pk])).content.decode()
    beating.refresh_from_db()
    assert beating.status == ImportJob.Status.CHECKING and "hx-get" in page

    restart = reverse("registers:import_job_restart", args=["disclosure", job.pk])
    assert client.get(restart).status_code == 405  # POST only
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs at commit
        response = client.post(restart)
    assert response.status_code == 302 and response.url == url
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created == 3 and not job.file
    assert Case.objects.filter(register="disclosure", region=county.county).count() == 3
    entry = AuditEntry.objects.filter(action="register.import.restart").get()
    assert entry.object_id == str(job.pk) and entry.username == "office"
    # a finished job cannot be restarted (no second import of the same file)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(restart)
    assert Case.objects.filter(register="disclosure").count() == 3
    # another county's office can neither see nor restart it
    other = _client(county.users["other_office"])
    assert other.post(reverse("registers:import_job_restart",
                              args=["disclosure", beating.pk])).status_code == 404


@pytest.mark.django_db
def test_the_worker_recovers_dead_jobs_when_it_starts_the_next(
        county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_JOB_STALE_MINUTES = 30
    old = _killed_import(county, minutes_ago=31)
    recent = _killed_import(county, minutes_ago=29)
    pending = ImportJob.objects.create(register="disclosure", region=county.county,
                                       user=county.users["office"], original_name="另一个.xlsx")
    pending.file.save("import.xlsx", ContentFile(_file(2)))
    tasks.run_import(pending.pk)
    statuses = dict(ImportJob.objects.values_list("pk", "status"))
    assert statuses == {old.pk: "failed", recent.pk: "checking", pending.pk: "done"}
    pending.refresh_from_db()
    assert pending.heartbeat_at is not None and pending.heartbeat_at >= pending.started_at
    # the threshold is a setting: lowered, the other job is old too
    settings.FAZHI_JOB_STALE_MINUTES = 5
    assert recover_stale() == 1
    assert ImportJob.objects.get(pk=recent.pk).status == ImportJob.Status.FAILED


@pytest.mark.django_db
def test_a_killed_export_is_marked_failed_and_can_be_generated_again(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_JOB_STALE_MINUTES = 10
    sysadmin = county.users["sysadmin"]
    beat = timezone.now() - datetime.timedelta(minutes=15)
    job = ExportJob.objects.create(requested_by=sysadmin,
                                   access_key=exports.access_key(Policy.for_user(sysadmin)),
                                   path=reverse("org:unit_list") + "?export=xlsx",
                                   filename="单位.xlsx", total=6, done=3,
                                   status=ExportJob.Status.RUNNING, started_at=beat,
                                   heartbeat_at=beat)
    client = _client(sysadmin)
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "意外中断" in job.error
    assert "意外中断" in page and 'id="export-restart"' in page and "hx-get" not in page
    response = client.post(reverse("export_restart", args=[job.pk]))  # immediate backend: runs now
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.done == 6 and job.file
    assert job.heartbeat_at is not None
    assert AuditEntry.objects.filter(action="file.export.restart", object_id=str(job.pk)).exists()
    # someone else's job: 404 as for a missing one
    assert _client(county.users["office"]).post(
        reverse("export_restart", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_run_taken_for_dead_writes_nothing(county, monkeypatch) -> None:  # noqa: ANN001
    """A worker that was only slow — its job marked failed meanwhile — stops
    at its next progress update, and its writes are rolled back: the job is
    the restarted run's, never imported twice."""
    job = _killed_import(county, minutes_ago=0, status=ImportJob.Status.PENDING)
    reg = get_register("disclosure")
    original = type(reg).import_row

    def slow(self, values, region, actor):  # noqa: ANN001, ANN202
        # meanwhile, the job is marked failed (as a viewer's recover_stale does)
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED,
                                                   message="taken for dead")
        return original(self, values, region, actor)

    monkeypatch.setattr(type(reg), "import_row", slow)
    tasks.run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.message == "taken for dead"
    assert job.can_restart  # the upload is kept for the restart
    assert not Case.objects.filter(register="disclosure").exists()
