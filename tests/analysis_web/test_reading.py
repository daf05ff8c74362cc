"""Upload → background reading → stored figures: the pipeline through the web."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.analysis import services
from fazhi.analysis.models import ExtractedFact, PublishedReport, ReportBatch, ReportCheck
from fazhi.audit.models import AuditEntry
from fazhi.core.actions import Actor
from fazhi.indicators import catalogue
from fazhi.indicators.models import IndicatorValue

from .conftest import DONGE, login, seed_bytes, upload

Status = PublishedReport.Status
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_good_and_bad_files_in_one_upload(office, county) -> None:  # noqa: ANN001
    response = upload(office, (DONGE, seed_bytes(DONGE)), ("坏文件.pdf", b"%PDF-1.4 not really"),
                      ("空白.txt", b"  \n\t\n"))
    assert response.status_code == 302
    batch = ReportBatch.objects.get()
    assert response["Location"] == reverse("analysis:batch_detail", args=[batch.pk])
    assert batch.owner_region == county.county and batch.file_count == 3
    good = PublishedReport.objects.get(original_name=DONGE)
    assert good.status == Status.DONE and good.error == ""
    assert (good.region_name, good.year) == ("东阿县", 2023)
    assert good.region is None  # 东阿县 is not within 莘县, the uploader's county
    assert good.has_measures and good.has_shortcomings and good.has_first_duty \
        and good.has_next_year_plan
    assert good.finished_at is not None and good.text
    assert good.fact_count == ExtractedFact.objects.filter(report=good).count() > 20
    for fact in good.facts.all():
        assert good.text[fact.start:fact.end] == fact.quote
    values = IndicatorValue.objects.filter(origin=good.origin)
    assert values.count() == good.value_count == good.coded_count > 10
    for v in values:
        assert v.source == IndicatorValue.Source.EXTRACTED
        assert catalogue.find(v.code) is not None
        assert (v.region_name, v.year, v.owner_region) == ("东阿县", 2023, county.county)
        p = v.provenance
        assert p["report"] == good.pk
        assert good.text[p["start"]:p["end"]] == p["quote"]
    meetings = values.filter(code="LAW_COMMITTEE_MEETINGS").order_by("pk").first()
    assert meetings.value == 2 and "委员会议2次" in meetings.provenance["quote"]

    for name in ("坏文件.pdf", "空白.txt"):
        bad = PublishedReport.objects.get(original_name=name)
        assert bad.status == Status.ERROR
        assert CJK.search(bad.error), bad.error
        assert not bad.facts.exists() and not bad.checks.exists()
        assert not IndicatorValue.objects.filter(origin=bad.origin).exists()
    # the progress page shows every file with its state and the failure's reason
    page = office.get(response["Location"]).content.decode()
    assert "已处理 <b id=\"finished-count\">3</b> / 3" in page
    assert PublishedReport.objects.get(original_name="坏文件.pdf").error in page
    assert "hx-trigger" not in page  # nothing left to wait for: no polling
    # the upload and each reading are on the audit trail, without the document text
    assert AuditEntry.objects.filter(action="analysis.upload").count() == 1
    read = AuditEntry.objects.filter(action="analysis.report.read", object_id=str(good.pk)).get()
    assert "text" not in read.changes


def test_city_viewer_upload_resolves_its_county(viewer, county) -> None:  # noqa: ANN001
    upload(viewer, (DONGE, seed_bytes(DONGE)))
    report = PublishedReport.objects.get()
    assert report.batch.owner_region == county.city
    assert report.region == county.other_county  # 东阿县 is in 聊城市
    assert IndicatorValue.objects.filter(region=county.other_county).count() == report.value_count


@pytest.mark.parametrize("name,content,message", [
    ("report.exe", b"MZ\x90\x00", "类型不受支持"),
    ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "类型不受支持"),
    ("report.txt", b"", "空文件"),
    ("report.pdf", "二〇二三年度报告".encode(), "不符"),
    ("report.docx", b"not a zip archive", "不符"),
    ("report.txt", b"\x00\x01\x02binary", "不是文本文件"),
])
def test_bad_uploads_are_refused_at_the_form(office, name: str, content: bytes,  # noqa: ANN001
                                             message: str) -> None:
    response = upload(office, ("ok.txt", "莘县2023年度法治政府建设情况的报告".encode()),
                      (name, content))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and name in page
    assert not ReportBatch.objects.exists() and not PublishedReport.objects.exists()


def test_upload_needs_a_file_and_the_right_role(office, county) -> None:  # noqa: ANN001
    page = office.post(reverse("analysis:upload"), {}).content.decode()
    assert "请选择要上传的报告文件" in page
    for role in ("clerk", "leader", "sysadmin", "auditor"):
        response = login(role).post(reverse("analysis:upload"), {
            "files": [SimpleUploadedFile("a.txt", "报告".encode())]})
        assert response.status_code == 403
    assert not ReportBatch.objects.exists()


def test_progress_polls_until_every_file_is_read(office, county) -> None:  # noqa: ANN001
    batch = ReportBatch.objects.create(owner_region=county.county, file_count=2)
    waiting = PublishedReport.objects.create(batch=batch, original_name="a.txt")
    PublishedReport.objects.create(batch=batch, original_name="b.txt", status=Status.DONE)
    url = reverse("analysis:batch_progress", args=[batch.pk])
    partial = office.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert f'hx-get="{url}"' in partial and 'hx-trigger="every 2s"' in partial
    assert '<b id="finished-count">1</b> / 2' in partial and "50%" in partial
    waiting.status = Status.ERROR
    waiting.error = "文件为空。"
    waiting.save()
    partial = office.get(url).content.decode()
    assert "hx-trigger" not in partial and "全部处理完毕" in partial
    assert '<b id="finished-count">2</b> / 2' in partial and "文件为空。" in partial
    # another county's office cannot follow it
    assert login("other_office").get(url).status_code == 404


def test_report_page_shows_text_safely(office, county) -> None:  # noqa: ANN001
    text = ("东阿县2023年度法治政府建设情况的报告\n"
            "一、主要举措和成效\n<script>alert('x')</script>全年共接收行政复议申请91件，"
            "受理73件。<b>加粗</b>行政机关负责人出庭应诉率100%。\n")
    upload(office, ("报告.html.txt", text.encode()))
    report = PublishedReport.objects.get()
    assert report.status == Status.DONE, report.error
    page = office.get(reverse("analysis:report_detail", args=[report.pk])).content.decode()
    assert "<script>alert" not in page and "<b>加粗</b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;加粗&lt;/b&gt;" in page
    body = page[page.index('id="report-text"'):]
    fact = report.facts.get(value=91)
    assert f'id="s{fact.start}-{fact.end}"' in body
    assert "<mark" in body and "<b>91件</b>" in body
    assert "行政复议申请" in page  # the facts table
    # checks carry their sentence and an anchor into the text
    assert report.checks.filter(kind="missing_section").exists()


def test_highlight_merges_overlapping_clauses_and_escapes() -> None:
    text = "甲<乙>281项事项实现100%全覆盖。其余&文字"
    s = text.index("281")
    e = text.index("。")
    facts = [
        ExtractedFact(phrase="事项", value=281, unit="项", approx=False, code="", start=s, end=e,
                      num_start=s, num_end=s + 4, quote=text[s:e]),
        ExtractedFact(phrase="覆盖", value=100, unit="%", approx=False,
                      code="RANDOM_INSPECTION_ITEM_COVERAGE_RATE", start=s, end=e,
                      num_start=text.index("100"), num_end=text.index("100") + 4,
                      quote=text[s:e]),
    ]
    html = str(services.highlight(text, facts, [ReportCheck(pk=7, kind="x", message="m",
                                                            start=0, end=3)]))
    assert html.count("<mark") == 1 and html.count("</mark>") == 1
    assert "<b>281项</b>" in html and "<b>100%</b>" in html
    assert "&lt;乙&gt;" in html and "&amp;文字" in html
    assert f'id="s{s}-{e}"' in html and 'id="check-7"' in html
    assert "双随机" in html or "100%" in html  # the mark's title names the indicator
    # the text survives intact once tags are removed
    plain = re.sub(r"<[^>]+>", "", html)
    assert plain == text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_contradicting_reports_are_flagged_both_ways(viewer, county) -> None:  # noqa: ANN001
    original = seed_bytes(DONGE).decode("utf-8")
    assert "不予处罚案件8215件" in original
    changed = original.replace("不予处罚案件8215件", "不予处罚案件9215件")
    upload(viewer, ("东阿甲.txt", original.encode()))
    upload(viewer, ("东阿乙.txt", changed.encode()))
    first = PublishedReport.objects.get(original_name="东阿甲.txt")
    second = PublishedReport.objects.get(original_name="东阿乙.txt")
    assert second.checks.filter(kind="contradiction", message__contains="东阿甲.txt").exists()
    # the report read first learns about the later one
    assert first.checks.filter(kind="contradiction", message__contains="东阿乙.txt").exists()
    first.refresh_from_db()
    assert first.check_count == first.checks.count()
    # a county office does not see (nor get checks from) the city's reports
    upload(login("office"), ("东阿丙.txt", changed.encode()))
    third = PublishedReport.objects.get(original_name="东阿丙.txt")
    assert not third.checks.filter(kind="contradiction").exists()


def test_reread_replaces_the_earlier_reading(office, county) -> None:  # noqa: ANN001
    upload(office, (DONGE, seed_bytes(DONGE)))
    report = PublishedReport.objects.get()
    before = set(IndicatorValue.objects.filter(origin=report.origin).values_list("pk", flat=True))
    facts = report.fact_count
    response = office.post(reverse("analysis:report_reread", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DONE and report.fact_count == facts
    after = set(IndicatorValue.objects.filter(origin=report.origin).values_list("pk", flat=True))
    assert len(after) == len(before) and not after & before
    assert ExtractedFact.objects.filter(report=report).count() == facts
    # only the uploader's side may do it
    assert login("other_office").post(
        reverse("analysis:report_reread", args=[report.pk])).status_code == 404
    # a report already queued is not queued twice
    PublishedReport.objects.filter(pk=report.pk).update(status=Status.PENDING)
    with pytest.raises(Exception, match="正在排队"):
        services.reread_report(Actor.for_user(county.users["office"]), report)


def test_a_report_without_region_or_year_adds_no_values(office) -> None:  # noqa: ANN001
    upload(office, ("无名.txt", "一、主要举措和成效\n全年接收行政复议申请91件，受理73件。".encode()))
    report = PublishedReport.objects.get()
    assert report.status == Status.DONE and report.fact_count >= 1
    assert report.value_count == 0 and not IndicatorValue.objects.exists()
    page = office.get(reverse("analysis:report_detail", args=[report.pk])).content.decode()
    if report.coded_count:
        assert "没有计入指标库" in page


def test_unreadable_stored_file_fails_cleanly(office, county) -> None:  # noqa: ANN001
    batch = ReportBatch.objects.create(owner_region=county.county, file_count=1)
    report = PublishedReport.objects.create(batch=batch, original_name="gone.txt",
                                            file="analysis/reports/missing.txt")
    assert services.process_report(report.pk) == Status.ERROR
    report.refresh_from_db()
    assert report.status == Status.ERROR and "重新上传" in report.error
    # a claimed report is not processed twice
    assert services.process_report(report.pk) == "skipped"


def test_report_page_follows_the_reading_until_done(office, county) -> None:  # noqa: ANN001
    """The 正在解读 message goes when reading is done (issue 11 item 11): the
    report page and the list poll the status (htmx, no inline script); once
    finished the poll stops and the report page is reloaded (HX-Refresh)."""
    batch = ReportBatch.objects.create(owner_region=county.county, file_count=1)
    report = PublishedReport.objects.create(batch=batch, original_name="a.txt",
                                            status=Status.PROCESSING)
    status_url = reverse("analysis:report_status", args=[report.pk])
    page = office.get(reverse("analysis:report_detail", args=[report.pk])).content.decode()
    assert "正在解读" in page and f'hx-get="{status_url}?page=1"' in page
    assert f'hx-get="{status_url}"' in office.get(reverse("analysis:report_list")).content.decode()
    partial = office.get(status_url, {"page": "1"})
    assert "正在解读" in partial.content.decode() and "HX-Refresh" not in partial
    PublishedReport.objects.filter(pk=report.pk).update(status=Status.DONE)
    partial = office.get(status_url, {"page": "1"})
    assert partial["HX-Refresh"] == "true" and "hx-trigger" not in partial.content.decode()
    assert "已完成" in office.get(status_url).content.decode()
    page = office.get(reverse("analysis:report_detail", args=[report.pk])).content.decode()
    assert "正在解读" not in page and "hx-trigger" not in page.split("<main", 1)[-1]
    assert login("other_office").get(status_url).status_code == 404


def test_upload_message_does_not_say_reading(office, county) -> None:  # noqa: ANN001
    from .conftest import upload

    response = upload(office, ("a.txt", "莘县2022年法治政府建设情况的报告".encode()))
    follow = office.get(response["Location"]).content.decode()
    assert "已上传1个文件。" in follow and "已上传1个文件，正在解读" not in follow
