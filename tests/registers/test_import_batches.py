"""A background import writes batch by batch (issue 10, item 8): each batch
is its own transaction, so the write lock is free between batches; an import
that fails part-way, or whose worker dies, has exactly its own cases deleted
(audited), and the audit chain still verifies."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.audit import service as audit
from fazhi.audit.models import AuditEntry
from fazhi.core.actions import Actor
from fazhi.core.imports import ImportJob, recover_stale
from fazhi.registers import bulk, excel, import_batches, tasks
from fazhi.registers.base import get_register
from fazhi.registers.models import Case, CaseEvent, Deadline, ImportedCase

from .test_import_background import ROW, _file


def _job(county, rows: int = 5) -> ImportJob:  # noqa: ANN001
    job = ImportJob(register="disclosure", region=county.county, user=county.users["office"],
                    original_name="申请.xlsx", rows_total=rows)
    job.file.save("import.xlsx", ContentFile(_file([ROW] * rows)), save=False)
    job.save()
    return job


def _count_commits(monkeypatch) -> list[int]:  # noqa: ANN001
    """The cases in the database each time a batch's transaction commits."""
    commits: list[int] = []
    original = bulk.write_batch

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        written = original(*args, **kwargs)
        transaction.on_commit(lambda: commits.append(Case.objects.count()))
        return written

    monkeypatch.setattr(import_batches, "write_batch", spy)  # the batched path
    monkeypatch.setattr(bulk, "write_batch", spy)  # the one-transaction path
    monkeypatch.setattr(excel, "BATCH_ROWS", 2)
    return commits


@pytest.mark.django_db(transaction=True)
def test_a_background_import_commits_each_batch(county, monkeypatch) -> None:  # noqa: ANN001
    commits = _count_commits(monkeypatch)
    job = _job(county)
    tasks.run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created == 5 and not job.to_revert
    assert commits == [2, 4, 5]  # three transactions, the lock free between them
    assert set(ImportedCase.objects.values_list("job_id", flat=True)) == {job.pk}
    assert ImportedCase.objects.count() == 5
    assert audit.verify_chain()[1] is None


@pytest.mark.django_db(transaction=True)
def test_an_import_outside_a_job_stays_one_transaction(county, monkeypatch) -> None:  # noqa: ANN001
    """The command line and small web imports: everything commits at once."""
    commits = _count_commits(monkeypatch)
    result = excel.import_workbook(get_register("disclosure"), _file([ROW] * 5), county.county,
                                   Actor.for_user(county.users["office"]))
    assert result.ok and result.created == 5
    assert commits == [5, 5, 5]  # three batches, one commit
    assert not ImportedCase.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_fails_reverts_the_committed_ones(county, monkeypatch) -> None:  # noqa: ANN001
    commits = _count_commits(monkeypatch)
    spy = import_batches.write_batch
    calls = []

    def third_fails(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        if len(calls) == 3:  # someone registered a clashing number meanwhile
            raise IntegrityError("UNIQUE constraint failed")
        return spy(*args, **kwargs)

    monkeypatch.setattr(import_batches, "write_batch", third_fails)
    kept = Case.objects.create(register="disclosure", region=county.county,
                               unit=county.units["县政府办公室"], number="先有的", title="先有的申请",
                               started_on=datetime.date(2025, 3, 1), state="received")
    job = _job(county)
    result = excel.import_workbook(get_register("disclosure"), job.file.read(), county.county,
                                   Actor.for_user(county.users["office"]), job_id=job.pk)
    assert not result.ok and result.created == 0 and "未导入任何记录" in result.errors[0][1]
    assert commits == [3, 5]  # two batches had been committed …
    assert list(Case.objects.values_list("pk", flat=True)) == [kept.pk]  # … and were deleted
    assert not CaseEvent.objects.exclude(case=kept).exists()
    assert not Deadline.objects.exclude(case=kept).exists()
    job.refresh_from_db()
    assert not job.to_revert
    entry = AuditEntry.objects.get(action="register.import.revert")
    assert entry.object_id == str(job.pk) and "删除已写入的 4 件" in entry.note
    assert audit.verify_chain()[1] is None  # the entries of what was undone stay, chained


@pytest.mark.django_db
def test_a_worker_that_died_writing_has_its_cases_deleted(
        county, settings, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    settings.FAZHI_JOB_STALE_MINUTES = 10
    job = _job(county, rows=3)
    assert excel.import_workbook(get_register("disclosure"), job.file.read(), county.county,
                                 Actor.for_user(county.users["office"]), job_id=job.pk).ok
    # as a worker killed after committing its batches leaves it
    beat = timezone.now() - datetime.timedelta(minutes=11)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.WRITING, to_revert=True,
                                               rows_done=3, started_at=beat, heartbeat_at=beat)
    other = _job(county, rows=2)  # another import, finished: untouched
    assert excel.import_workbook(get_register("disclosure"), other.file.read(), county.county,
                                 Actor.for_user(county.users["office"]), job_id=other.pk).ok
    ImportJob.objects.filter(pk=other.pk).update(status=ImportJob.Status.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        assert recover_stale() == 1
        job.refresh_from_db()
        assert job.status == ImportJob.Status.FAILED and job.to_revert and not job.can_restart
    job.refresh_from_db()
    assert not job.to_revert and job.can_restart and "撤销" in job.message
    assert set(ImportedCase.objects.values_list("job_id", flat=True)) == {other.pk}
    assert Case.objects.count() == 2
    assert AuditEntry.objects.filter(action="register.import.revert", object_id=str(job.pk)).count() == 1
    assert import_batches.revert(job.pk) == 0  # idempotent
    assert audit.verify_chain()[1] is None


@pytest.mark.django_db(transaction=True)
def test_the_command_imports_batch_by_batch_too(county, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    from io import StringIO

    from django.core.management import call_command

    commits = _count_commits(monkeypatch)
    path = tmp_path / "申请.xlsx"
    path.write_bytes(_file([ROW] * 5))
    out = StringIO()
    call_command("import_register", "disclosure", str(path), "--region", "莘县", stdout=out)
    assert "已导入 5 条" in out.getvalue() and commits == [2, 4, 5]
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and not job.file and not job.to_revert
    assert ImportedCase.objects.filter(job=job).count() == 5
    assert AuditEntry.objects.filter(action="register.import", object_id=str(job.pk)).exists()


@pytest.mark.django_db
def test_the_worker_takes_up_a_revert_whose_task_was_lost(county) -> None:  # noqa: ANN001
    job = _job(county, rows=2)
    assert excel.import_workbook(get_register("disclosure"), job.file.read(), county.county,
                                 Actor.for_user(county.users["office"]), job_id=job.pk).ok
    # marked failed and to be reverted, but the queued revert never ran
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, to_revert=True)
    pending = _job(county, rows=1)
    tasks.run_import(pending.pk)  # the worker's next job
    job.refresh_from_db()
    assert not job.to_revert and job.can_restart
    assert set(ImportedCase.objects.values_list("job_id", flat=True)) == {pending.pk}
    assert Case.objects.count() == 1
