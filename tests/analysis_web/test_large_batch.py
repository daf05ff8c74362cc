"""1,000 reports in one batch: accepted in one upload, read in the background
one by one (the queue is kept, not run, here), the batch page shows the
progress counted in the database and lists the files a page at a time."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from fazhi.analysis import services
from fazhi.analysis.models import PublishedReport, ReportBatch

from .conftest import upload

Status = PublishedReport.Status
REGIONS = [a + b + "县" for a in "东西南北中上下左右前" for b in "山河湖林田江海石云松"]


def _report(region: str, year: int) -> bytes:
    return (
        f"{region}{year}年度法治政府建设情况的报告\n"
        f"一、主要举措和成效\n{year}年接收行政复议申请91件,受理73件。\n"
        "二、存在的不足\n不足。\n"
        "三、党政主要负责人履行推进法治建设第一责任人职责情况\n认真履行职责。\n"
        f"四、{year + 1}年工作安排\n继续努力。\n"
        f"{region}人民政府\n{year + 1}年3月1日\n"
    ).encode()


def _zip(count: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(count):
            region, year = REGIONS[n % len(REGIONS)], 2014 + n // len(REGIONS)
            z.writestr(f"各县/{region}{year}.txt", _report(region, year))
    return buf.getvalue()


@pytest.fixture
def queued(settings):  # noqa: ANN001, ANN201
    """Tasks are stored, not run: the reading happens later, as in a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


@pytest.mark.django_db
def test_a_thousand_reports_in_one_batch(viewer, county, queued,  # noqa: ANN001
                                         django_assert_max_num_queries) -> None:  # noqa: ANN001
    response = upload(viewer, ("全省各县.zip", _zip(1000)))
    assert response.status_code == 302
    batch = ReportBatch.objects.get()
    assert batch.file_count == 1000 and batch.reports.filter(status=Status.PENDING).count() == 1000
    assert len(queued.results) == 1000  # one background reading per report
    # Read three of them, as the worker would.
    for pk in batch.reports.order_by("pk").values_list("pk", flat=True)[:3]:
        services.process_report(pk)
    url = reverse("analysis:batch_progress", args=[batch.pk])
    with django_assert_max_num_queries(12):
        page = viewer.get(url).content.decode()
    assert "已处理 <b id=\"finished-count\">3</b> / 1000 个文件" in page
    assert "第 1–100 个，共 1000 个文件" in page and page.count("<tr id=\"report-") == 100
    last = viewer.get(reverse("analysis:batch_detail", args=[batch.pk]) + "?page=10").content.decode()
    assert "第 901–1000 个" in last
    # A batch beyond the limit is refused whole, saying why.
    response = upload(viewer, ("太多.zip", _zip(1001)))
    assert response.status_code == 200 and "1000" in response.content.decode()
    assert ReportBatch.objects.count() == 1
