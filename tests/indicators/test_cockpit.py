"""数据驾驶舱 (issue 7 §5): the cockpit's figures equal `fazhi indicators`, are
read from the store only (stale values flagged), set against targets with
lights and warnings, ranked by unit, trended by month; the upper level sees
its counties' computed figures beside their published reports; the number of
queries does not grow with the data."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from fazhi.analysis.models import PublishedReport, ReportBatch
from fazhi.core.actions import Actor
from fazhi.indicators import cockpit, store
from fazhi.indicators.cockpit_compare import differs
from fazhi.indicators.models import IndicatorTarget, IndicatorValue
from fazhi.indicators.services import format_decimal, replace_values
from fazhi.org.models import Region, Unit
from fazhi.org.policy import Policy
from fazhi.plans.models import Assignment, Plan, ProgressReport, ReportingPeriod, Task
from fazhi.registers.base import OpenCase, RecordEvent, get_register

from ..conftest import PASSWORD

D = datetime.date
YEAR = 2025
URL = reverse("indicators:cockpit")
COMPARE = reverse("indicators:cockpit_compare")


# ------------------------------------------------------------------ helpers
def recon(county, received: D, unit: Unit | None = None, region=None, actor=None):  # noqa: ANN001, ANN201
    return OpenCase(actor or Actor.for_user(county.users["office"]),
                    get_register("reconsideration"), region=region or county.county,
                    unit=unit or county.units["县司法局"], data={
                        "number": "", "title": "不服罚款决定", "started_on": received,
                        "applicant": "王建国", "applicant_type": "person",
                        "respondent": "县市场监管局", "contested_act": "行政处罚决定",
                        "act_kind": "penalty", "channel": "post", "procedure": "ordinary",
                        "needs_correction": False}).execute()


def event(county, case, key: str, on: D, actor=None, **data: Any):  # noqa: ANN001, ANN201
    return RecordEvent(actor or Actor.for_user(county.users["office"]), case,
                       get_register("reconsideration"), key, occurred_on=on, data=data).execute()


def client_for(county, role: str) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=county.users[role].username, password=PASSWORD)
    return client


def ledger(county, year: int, units: list[Unit], *, done: int = 0, due: D | None = None,  # noqa: ANN001
           ) -> Plan:
    """A plan of ``year`` with one task per unit; the first ``done`` assignments done."""
    plan = Plan.objects.create(region=county.county, year=year, title=f"{year}年工作计划")
    tasks = Task.objects.bulk_create([
        Task(plan=plan, number=i, text=f"第{i}项任务。", due_date=due or D(year, 6, 30))
        for i in range(1, len(units) + 1)])
    Assignment.objects.bulk_create([
        Assignment(task=t, unit=u, role=Assignment.Role.LEAD, is_done=i < done)
        for i, (t, u) in enumerate(zip(tasks, units, strict=True))])
    return plan


@pytest.fixture
def cases(county):  # noqa: ANN001, ANN201
    """莘县 2025 (县司法局): 4 received, 3 accepted, 2 decided of which 1 revoked
    (纠错率 50%), 1 refused; 县市场监管局 one more received; 东阿县 one case."""
    b = event(county, recon(county, D(2025, 3, 3)), "accept", D(2025, 3, 4))
    event(county, b, "decide", D(2025, 5, 6), decision_type="revoke")
    c = event(county, recon(county, D(2025, 3, 10)), "accept", D(2025, 3, 11))
    event(county, c, "decide", D(2025, 5, 6), decision_type="uphold")
    event(county, recon(county, D(2025, 4, 1)), "refuse", D(2025, 4, 2), reason="超过法定申请期限")
    event(county, recon(county, D(2025, 6, 2)), "accept", D(2025, 6, 3))
    recon(county, D(2025, 7, 7), unit=county.units["县市场监管局"])
    recon(county, D(2025, 5, 5), unit=county.units["东阿县司法局"], region=county.other_county,
          actor=Actor.for_user(county.users["other_office"]))
    return county


def cls(el: Any, name: str) -> list:
    """Elements under ``el`` with the class ``name``."""
    return el.xpath(f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def rows_of(tree: Any, table_id: str) -> list:
    return tree.get_element_by_id(table_id).xpath("./tbody/tr")


def cards_on(page: bytes) -> dict[str, dict[str, str]]:
    """The figures the page shows: code → text, link, numerator/denominator line."""
    tree = html.fromstring(page)
    out = {}
    for card in cls(tree, "cockpit-card"):
        link = cls(card, "card-value")[0]
        ratio = card.xpath(".//div[@class='small text-muted']")
        out[card.get("id").removeprefix("card-")] = {
            "text": link.text_content().strip(), "href": link.get("href"),
            "ratio": ratio[0].text_content().strip() if ratio else ""}
    return out


def command_figures(county_name: str, year: int) -> list[dict]:
    out = StringIO()
    call_command("indicators", "--region", county_name, "--year", str(year), "--json", stdout=out)
    return json.loads(out.getvalue())


def expected_text(row: dict) -> str:
    if row["value"] is None:
        return "—"
    value = Decimal(str(row["value"]))
    if row["unit"] == "是/否":  # a yes/no figure (e.g. the decision catalogue published)
        return "是" if value else "否"
    if row["unit"] == "%":
        value = value.quantize(Decimal("0.1"))
    return f"{format_decimal(value)}{row['unit']}"


# ------------------------------------------------------------------ the numbers
@pytest.mark.django_db
def test_the_cockpits_numbers_equal_the_command(cases) -> None:  # noqa: ANN001
    county = cases
    store.recompute(YEAR, county.county)
    page = client_for(county, "office").get(URL, {"county": county.county.pk, "year": YEAR})
    assert page.status_code == 200
    shown = cards_on(page.content)
    expected = command_figures("莘县", YEAR)
    assert {r["code"] for r in expected if r["source"] == "computed"} <= set(shown)
    for row in expected:
        card = shown[row["code"]]
        assert card["text"] == expected_text(row), row["code"]
        if row["denominator"] is not None:
            assert card["ratio"] == f"{row['numerator']} / {row['denominator']}", row["code"]
        stored = IndicatorValue.objects.get(pk=int(card["href"].rstrip("/").split("/")[-1]))
        assert (stored.code, stored.region, stored.unit, stored.year) == (
            row["code"], county.county, None, YEAR)
    assert shown["RECON_RECEIVED"]["text"] == "5件"
    assert shown["RECON_CORRECTION_RATE"] == {**shown["RECON_CORRECTION_RATE"],
                                              "text": "50%", "ratio": "1 / 2"}
    # the ledger: two of three assignments done, one of them overdue since June
    u = county.units
    ledger(county, YEAR, [u["县司法局"], u["县市场监管局"], u["莘亭街道"]], done=2)
    store.recompute(YEAR, county.county)
    shown = cards_on(client_for(county, "office").get(URL, {"year": YEAR}).content)
    for row in command_figures("莘县", YEAR):
        assert shown[row["code"]]["text"] == expected_text(row), row["code"]
    assert shown["PLAN_COMPLETION_RATE"]["text"] == "66.7%"
    assert shown["PLAN_OVERDUE_ASSIGNMENTS"]["text"] == "1项"


@pytest.mark.django_db
def test_reported_figures_are_the_accepted_sum_ranked_by_unit(cases) -> None:  # noqa: ANN001
    county = cases
    u = county.units
    code = "LEGAL_LITERATE_PERSONS"  # 法律明白人: reported by the units, no register counts it
    for i, (unit, start, end, value) in enumerate([
            (u["莘亭街道"], D(2025, 1, 1), D(2025, 6, 30), 30),
            (u["莘亭街道"], D(2025, 7, 1), D(2025, 12, 31), 12),
            (u["朝城镇"], D(2025, 1, 1), D(2025, 12, 31), 25)]):
        replace_values(f"indicators.report:{i}", [IndicatorValue(
            source="reported", code=code, region=county.county, region_name="莘县", unit=unit,
            year=YEAR, period_start=start, period_end=end, value=Decimal(value),
            provenance={"report": i})])
    store.recompute(YEAR, county.county)
    office = client_for(county, "office")
    shown = cards_on(office.get(URL, {"year": YEAR}).content)
    row = next(r for r in command_figures("莘县", YEAR) if r["code"] == code)
    assert shown[code]["text"] == expected_text(row) == "67人"
    ranking = html.fromstring(office.get(shown[code]["href"]).content)
    ranked = [[td.text_content().strip() for td in tr.xpath("./td")][:3]
              for tr in rows_of(ranking, "rank-table")]
    assert ranked == [["1", "莘亭街道办事处", "42人"], ["2", "朝城镇人民政府", "25人"]]
    periods = rows_of(ranking, "rank-table")[0].xpath("./td")[-1].xpath(".//a")
    assert [a.text_content() for a in periods] == ["2025年1月1日至2025年6月30日",
                                                   "2025年7月1日至2025年12月31日"]


@pytest.mark.django_db
def test_the_cockpit_reads_the_store_and_flags_stale_values(cases) -> None:  # noqa: ANN001
    county = cases
    office = client_for(county, "office")
    empty = office.get(URL, {"year": YEAR})
    tree = html.fromstring(empty.content)
    assert "尚未计算" in tree.get_element_by_id("no-values").text_content()
    form = tree.get_element_by_id("no-values").xpath(".//form")[0]
    assert form.get("action") == reverse("indicators:recompute")
    assert {i.get("name"): i.get("value") for i in form.xpath(".//input")}.items() >= {
        "region": str(county.county.pk), "year": str(YEAR)}.items()
    # the upper level sees the message but has no button
    viewer = client_for(county, "viewer").get(URL, {"county": county.county.pk, "year": YEAR})
    viewer_tree = html.fromstring(viewer.content)
    assert not viewer_tree.get_element_by_id("no-values").xpath(".//form")
    assert not viewer_tree.xpath("//form[@id='recompute-form']")

    store.recompute(YEAR, county.county)
    assert "no-values" not in office.get(URL, {"year": YEAR}).content.decode()
    recon(county, D(2025, 8, 8))  # not counted until recomputation
    page = office.get(URL, {"year": YEAR})
    card = html.fromstring(page.content).get_element_by_id("card-RECON_RECEIVED")
    assert cls(card, "card-value")[0].text_content() == "5件"
    assert "待更新" in card.text_content()
    assert "个数值待更新" in page.content.decode()
    store.recompute(YEAR, county.county)
    card = html.fromstring(office.get(URL, {"year": YEAR}).content).get_element_by_id(
        "card-RECON_RECEIVED")
    assert cls(card, "card-value")[0].text_content() == "6件"
    assert "待更新" not in card.text_content()


# ------------------------------------------------------------------ targets and warnings
def test_lights() -> None:
    rate = IndicatorTarget(code="RECON_CORRECTION_RATE", target=Decimal(90))
    assert cockpit.light("RECON_CORRECTION_RATE", Decimal(95), rate) == "green"
    assert cockpit.light("RECON_CORRECTION_RATE", Decimal(85), rate) == "yellow"  # 5 points
    assert cockpit.light("RECON_CORRECTION_RATE", Decimal("84.9"), rate) == "red"
    assert cockpit.light("RECON_CORRECTION_RATE", None, rate) == ""
    count = IndicatorTarget(code="RECON_RECEIVED", target=Decimal(50))
    assert cockpit.light("RECON_RECEIVED", Decimal(45), count) == "yellow"  # 10 %
    assert cockpit.light("RECON_RECEIVED", Decimal(44), count) == "red"
    at_most = IndicatorTarget(code="LITIGATION_LOSS_RATE", target=Decimal(5),
                              direction=IndicatorTarget.Direction.AT_MOST)
    assert cockpit.light("LITIGATION_LOSS_RATE", Decimal(3), at_most) == "green"
    assert cockpit.light("LITIGATION_LOSS_RATE", Decimal(12), at_most) == "red"


@pytest.mark.django_db
def test_targets_lights_and_a_rate_below_target(cases) -> None:  # noqa: ANN001
    county = cases
    store.recompute(YEAR, county.county)
    IndicatorTarget.objects.create(region=county.county, year=YEAR, code="RECON_CORRECTION_RATE",
                                   target=Decimal(10), direction="at_most", basis="考核细则第5项")
    IndicatorTarget.objects.create(region=county.county, year=YEAR, code="RECON_RECEIVED",
                                   target=Decimal(5), basis="2025年工作计划")
    page = client_for(county, "office").get(URL, {"year": YEAR})
    tree = html.fromstring(page.content)
    rate = tree.get_element_by_id("card-RECON_CORRECTION_RATE")
    assert cls(rate, "light-red") and "不高于10%" in rate.text_content()
    assert tree.get_element_by_id("card-RECON_RECEIVED").xpath(".//*[@class='light light-green']")
    warnings = tree.get_element_by_id("warnings")
    text = warnings.text_content()
    assert "行政复议纠错率为50%，未达到目标（不高于10%，目标来源：考核细则第5项）" in text
    link = warnings.xpath(".//a")[0].get("href")
    value = IndicatorValue.objects.get(code="RECON_CORRECTION_RATE", region=county.county,
                                       unit=None, period_start=D(2025, 1, 1),
                                       period_end=D(2025, 12, 31))
    assert link == reverse("indicators:value_detail", args=[value.pk])


@pytest.mark.django_db
def test_overdue_items_growing_and_units_without_a_report(county) -> None:  # noqa: ANN001
    u = county.units
    plan = ledger(county, 2030, [u["县司法局"], u["县市场监管局"], u["莘亭街道"]])
    # two assignments due 5 June (past on 10 June), one due in May
    Task.objects.filter(plan=plan, number__in=[1, 2]).update(due_date=D(2030, 6, 5))
    Task.objects.filter(plan=plan, number=3).update(due_date=D(2030, 5, 20))
    period = ReportingPeriod.objects.create(plan=plan, name="2030年5月", start=D(2030, 5, 1),
                                            end=D(2030, 5, 31), due=D(2030, 6, 5))
    ReportingPeriod.objects.create(plan=plan, name="2030年6月", start=D(2030, 6, 1),
                                   end=D(2030, 6, 30), due=D(2030, 7, 5))
    reached = Assignment.objects.get(task__plan=plan, unit=u["县司法局"])
    ProgressReport.objects.create(assignment=reached, period=period, text="已推进",
                                  state=ProgressReport.State.APPROVED)
    draft = Assignment.objects.get(task__plan=plan, unit=u["县市场监管局"])
    ProgressReport.objects.create(assignment=draft, period=period, text="草稿")  # not sent
    today = D(2030, 6, 10)
    store.recompute(2030, county.county, as_of=today)
    data = cockpit.county_cockpit(Policy.for_user(county.users["office"]), county.county, 2030,
                                  today=today)
    texts = [w.text for w in data.warnings]
    assert any("逾期事项增加：6月到期未完成的分工事项2项，比上月增加1项" in t for t in texts), texts
    overdue = next(w for w in data.warnings if w.text.startswith("逾期"))
    june = IndicatorValue.objects.get(code="PLAN_OVERDUE_ASSIGNMENTS", region=county.county,
                                      period_start=D(2030, 6, 1), unit=None)
    assert overdue.links[0][1] == reverse("indicators:value_detail", args=[june.pk])
    missing = next(w for w in data.warnings if "2030年5月" in w.text)
    # by the units' order (all 100 here), then by full name: 莘亭街道办事处 < 莘县市场监管局
    assert [t for t, _ in missing.links] == ["莘亭街道（1项）", "县市场监管局（1项）"]
    assert missing.links[1][1] == (f"{reverse('plans:assignment_list')}?plan={plan.pk}"
                                   f"&unit={u['县市场监管局'].pk}")
    # the next month nothing more fell overdue: no warning of growth
    later = cockpit.county_cockpit(Policy.for_user(county.users["office"]), county.county, 2030,
                                   today=D(2030, 7, 10))
    assert not any(w.text.startswith("逾期") for w in later.warnings)


# ------------------------------------------------------------------ trends and ranking
@pytest.mark.django_db
def test_monthly_trend_and_units_ranked(cases) -> None:  # noqa: ANN001
    county = cases
    u = county.units
    ledger(county, YEAR, [u["县司法局"], u["县市场监管局"], u["莘亭街道"], u["朝城镇"]], done=2)
    Assignment.objects.filter(task__plan__year=YEAR, unit=u["莘亭街道"]).update(is_done=True)
    store.recompute(YEAR, county.county)
    page = client_for(county, "office").get(URL, {"year": YEAR, "trend": ["RECON_RECEIVED"]})
    tree = html.fromstring(page.content)
    row = rows_of(tree, "trend-table")[0]
    cells = [td.text_content().strip() for td in row.xpath("./td")]
    assert cells[0] == "收到行政复议申请件数" and cells[1:] == [
        "0件", "0件", "2件", "1件", "0件", "1件", "1件", "0件", "0件", "0件", "0件", "0件"]
    march = IndicatorValue.objects.get(code="RECON_RECEIVED", region=county.county, unit=None,
                                       period_start=D(2025, 3, 1))
    assert row.xpath("./td")[3].xpath(".//a")[0].get("href") == reverse(
        "indicators:value_detail", args=[march.pk])
    chart = json.loads(tree.get_element_by_id("trends").xpath(".//*[@data-chart]")[0].get(
        "data-chart"))
    assert chart["series"][0]["data"][2] == {"value": 2.0, "url": reverse(
        "indicators:value_detail", args=[march.pk])}

    ranked = [[td.text_content().strip() for td in tr.xpath("./td")][:4]
              for tr in rows_of(tree, "rank-table")]
    # equal values share a rank (then by the units' order and name)
    assert ranked == [["1", "莘亭街道办事处", "100%", "1 / 1"], ["1", "莘县司法局", "100%", "1 / 1"],
                      ["1", "莘县市场监管局", "100%", "1 / 1"], ["4", "朝城镇人民政府", "0%", "0 / 1"]]
    link = rows_of(tree, "rank-table")[3].xpath(".//a")[0].get("href")
    value = IndicatorValue.objects.get(pk=int(link.rstrip("/").split("/")[-1]))
    assert (value.unit, value.code) == (u["朝城镇"], "PLAN_COMPLETION_RATE")
    by_count = html.fromstring(client_for(county, "office").get(
        URL, {"year": YEAR, "rank": "RECON_RECEIVED"}).content)
    assert [tr.xpath("./td")[1].text_content() for tr in rows_of(by_count, "rank-table")] == [
        "莘县司法局", "莘县市场监管局"]


# ------------------------------------------------------------------ who sees what
@pytest.mark.django_db
def test_a_unit_sees_its_own_figures_only(cases) -> None:  # noqa: ANN001
    county = cases
    store.recompute(YEAR, county.county)
    page = client_for(county, "clerk").get(URL, {"year": YEAR})
    assert page.status_code == 200
    shown = cards_on(page.content)
    assert shown["RECON_RECEIVED"]["text"] == "4件"  # 县司法局's, not the county's 5
    value = IndicatorValue.objects.get(pk=int(shown["RECON_RECEIVED"]["href"].split("/")[-2]))
    assert value.unit == county.units["县司法局"]
    body = page.content.decode()
    assert "rank-table" not in body and 'id="warnings"' not in body and "recompute-form" not in body
    # another county cannot be chosen
    other = client_for(county, "clerk").get(URL, {"year": YEAR, "county": county.other_county.pk})
    assert "东阿县" not in html.fromstring(other.content).xpath("//h1")[0].text_content()
    assert client_for(county, "clerk").get(COMPARE).status_code == 403
    assert client_for(county, "auditor").get(URL).status_code == 403


# ------------------------------------------------------------------ the upper level
def _published(county, region, owner, values: dict[str, tuple[str, bool]]) -> PublishedReport:  # noqa: ANN001
    batch = ReportBatch.objects.create(owner_region=owner, file_count=1,
                                       uploaded_by=county.users["viewer"])
    report = PublishedReport.objects.create(batch=batch, original_name=f"{region.name}2025.txt",
                                            status="done", region=region,
                                            region_name=region.name, year=YEAR)
    replace_values(report.origin, [
        IndicatorValue(code=code, region=region, region_name=region.name, owner_region=owner,
                       year=YEAR, value=Decimal(v), approx=approx, source="extracted",
                       provenance={"report": report.pk, "start": 10 * i, "end": 10 * i + 8,
                                   "quote": f"{code}{v}"})
        for i, (code, (v, approx)) in enumerate(values.items())])
    return report


def test_differences() -> None:
    def stated(v: str, approx: bool = False) -> IndicatorValue:
        return IndicatorValue(value=Decimal(v), approx=approx)

    assert differs("RECON_RECEIVED", Decimal(91), stated("91")) == (False, "")
    assert differs("RECON_RECEIVED", Decimal(91), stated("93")) == (True, "报告比系统多2件")
    assert differs("RECON_RECEIVED", Decimal(95), stated("91", approx=True)) == (False, "")
    assert differs("RECON_RECEIVED", Decimal(89), stated("91", approx=True))[0]
    assert differs("RECON_CORRECTION_RATE", Decimal("50.4"), stated("50")) == (False, "")
    assert differs("RECON_CORRECTION_RATE", Decimal("50"), stated("51.2")) == (
        True, "报告比系统高1.2个百分点")
    assert differs("RECON_CORRECTION_RATE", None, stated("100")) == (
        True, "系统中没有可计算该比率的记录")


@pytest.mark.django_db
def test_the_upper_level_sees_each_county_beside_its_report(cases) -> None:  # noqa: ANN001
    county = cases
    store.recompute(YEAR, county.city)
    own = _published(county, county.county, county.city, {
        "RECON_RECEIVED": ("7", False), "RECON_CORRECTION_RATE": ("50.3", False)})
    _published(county, county.other_county, county.city, {"RECON_RECEIVED": ("1", False)})
    page = client_for(county, "viewer").get(COMPARE, {"year": YEAR})
    assert page.status_code == 200
    tree = html.fromstring(page.content)
    table = tree.get_element_by_id("compare-table")
    heads = [th.text_content() for th in table.xpath("./thead//th")]
    assert heads == ["县（市、区）", "收到行政复议申请件数", "行政复议纠错率"]
    rows = {tr.xpath("./th")[0].text_content().split("年度报告")[0].strip(): tr
            for tr in rows_of(tree, "compare-table")}
    assert set(rows) == {"莘县", "东阿县"}
    received, rate = rows["莘县"].xpath("./td")
    assert cls(received, "computed")[0].text_content() == "5件"
    assert "table-danger" in received.get("class") and "不一致" in received.text_content()
    stated_link = cls(received, "stated")[0].xpath(".//a")[0].get("href")
    assert stated_link == reverse("analysis:report_detail", args=[own.pk]) + "#s0-8"
    assert "table-danger" not in (rate.get("class") or "")  # 50.3 % against 50 %: within 0.5
    assert "table-danger" not in (rows["东阿县"].xpath("./td")[0].get("class") or "")
    differences = tree.get_element_by_id("differences").text_content()
    assert "莘县 · 收到行政复议申请件数：系统计算 5件，年度报告所述 7件，报告比系统多2件" in " ".join(
        differences.split())
    computed = IndicatorValue.objects.get(code="RECON_RECEIVED", region=county.county, unit=None,
                                          period_start=D(2025, 1, 1), period_end=D(2025, 12, 31))
    assert cls(received, "computed")[0].get("href") == reverse(
        "indicators:value_detail", args=[computed.pk])
    # the county office checks its own report only; the report of the city is not
    # its to open, so the stated figure links to the value's page instead
    office = html.fromstring(client_for(county, "office").get(COMPARE, {"year": YEAR}).content)
    office_rows = rows_of(office, "compare-table")
    assert len(office_rows) == 1 and "莘县" in office_rows[0].text_content()
    assert cls(office_rows[0], "stated")[0].xpath(".//a")[0].get("href").startswith(
        "/indicators/values/")


@pytest.mark.django_db
def test_a_county_without_records_is_not_flagged(cases) -> None:  # noqa: ANN001
    county = cases
    guan = Region.objects.create(name="冠县", level=Region.Level.COUNTY, parent=county.city)
    store.recompute(YEAR, county.city)
    _published(county, guan, county.city, {"RECON_RECEIVED": ("91", False)})
    tree = html.fromstring(client_for(county, "viewer").get(COMPARE, {"year": YEAR}).content)
    row = next(tr for tr in rows_of(tree, "compare-table") if "冠县" in tr.text_content())
    assert "系统中尚无该县2025年的记录，不作对照" in row.text_content()
    assert "table-danger" not in (row.xpath("./td")[0].get("class") or "")
    assert "冠县" not in tree.get_element_by_id("differences").text_content()


@pytest.mark.django_db
def test_compare_without_reports_shows_computed_figures(cases) -> None:  # noqa: ANN001
    county = cases
    store.recompute(YEAR, county.city)
    page = client_for(county, "viewer").get(COMPARE, {"year": YEAR})
    tree = html.fromstring(page.content)
    assert "还没有读取" in tree.get_element_by_id("no-reports").text_content()
    heads = [th.text_content() for th in tree.get_element_by_id("compare-table").xpath(
        "./thead//th")]
    assert "收到行政复议申请件数" in heads and "年度计划任务完成率" in heads


# ------------------------------------------------------------------ scale
def _units_with_records(county, n: int, first: int = 0) -> list[Unit]:  # noqa: ANN001
    units = Unit.objects.bulk_create([
        Unit(region=county.county, name=f"测试单位{i}", short_name=f"单位{i}", kind="department")
        for i in range(first, first + n)])
    return units


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_data(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    office = client_for(county, "office")
    IndicatorTarget.objects.create(region=county.county, year=YEAR, code="PLAN_COMPLETION_RATE",
                                   target=Decimal(90))

    plan = Plan.objects.create(region=county.county, year=YEAR, title="2025年工作计划")
    period = ReportingPeriod.objects.create(plan=plan, name="上半年", start=D(2025, 1, 1),
                                            end=D(2025, 6, 30), due=D(2025, 7, 5))

    def build(n_units: int) -> None:
        """``n_units`` more units, each with a task, a case, some done, one reported."""
        first = plan.tasks.count()
        units = _units_with_records(county, n_units, first=first)
        tasks = Task.objects.bulk_create([
            Task(plan=plan, number=first + i + 1, text="任务。", due_date=D(2025, 6, 30))
            for i in range(n_units)])
        assignments = Assignment.objects.bulk_create([
            Assignment(task=t, unit=u, role="lead", is_done=i % 2 == 0)
            for i, (t, u) in enumerate(zip(tasks, units, strict=True))])
        ProgressReport.objects.create(assignment=assignments[0], period=period, text="进展",
                                      state="accepted")
        for i in range(n_units):  # records in every month
            recon(county, D(2025, 1 + i % 12, 10), unit=units[i])
        store.recompute(YEAR, county.county)
        recon(county, D(2025, 3, 3), unit=units[0])  # and a stale value

    def rows(page: Any) -> int:
        return len(rows_of(html.fromstring(page.content), "rank-table"))

    build(3)
    with CaptureQueriesContext(connection) as small:
        assert rows(office.get(URL, {"year": YEAR})) == 3
    build(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert rows(office.get(URL, {"year": YEAR})) == 30


@pytest.mark.django_db
def test_compare_queries_do_not_grow(county) -> None:  # noqa: ANN001
    viewer = client_for(county, "viewer")

    def measure() -> int:
        store.recompute(YEAR, county.city)
        with CaptureQueriesContext(connection) as ctx:
            assert viewer.get(COMPARE, {"year": YEAR}).status_code == 200
        return len(ctx.captured_queries)

    ledger(county, YEAR, _units_with_records(county, 2))
    small = measure()
    Plan.objects.filter(year=YEAR).delete()
    ledger(county, YEAR, _units_with_records(county, 25, first=10))
    assert measure() == small
