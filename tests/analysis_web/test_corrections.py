"""People correct the reader's codes on a report's page; the comparison and the
coder use the corrections; reading the report again keeps them."""

from __future__ import annotations

from django.urls import reverse

from fazhi.analysis import corrections, services
from fazhi.analysis.models import ExtractedFact, PublishedReport
from fazhi.audit.models import AuditEntry
from fazhi.core.actions import Actor
from fazhi.indicators.models import IndicatorValue

from .conftest import login, upload

REPORT = (
    "某某县2023年度法治政府建设情况的报告\n"
    "一、主要举措和成效\n2023年接收行政复议申请91件,受理73件。开展庭审观摩32次。"
    "全年在集市发放普法宣传册2600份。\n"
    "二、存在的不足\n不足。\n"
    "三、党政主要负责人履行推进法治建设第一责任人职责情况\n认真履行职责。\n"
    "四、2024年工作安排\n继续努力。\n"
    "某某县人民政府\n2024年3月1日\n"
).encode()


def _read(client) -> PublishedReport:  # noqa: ANN001
    upload(client, ("某某县.txt", REPORT))
    report = PublishedReport.objects.get()
    assert report.status == PublishedReport.Status.DONE
    return report


def _fact(report: PublishedReport, value: int) -> ExtractedFact:
    return report.facts.get(value=value)


def test_office_changes_a_code_and_the_comparison_follows(office, county) -> None:  # noqa: ANN001
    report = _read(office)
    fact = _fact(report, 73)
    assert fact.code == "RECON_ACCEPTED"
    page = office.get(reverse("analysis:report_detail", args=[report.pk])).content.decode()
    assert reverse("analysis:fact_correct", args=[fact.pk]) in page
    form = office.get(reverse("analysis:fact_correct", args=[fact.pk])).content.decode()
    assert "行政复议受理件数" in form and "<option" in form
    response = office.post(reverse("analysis:fact_correct", args=[fact.pk]),
                           {"code": "RECON_RECEIVED"})
    assert response.status_code == 302
    fact.refresh_from_db()
    assert (fact.code, fact.original_code) == ("RECON_RECEIVED", "RECON_ACCEPTED")
    assert fact.corrected_by == county.users["office"] and fact.corrected_at is not None
    # the indicator store (what the comparison reads) carries the corrected code
    values = IndicatorValue.objects.filter(origin=report.origin)
    assert not values.filter(code="RECON_ACCEPTED").exists()
    assert sorted(values.filter(code="RECON_RECEIVED").values_list("value", flat=True)) == [73, 91]
    entry = AuditEntry.objects.get(action="analysis.fact.correct")
    assert "行政复议" in entry.note
    page = office.get(reverse("analysis:report_detail", args=[report.pk])).content.decode()
    assert "已更正" in page and "解读器原归类：行政复议受理件数" in page


def test_removing_a_code_drops_the_value(office, county) -> None:  # noqa: ANN001
    report = _read(office)
    fact = _fact(report, 32)
    office.post(reverse("analysis:fact_correct", args=[fact.pk]), {"code": ""})
    fact.refresh_from_db()
    assert fact.code == "" and fact.original_code == "COURT_OBSERVATION_SESSIONS"
    assert not IndicatorValue.objects.filter(origin=report.origin,
                                             code="COURT_OBSERVATION_SESSIONS").exists()
    report.refresh_from_db()
    assert report.value_count == IndicatorValue.objects.filter(origin=report.origin).count()


def test_unit_mismatch_is_refused(office, county) -> None:  # noqa: ANN001
    report = _read(office)
    fact = _fact(report, 32)  # 32次: not a percentage, not an amount
    response = office.post(reverse("analysis:fact_correct", args=[fact.pk]),
                           {"code": "HEAD_APPEARANCE_RATE"}, follow=True)
    assert "不符" in response.content.decode()
    fact.refresh_from_db()
    assert fact.code == "COURT_OBSERVATION_SESSIONS" and fact.corrected_by is None
    assert ("HEAD_APPEARANCE_RATE", "行政机关负责人出庭应诉率") not in \
        corrections.code_choices("次")


def test_adding_a_missed_figure_by_its_sentence(office, county) -> None:  # noqa: ANN001
    report = _read(office)
    before = report.facts.count()
    response = office.post(reverse("analysis:fact_add", args=[report.pk]),
                           {"selected": "开展庭审观摩32次", "code": "COURT_OBSERVATION_SESSIONS"},
                           follow=True)
    assert "已经在提取的数据中" in response.content.decode()  # found already: correct it instead
    extra = ExtractedFact.objects.filter(report=report, value=2600).first()
    if extra is not None:  # the reader found it: remove it to play the missed figure
        extra.delete()
    response = office.post(reverse("analysis:fact_add", args=[report.pk]),
                           {"selected": "全年在集市发放普法宣传册2600份", "code": "PUBLICITY_MATERIALS"})
    assert response.status_code == 302
    added = report.facts.get(value=2600)
    assert added.manual and added.unit == "份" and added.code == "PUBLICITY_MATERIALS"
    assert report.text[added.num_start:added.num_end] == "2600份"
    assert report.facts.count() == before + (0 if extra is not None else 1)
    assert IndicatorValue.objects.filter(origin=report.origin, code="PUBLICITY_MATERIALS",
                                         value=2600).exists()
    missing = office.post(reverse("analysis:fact_add", args=[report.pk]),
                          {"selected": "报告里没有的话3件", "code": ""}, follow=True)
    assert "不在报告原文中" in missing.content.decode()


def test_corrections_survive_reading_again(office, county) -> None:  # noqa: ANN001
    report = _read(office)
    fact = _fact(report, 73)
    corrections.CorrectFact(Actor.for_user(county.users["office"]), fact, "RECON_RECEIVED").execute()
    services.reread_report(Actor.for_user(county.users["office"]), report)  # tasks run at once
    report.refresh_from_db()
    again = _fact(report, 73)
    assert again.pk != fact.pk
    assert (again.code, again.original_code) == ("RECON_RECEIVED", "RECON_ACCEPTED")
    assert IndicatorValue.objects.filter(origin=report.origin, code="RECON_RECEIVED").count() == 2


def test_corrections_become_training_examples(office, county) -> None:  # noqa: ANN001
    report = _read(office)
    fact = _fact(report, 73)
    corrections.CorrectFact(Actor.for_user(county.users["office"]), fact, "RECON_RECEIVED").execute()
    examples = corrections.correction_examples()
    assert [(e.unit, e.code) for e in examples] == [("件", "RECON_RECEIVED")]
    assert "受理" in examples[0].pre + examples[0].local
    gold = corrections.export_gold(report)
    assert {"value": 73, "code": "RECON_RECEIVED"}.items() <= next(
        f for f in gold["facts"] if f["value"] == 73).items()


def test_a_viewer_of_another_county_cannot_correct(office, county) -> None:  # noqa: ANN001
    report = _read(office)
    fact = _fact(report, 73)
    other = login("other_office")
    assert other.get(reverse("analysis:fact_correct", args=[fact.pk])).status_code == 404
    assert other.post(reverse("analysis:fact_add", args=[report.pk]),
                      {"selected": "受理73件", "code": ""}).status_code == 404
    fact.refresh_from_db()
    assert fact.code == "RECON_ACCEPTED"
