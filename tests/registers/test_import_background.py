"""Large register imports (issue 10, item 8): run by the background worker
with a progress page; the check pass holds no write lock; on SQLite a save
waits for an import's write pass instead of failing with "database is locked"
(the busy timeout)."""

from __future__ import annotations

import sqlite3
import threading
import time
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from fazhi.core.actions import Actor
from fazhi.core.imports import ImportJob
from fazhi.registers import excel
from fazhi.registers.base import get_register
from fazhi.registers.models import Case
from tests.conftest import PASSWORD

ROW = {"承办单位": "县政府办公室", "收到日期": "2025-03-03", "申请人": "王某", "申请方式": "当面提交",
       "申请内容": "申请公开某文件", "答复日期": "2025-03-10", "答复类型": "予以公开"}


def _file(rows: list[dict]) -> bytes:
    headers = [c.header for c in get_register("disclosure").excel_columns()]
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, county, data: bytes):  # noqa: ANN001, ANN202
    return client.post(reverse("registers:excel_import", args=["disclosure"]), {
        "region": county.county.pk,
        "file": SimpleUploadedFile("申请.xlsx", data, content_type="application/vnd.ms-excel")})


@pytest.mark.django_db
def test_a_large_file_is_imported_in_the_background_with_progress(
        client, county, settings, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    settings.FAZHI_IMPORT_BACKGROUND_ROWS = 5
    client.login(username="office", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs at commit
        response = _upload(client, county, _file([ROW] * 12))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("registers:import_job", args=["disclosure", job.pk])
    assert job.status == ImportJob.Status.DONE and job.created == 12 and job.rows_done == 12
    assert not job.file  # the upload is not kept once imported
    assert Case.objects.filter(register="disclosure").count() == 12
    page = client.get(response.url).content.decode()
    assert "已导入 12 条记录" in page and "100%" in page
    assert "hx-get" not in page  # finished: the page stops polling
    # another county's office cannot read the job
    client.login(username="other_office", password=PASSWORD)
    assert client.get(response.url).status_code == 404


@pytest.mark.django_db
def test_a_pending_job_polls_and_a_refused_one_lists_the_errors(
        client, county, settings, django_capture_on_commit_callbacks) -> None:  # noqa: ANN001
    settings.FAZHI_IMPORT_BACKGROUND_ROWS = 5
    client.login(username="office", password=PASSWORD)
    response = _upload(client, county, _file([ROW] * 6))  # not yet run (no commit)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PENDING
    progress = client.get(reverse("registers:import_job_progress", args=["disclosure", job.pk]))
    assert "hx-get" in progress.content.decode() and "等待导入" in progress.content.decode()
    job.delete()

    bad = [dict(ROW, 收到日期="某日") for _ in range(250)]
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, county, _file(bad))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.REFUSED
    assert job.error_count == 250 and len(job.errors) == excel.MAX_ERRORS
    page = client.get(response.url).content.decode()
    assert "未导入任何记录" in page and "共发现 <b id=\"error-count\">250</b> 处问题" in page
    assert page.count("<li>第 ") == excel.MAX_ERRORS
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_small_file_is_imported_in_the_request_and_errors_are_capped(
        client, county) -> None:  # noqa: ANN001
    client.login(username="office", password=PASSWORD)
    bad = [dict(ROW, 收到日期="某日") for _ in range(300)]
    page = _upload(client, county, _file(bad)).content.decode()  # 300 ≤ 500: in the request
    assert not ImportJob.objects.exists()
    assert "共发现 <b id=\"error-count\">300</b> 处问题" in page
    assert "其余 100 处" in page and page.count("<li>第 ") == excel.MAX_ERRORS
    response = _upload(client, county, _file([ROW] * 3))
    assert response.status_code == 302 and Case.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_check_pass_holds_no_transaction(county, monkeypatch) -> None:  # noqa: ANN001
    """Every row is checked outside any transaction (on SQLite: without the
    write lock); only the write pass is one transaction."""
    reg = get_register("disclosure")
    seen: list[bool] = []
    original = type(reg).import_row

    def spy(self, values, region, actor):  # noqa: ANN001, ANN202
        seen.append(connection.in_atomic_block)
        return original(self, values, region, actor)

    monkeypatch.setattr(type(reg), "import_row", spy)
    result = excel.import_workbook(reg, _file([ROW] * 4), county.county,
                                   Actor.for_user(county.users["office"]))
    assert result.ok and result.created == 4
    assert seen == [False] * 4


def _writer(path: str, timeout: float, hold: float, started: threading.Event) -> None:
    """The import's write pass: the write lock held for ``hold`` seconds."""
    db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t VALUES ('import')")
    started.set()
    time.sleep(hold)
    db.execute("COMMIT")
    db.close()


def _save_during_import(path: str, timeout: float) -> str:
    started = threading.Event()
    thread = threading.Thread(target=_writer, args=(path, 30, 1.0, started))
    thread.start()
    started.wait()
    db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")  # as Django's SQLite backend does (transaction_mode)
        db.execute("INSERT INTO t VALUES ('save')")
        db.execute("COMMIT")
        return "saved"
    except sqlite3.OperationalError as exc:
        return str(exc)
    finally:
        db.close()
        thread.join()


def test_sqlite_saves_wait_for_an_import_instead_of_failing(tmp_path) -> None:  # noqa: ANN001
    from fazhi.settings import base

    options = base.DATABASES["default"]["OPTIONS"] if base.DATABASES["default"]["ENGINE"].endswith(
        "sqlite3") else {"timeout": base.env_int("FAZHI_SQLITE_BUSY_TIMEOUT", 30)}
    assert options["timeout"] >= 30
    if "transaction_mode" in options:
        assert options["transaction_mode"] == "IMMEDIATE"
    path = str(tmp_path / "busy.sqlite3")
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (who TEXT)")
    setup.commit()
    setup.close()
    # With the configured busy timeout the save waits for the lock and succeeds …
    assert _save_during_import(path, options["timeout"]) == "saved"
    # … without one it fails, which is what users saw.
    assert _save_during_import(path, 0) == "database is locked"
    rows = sqlite3.connect(path).execute("SELECT who FROM t").fetchall()
    assert rows.count(("save",)) == 1 and rows.count(("import",)) == 2


def test_settings_name_the_background_threshold() -> None:
    assert settings.FAZHI_IMPORT_BACKGROUND_ROWS == 500
