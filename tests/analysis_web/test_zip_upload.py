"""A city uploads a .zip of its counties' reports: each is read in the
background, a broken one says why and the others go on; duplicates are found."""

from __future__ import annotations

import io
import zipfile

from fazhi.analysis.models import PublishedReport, ReportBatch

from .conftest import upload

Status = PublishedReport.Status


def _report(region: str) -> bytes:
    return (
        f"{region}2023年度法治政府建设情况的报告\n"
        "一、主要举措和成效\n2023年接收行政复议申请91件,受理73件。\n"
        "二、存在的不足\n不足。\n"
        "三、党政主要负责人履行推进法治建设第一责任人职责情况\n认真履行职责。\n"
        "四、2024年工作安排\n继续努力。\n"
        f"{region}人民政府\n2024年3月1日\n"
    ).encode("gb18030")  # a mixed-encoding archive: this one is not UTF-8


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_with_a_broken_file_inside(viewer, county) -> None:  # noqa: ANN001
    data = _zip({
        "聊城/甲县.txt": _report("甲县"),
        "聊城/乙县.txt": _report("乙县").decode("gb18030").encode("utf-8"),
        "聊城/坏的.pdf": b"%PDF-1.4 broken",
        "说明.xlsx": b"not a report type",  # skipped: not a report type
    })
    response = upload(viewer, ("聊城各县.zip", data))
    assert response.status_code == 302
    batch = ReportBatch.objects.get()
    assert batch.file_count == 3
    reports = {r.original_name: r for r in batch.reports.all()}
    assert set(reports) == {"甲县.txt", "乙县.txt", "坏的.pdf"}
    assert reports["甲县.txt"].status == reports["乙县.txt"].status == Status.DONE
    assert reports["甲县.txt"].region_name == "甲县"
    assert reports["甲县.txt"].facts.filter(value=73).exists()
    assert reports["坏的.pdf"].status == Status.ERROR and reports["坏的.pdf"].error


def test_a_broken_archive_is_refused_with_its_name(viewer, county) -> None:  # noqa: ANN001
    response = upload(viewer, ("坏包.zip", b"PK\x03\x04 this is not really a zip"))
    assert response.status_code == 200
    assert "坏包.zip" in response.content.decode()
    assert not ReportBatch.objects.exists()


def test_the_same_report_twice_is_a_duplicate(viewer, county) -> None:  # noqa: ANN001
    upload(viewer, ("甲县.txt", _report("甲县")))
    upload(viewer, ("甲县（重复）.txt", _report("甲县")))
    second = PublishedReport.objects.get(original_name="甲县（重复）.txt")
    dup = second.checks.filter(kind="duplicate")
    assert dup.count() == 1 and "甲县.txt" in dup.get().message
    first = PublishedReport.objects.get(original_name="甲县.txt")
    assert first.checks.filter(kind="duplicate").count() == 1  # refreshed when the copy arrived
