"""年度报告统计页（政府信息公开工作年度报告的依申请公开部分，30号第三、四部分）.

The page lays out ``annual_report_table`` and ``review_table`` of the cases the
person may see; these tests create cases through the register's own actions
(OpenCase / RecordEvent) and check that the page, the print layout and the
workbook show exactly those figures, and nobody else's.
"""

from __future__ import annotations

import datetime
import re
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.actions import Actor
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.disclosure import annual_report_table, review_table
from fazhi.registers.models import Case

from ..conftest import PASSWORD

D = datetime.date
REG = get_register("disclosure")
URL = reverse("registers:disclosure_annual_report")
TODAY = datetime.datetime(2026, 3, 2, 10, 0)  # when the 2025 report is compiled
COLUMNS = ["person", "business", "research", "public_welfare", "legal_service", "other_org",
           "total"]


# ----------------------------------------------------------------- helpers
def _actor(county, who: str) -> Actor:  # noqa: ANN001
    return Actor.for_user(county.users[who])


def open_case(county, arrived: D, *, unit: str = "县政府办公室",  # noqa: ANN001
              applicant_type: str = "person", other: bool = False) -> Case:
    who = "other_office" if other else "office"
    return OpenCase(_actor(county, who), REG,
                    region=county.other_county if other else county.county,
                    unit=county.units[unit], data={
                        "number": "", "started_on": arrived, "submitted_on": arrived,
                        "applicant": "王桂芝", "applicant_type": applicant_type,
                        "channel": "in_person", "content": "某村征地补偿安置方案",
                        "form_wanted": "paper"}).execute()


def act(county, case: Case, event: str, on: D, **data: Any) -> Case:  # noqa: ANN001
    who = "other_office" if case.region_id == county.other_county.pk else "office"
    return RecordEvent(_actor(county, who), case, REG, event, occurred_on=on,
                       data=data).execute()


def received(county, on: D, **kw: Any) -> Case:  # noqa: ANN001
    return act(county, open_case(county, on, **kw), "confirm_receipt", on,
               needs_correction=False)


def replied(county, arrived: D, on: D, kind: str, reason: str = "", **kw: Any) -> Case:  # noqa: ANN001
    return act(county, received(county, arrived, **kw), "reply", on, reply_type=kind,
               reply_reason=reason)


def client_for(county, role: str) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username=county.users[role].username, password=PASSWORD)
    return client


def get(client: Client, **params: Any):  # noqa: ANN201
    with time_machine.travel(TODAY, tick=False):
        return client.get(URL, params)


def part(html: str, name: str) -> str:
    start = html.index(f"report-{name}")
    return html[start:html.index("</table>", start)]


def numbers(html: str, name: str) -> list[int]:
    """The figures of a table on the page, in reading order."""
    return [int(n) for n in re.findall(r"<td>(\d+)</td>", part(html, name))]


def form_order(table: dict[str, Any]) -> list[int]:
    """The figures of ``annual_report_table`` in the order the 30号 form has them
    (a reply type with sub-rows has no row of its own)."""
    return [row["values"][c] for row in table["rows"]
            if row["values"] and not (row["level"] == 1 and row["subtotal"])
            for c in COLUMNS]


def review_order(review: dict[str, dict[str, int]]) -> list[int]:
    return [review[g][o] for g in ("reconsideration", "litigation_direct", "litigation_after")
            for o in ("upheld", "corrected", "other", "pending", "total")]


@pytest.fixture
def cases(county):  # noqa: ANN001, ANN201
    """莘县: the 政府办 and the 司法局 (the clerk's unit); 东阿县: two more."""
    replied(county, D(2024, 12, 20), D(2025, 1, 10), "granted")  # carried into 2025
    replied(county, D(2025, 3, 3), D(2025, 3, 20), "granted", applicant_type="business")
    replied(county, D(2025, 4, 1), D(2025, 4, 20), "withheld", "third_party",
            applicant_type="legal_service")
    replied(county, D(2025, 6, 3), D(2025, 6, 10), "not_processed", "repeated",
            applicant_type="research")
    received(county, D(2025, 12, 22), applicant_type="public_welfare")  # still open
    abandoned = received(county, D(2025, 7, 1))
    act(county, abandoned, "request_correction", D(2025, 7, 3), items="请明确",
        correction_due=D(2025, 7, 17))
    act(county, abandoned, "abandon", D(2025, 7, 21))
    # 县司法局: one late (20 WD from 5/6 ended 6/4), one followed by review and a suit
    replied(county, D(2025, 5, 6), D(2025, 6, 20), "unavailable", "not_held", unit="县司法局")
    sued = replied(county, D(2025, 8, 4), D(2025, 8, 20), "partial", unit="县司法局",
                   applicant_type="other_org")
    act(county, sued, "followup", D(2025, 9, 10), kind="reconsideration", outcome="corrected")
    act(county, sued, "followup", D(2025, 11, 3), kind="litigation", after_reconsideration=True,
        outcome="pending")
    # 东阿县: never in 莘县's figures
    other = replied(county, D(2025, 3, 3), D(2025, 3, 20), "granted", unit="东阿县司法局",
                    other=True)
    act(county, other, "followup", D(2025, 4, 10), kind="reconsideration", outcome="upheld")
    received(county, D(2025, 5, 5), unit="东阿县司法局", other=True, applicant_type="business")
    return county


# ------------------------------------------------------------------ the page
@pytest.mark.django_db
def test_page_shows_the_annual_report_table_of_the_county(cases) -> None:  # noqa: ANN001
    county = cases
    response = get(client_for(county, "office"), year=2025)
    assert response.status_code == 200
    html = response.content.decode()
    mine = Case.objects.filter(region=county.county)
    table = annual_report_table(mine, 2025)
    assert numbers(html, "three") == form_order(table)
    assert numbers(html, "four") == review_order(review_table(mine, 2025))
    # The figures themselves (counted by hand): 东阿县's two cases are nowhere.
    cells = response.context["report"]["table"]["cells"]
    assert cells == table["cells"]
    assert cells["new"]["total"] == 7 and cells["new"]["business"] == 1
    assert cells["carried_in"]["total"] == cells["carried_in"]["person"] == 1
    assert cells["total"]["total"] == 7 and cells["other.overdue_correction"]["person"] == 1
    assert cells["carried_over"] == {c: int(c in ("public_welfare", "total")) for c in COLUMNS}
    assert response.context["report"]["review"]["reconsideration"] == {
        "upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}
    assert response.context["report"]["balanced"]
    # The 30号 form's merged headings.
    assert "莘县2025年度政府信息公开工作年度报告（依申请公开部分）" in html
    assert "三、收到和处理政府信息公开申请情况" in html and "四、政府信息公开行政复议、行政诉讼情况" in html
    assert re.search(r'<th scope="col" colspan="3" rowspan="3">（本列数据的勾稽关系', html)
    assert '<th scope="col" colspan="7">申请人情况</th>' in html
    assert '<th scope="col" rowspan="2">自然人</th>' in html
    assert '<th scope="col" colspan="5">法人或其他组织</th>' in html
    assert '<th scope="col" rowspan="2">总计</th>' in html
    assert 'rowspan="22">三、本年度办理结果</th>' in html
    assert 'rowspan="8">（三）不予公开</th>' in html
    assert 'colspan="3">四、结转下年度继续办理</th>' in html
    assert '<th scope="col" colspan="10">行政诉讼</th>' in html
    assert '<th scope="col" colspan="5">复议后起诉</th>' in html
    # 6 replies in 2025 (the abandonment is not one), the 司法局's first was late.
    assert "按期答复率：83.3%（本年度作出答复 6 件，其中在法定期限内答复 5 件" in html
    # Print: A4 landscape, buttons and filters hidden.
    assert "size: A4 landscape" in html and 'data-print' in html
    assert 'class="filters row g-2 align-items-end mb-3 d-print-none"' in html


@pytest.mark.django_db
def test_every_row_has_the_three_label_columns_and_seven_figures(cases) -> None:  # noqa: ANN001
    report = get(client_for(cases, "office"), year=2025).context["report"]
    from fazhi.registers.disclosure_report import positions

    grid = report["part_three"]["head"] + report["part_three"]["body"]
    placed = list(positions(grid))
    covered = [(r + dr, c + dc) for r, c, cell in placed
               for dr in range(cell.rowspan) for dc in range(cell.colspan)]
    # a rectangle of len(grid) rows × 10 columns: no holes, no overlaps, nothing sticking out
    assert sorted(covered) == [(r, c) for r in range(1, len(grid) + 1) for c in range(1, 11)]
    assert len(report["part_three"]["body"]) == 2 + 2 + 8 + 3 + 5 + 3 + 1 + 1


@pytest.mark.django_db
def test_default_is_last_year_of_the_home_county(cases) -> None:  # noqa: ANN001
    response = get(client_for(cases, "office"))
    assert response.status_code == 200
    assert response.context["report"]["year"] == 2025
    assert response.context["county"] == cases.county


@pytest.mark.django_db
def test_a_year_without_cases_is_all_zeros(cases) -> None:  # noqa: ANN001
    html = get(client_for(cases, "office"), year=2023).content.decode()
    assert set(numbers(html, "three")) == {0} and set(numbers(html, "four")) == {0}
    assert "本年度没有作出答复的申请" in html


# ------------------------------------------------------------------- scoping
@pytest.mark.django_db
def test_a_clerk_sees_only_their_units_figures(cases) -> None:  # noqa: ANN001
    county = cases
    response = get(client_for(county, "clerk"), year=2025)
    assert response.status_code == 200
    html = response.content.decode()
    mine = Case.objects.filter(unit=county.units["县司法局"])
    assert numbers(html, "three") == form_order(annual_report_table(mine, 2025))
    cells = response.context["report"]["table"]["cells"]
    assert (cells["new"]["total"], cells["carried_in"]["total"], cells["total"]["total"]) == (
        2, 0, 2)
    assert cells["unavailable.not_held"]["person"] == cells["partial"]["other_org"] == 1
    review = response.context["report"]["review"]
    assert review["reconsideration"]["corrected"] == review["litigation_after"]["pending"] == 1
    assert "统计范围：本单位（莘县司法局）办理的申请" in html
    assert "按期答复率：50.0%" in html
    # Asking for another unit, or another county, is refused with a reason.
    response = get(client_for(county, "clerk"), year=2025, unit=county.units["县政府办公室"].pk)
    assert response.status_code == 400 and "请选择该县（市、区）中您可以查看的单位" in (
        response.content.decode())
    response = get(client_for(county, "clerk"), year=2025, region=county.other_county.pk)
    assert response.status_code == 400
    assert "请选择您可以查看的县（市、区）" in response.content.decode()
    assert response.context["report"] is None
    # The town clerk's unit has no applications: zeros, not the county's.
    html = get(client_for(county, "town_clerk"), year=2025).content.decode()
    assert set(numbers(html, "three")) == {0}


@pytest.mark.django_db
def test_the_office_may_look_at_one_unit(cases) -> None:  # noqa: ANN001
    county = cases
    unit = county.units["县司法局"]
    response = get(client_for(county, "office"), year=2025, unit=unit.pk)
    assert response.status_code == 200
    assert response.context["report"]["table"]["cells"] == annual_report_table(
        Case.objects.filter(unit=unit), 2025)["cells"]
    html = response.content.decode()
    assert "莘县司法局2025年度政府信息公开工作年度报告" in html
    assert "统计范围：莘县司法局办理的申请" in html


@pytest.mark.django_db
def test_other_counties_are_never_counted(cases) -> None:  # noqa: ANN001
    county = cases
    other = Case.objects.filter(region=county.other_county)
    # 东阿县's office sees 东阿县 only, and cannot ask for 莘县.
    response = get(client_for(county, "other_office"), year=2025)
    assert response.context["county"] == county.other_county
    assert response.context["report"]["table"]["cells"] == annual_report_table(other, 2025)["cells"]
    assert response.context["report"]["table"]["cells"]["new"]["total"] == 2
    assert get(client_for(county, "other_office"), year=2025,
               region=county.county.pk).status_code == 400
    # The city's viewer chooses among the city's counties.
    viewer = client_for(county, "viewer")
    html = get(viewer, year=2025).content.decode()
    assert f'<option value="{county.county.pk}"' in html
    assert f'<option value="{county.other_county.pk}"' in html
    response = get(viewer, year=2025, region=county.other_county.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert numbers(html, "three") == form_order(annual_report_table(other, 2025))
    assert numbers(html, "four") == review_order(review_table(other, 2025))
    assert response.context["report"]["review"]["reconsideration"]["upheld"] == 1
    assert "东阿县2025年度政府信息公开工作年度报告" in html
    response = get(viewer, year=2025, region=county.county.pk)
    assert response.context["report"]["table"]["cells"]["new"]["total"] == 7


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_the_three_administrators_see_no_figures(cases, role: str) -> None:  # noqa: ANN001
    assert get(client_for(cases, role), year=2025).status_code == 403


# -------------------------------------------------------------- bad parameters
@pytest.mark.django_db
@pytest.mark.parametrize(("params", "message"), [
    ({"year": "abc"}, "年度应为四位数字的年份"),
    ({"year": "2025年"}, "年度应为四位数字的年份"),
    ({"year": ""}, "请选择年度"),
    ({"year": "1999"}, "年度应在 2008 年（《政府信息公开条例》施行）至 2026 年之间"),
    ({"year": "2027"}, "至 2026 年之间"),
    ({"year": "99999999999999999999"}, "年度应在"),
    ({"year": "2025", "region": "x"}, "请选择您可以查看的县（市、区）"),
    ({"year": "2025", "unit": "x"}, "请选择该县（市、区）中您可以查看的单位"),
])
def test_bad_parameters_give_a_chinese_message(cases, params, message) -> None:  # noqa: ANN001
    client = client_for(cases, "office")
    for extra in ({}, {"export": "xlsx"}):  # the export too: a page, not a file or a 500
        response = get(client, **params, **extra)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert message in html and "无法生成统计表" in html
        assert 'name="year"' in html  # the form is there to choose again


# --------------------------------------------------------------------- Excel
@pytest.mark.django_db
def test_export_is_the_same_table_with_merged_headings(cases) -> None:  # noqa: ANN001
    county = cases
    response = get(client_for(county, "office"), year=2025, export="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    three, four = wb.worksheets
    assert three["A1"].value == "莘县2025年度政府信息公开工作年度报告（依申请公开部分）"
    assert three["A3"].value == "三、收到和处理政府信息公开申请情况"
    merged = {str(r) for r in three.merged_cells.ranges}
    assert {"A4:C6", "D4:J4", "D5:D6", "E5:I5", "J5:J6", "A7:C7", "A8:C8"} <= merged
    assert three["A4"].value.startswith("（本列数据的勾稽关系")
    assert (three["D4"].value, three["D5"].value, three["E5"].value, three["J5"].value) == (
        "申请人情况", "自然人", "法人或其他组织", "总计")
    assert [three.cell(6, c).value for c in range(5, 10)] == [
        "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert "A9:A30" in merged and three["A9"].value == "三、本年度办理结果"
    assert three["B11"].value == "（三）不予公开" and "B11:B18" in merged
    assert three["C11"].value == "1.属于国家秘密"
    figures = [three.cell(r, c).value for r in range(7, 32) for c in range(4, 11)]
    table = annual_report_table(Case.objects.filter(region=county.county), 2025)
    assert figures == form_order(table)
    assert three["A31"].value == "四、结转下年度继续办理" and three["J31"].value == 1
    assert three["A32"].value.startswith("按期答复率：83.3%")
    assert three.page_setup.orientation == "landscape" and three.page_setup.paperSize == 9
    assert four["A3"].value == "四、政府信息公开行政复议、行政诉讼情况"
    assert {"A4:E4", "F4:O4", "A5:A6", "E5:E6", "F5:J5", "K5:O5"} <= {
        str(r) for r in four.merged_cells.ranges}
    assert (four["A4"].value, four["F4"].value, four["F5"].value, four["K5"].value,
            four["A5"].value, four["O6"].value) == (
        "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果维持", "总计")
    assert [four.cell(7, c).value for c in range(1, 16)] == review_order(
        review_table(Case.objects.filter(region=county.county), 2025))


@pytest.mark.django_db
def test_export_is_scoped_like_the_page(cases) -> None:  # noqa: ANN001
    county = cases
    response = get(client_for(county, "clerk"), year=2025, export="xlsx")
    three = load_workbook(BytesIO(response.content)).worksheets[0]
    assert three["A1"].value == "莘县2025年度政府信息公开工作年度报告（依申请公开部分）"
    assert three["A2"].value == "统计范围：本单位（莘县司法局）办理的申请"
    assert three["J7"].value == 2  # 新收 总计: the 司法局's two


# ------------------------------------------------------------------- queries
@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_cases(county, django_assert_max_num_queries) -> None:  # noqa: ANN001
    def count(role: str, **params: Any) -> int:
        client = client_for(county, role)
        with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as q:
            assert client.get(URL, {"year": 2025, **params}).status_code == 200
        return len(q)

    replied(county, D(2025, 3, 3), D(2025, 3, 20), "granted")
    few = {role: count(role) for role in ("office", "clerk", "viewer")}
    for i in range(8):
        replied(county, D(2025, 4, 1 + i), D(2025, 4, 20), "withheld", "third_party",
                applicant_type="legal_service", unit="县司法局" if i % 2 else "县政府办公室")
        received(county, D(2025, 12, 1 + i), applicant_type="business")
    many = {role: count(role) for role in ("office", "clerk", "viewer")}
    assert many == few
    client = client_for(county, "office")
    # 13: the page's own queries (part 三 counted in three index-served parts of
    # the year's cases) and the navigation's unread-notification count
    with time_machine.travel(TODAY, tick=False), django_assert_max_num_queries(13):
        client.get(URL, {"year": 2025})
    # + the export's audit entry (chain lock, last hash, insert; fazhi.audit.middleware)
    with time_machine.travel(TODAY, tick=False), django_assert_max_num_queries(16):
        client.get(URL, {"year": 2025, "export": "xlsx"})


# ---------------------------------------------------------------------- link
@pytest.mark.django_db
def test_linked_from_the_disclosure_register_only(county) -> None:  # noqa: ANN001
    client = client_for(county, "office")
    page = client.get(reverse("registers:case_list", args=["disclosure"])).content.decode()
    assert URL in page and "年度报告统计" in page
    page = client.get(reverse("registers:case_list", args=["reconsideration"])).content.decode()
    assert URL not in page
    admin = client_for(county, "sysadmin")
    page = admin.get(reverse("registers:case_list", args=["disclosure"])).content.decode()
    assert URL not in page
