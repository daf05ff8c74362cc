"""The comparison, the lists and who sees what; query counts that do not grow with data."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.analysis.models import PublishedReport, ReportBatch
from fazhi.indicators import catalogue
from fazhi.indicators.models import IndicatorValue

from .conftest import DONGE, GUANXIAN, login, seed_bytes, upload


def _as_2022(data: bytes) -> bytes:
    return data.decode("utf-8").replace("2023", "2022").replace("2024", "2023").encode()


@pytest.fixture
def read_reports(viewer, county):  # noqa: ANN001, ANN201
    """The city has read 东阿县 2023 and 2022 and 冠县 2023 (a county it does not hold)."""
    upload(viewer, (DONGE, seed_bytes(DONGE)), (GUANXIAN, seed_bytes(GUANXIAN)),
           ("东阿县2022.txt", _as_2022(seed_bytes(DONGE))))
    reports = {r.original_name: r for r in PublishedReport.objects.all()}
    assert all(r.status == "done" for r in reports.values()), [r.error for r in reports.values()]
    assert reports["东阿县2022.txt"].year == 2022
    return reports


def test_comparison_of_regions(viewer, read_reports) -> None:  # noqa: ANN001
    donge = read_reports[DONGE]
    response = viewer.get(reverse("analysis:compare"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2023年各地区指标" in page
    table = page[page.index('id="compare"'):]
    assert "东阿县" in table and "冠县" in table
    value = IndicatorValue.objects.filter(origin=donge.origin, code="NO_PENALTY_CASES").get()
    p = value.provenance
    link = reverse("analysis:report_detail", args=[donge.pk]) + f"#s{p['start']}-{p['end']}"
    assert f'<a href="{link}" title="{p["quote"]}">8215件</a>' in table
    # the anchor the link points at exists on the report page
    detail = viewer.get(reverse("analysis:report_detail", args=[donge.pk])).content.decode()
    assert f'id="s{p["start"]}-{p["end"]}"' in detail
    # the chart: one bar per region for the chosen indicator
    response = viewer.get(reverse("analysis:compare"), {"chart": "NO_PENALTY_CASES"})
    chart = response.context["chart"]
    assert '"type": "bar"' in chart and "东阿县" in chart and "8215" in chart
    # choosing indicators narrows the columns
    response = viewer.get(reverse("analysis:compare"),
                          {"codes": ["NO_PENALTY_CASES", "MAJOR_DECISIONS"]})
    codes = [c.code for c in response.context["grid"].columns]
    assert sorted(codes) == ["MAJOR_DECISIONS", "NO_PENALTY_CASES"]


def test_comparison_of_years_and_export(viewer, read_reports) -> None:  # noqa: ANN001
    response = viewer.get(reverse("analysis:compare"), {
        "mode": "years", "region": "东阿县", "chart": "NO_PENALTY_CASES"})
    grid = response.context["grid"]
    assert [r.label for r in grid.rows] == ["2022年", "2023年"]
    assert '"type": "line"' in response.context["chart"]
    response = viewer.get(reverse("analysis:compare"), {"year": "2023", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    no_penalty = catalogue.get("NO_PENALTY_CASES")
    assert header[0] == "地区" and f"{no_penalty.name}（{no_penalty.unit}）" in header
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"东阿县", "冠县"}
    column = header.index(f"{no_penalty.name}（{no_penalty.unit}）")
    assert rows["东阿县"][column] == 8215


def test_a_city_sees_its_counties_batches_and_a_county_only_its_own(county) -> None:  # noqa: ANN001
    office = login("office")
    upload(office, (DONGE, seed_bytes(DONGE)))
    batch = ReportBatch.objects.get()
    report = PublishedReport.objects.get()
    viewer, other = login("viewer"), login("other_office")
    for name, args in [("analysis:batch_detail", [batch.pk]),
                       ("analysis:batch_progress", [batch.pk]),
                       ("analysis:report_detail", [report.pk]),
                       ("analysis:report_file", [report.pk])]:
        assert viewer.get(reverse(name, args=args)).status_code == 200, name
        assert other.get(reverse(name, args=args)).status_code == 404, name
    assert DONGE in viewer.get(reverse("analysis:report_list")).content.decode()
    assert DONGE not in other.get(reverse("analysis:report_list")).content.decode()
    # the figures follow the report: 莘县's upload of 东阿县 is not 东阿县's to see
    assert viewer.get(reverse("analysis:compare")).context["table"]
    assert not other.get(reverse("analysis:compare")).context["has_data"]
    # the report list export is scoped like the page
    sheet = load_workbook(BytesIO(viewer.get(reverse("analysis:report_list"),
                                             {"export": "xlsx"}).content)).active
    assert sheet.max_row == 2 and sheet.cell(2, 1).value == DONGE
    sheet = load_workbook(BytesIO(other.get(reverse("analysis:report_list"),
                                            {"export": "xlsx"}).content)).active
    assert sheet.max_row == 1


def test_values_a_city_read_about_a_county_are_that_countys_too(viewer, county) -> None:  # noqa: ANN001
    """The city's reading of 东阿县's report resolves to 东阿县, whose office then
    sees the figures (they are its own published report) but not the city's
    batch: the cells carry no link there."""
    upload(viewer, (DONGE, seed_bytes(DONGE)))
    other = login("other_office")
    response = other.get(reverse("analysis:compare"))
    cells = [v for row in response.context["table"] for cell in row["cells"] for v in cell]
    assert cells and all(v["link"] == "" for v in cells) and all(v["quote"] for v in cells)
    assert login("office").get(reverse("analysis:compare")).context["has_data"] is False


def _count(client, url: str, params: dict | None = None) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_data(viewer, county,  # noqa: ANN001
                                            django_assert_max_num_queries) -> None:
    upload(viewer, (DONGE, seed_bytes(DONGE)))
    report = PublishedReport.objects.get()
    pages = [
        (reverse("analysis:report_list"), None),
        (reverse("analysis:report_list"), {"export": "xlsx"}),
        (reverse("analysis:batch_detail", args=[report.batch_id]), None),
        (reverse("analysis:report_detail", args=[report.pk]), None),
        (reverse("analysis:compare"), None),
        (reverse("analysis:compare"), {"mode": "years", "region": "东阿县"}),
        (reverse("analysis:compare"), {"export": "xlsx"}),
    ]
    small = [_count(viewer, url, params) for url, params in pages]
    upload(viewer, *[(f"{i}.txt", seed_bytes(GUANXIAN if i % 2 else DONGE)) for i in range(6)])
    upload(viewer, ("东阿县2022.txt", _as_2022(seed_bytes(DONGE))))
    big_batch = ReportBatch.objects.order_by("-pk")[1]
    pages[2] = (reverse("analysis:batch_detail", args=[big_batch.pk]), None)
    small[2] = _count(viewer, *pages[2])  # same batch page with 6 files (not 1)
    for (url, params), before in zip(pages, small, strict=True):
        with django_assert_max_num_queries(before):
            viewer.get(url, params or {})
    assert max(small) <= 15, small


def test_a_report_beside_the_countys_own_computed_figures(viewer, read_reports, county) -> None:  # noqa: ANN001
    """东阿县 runs fazhi: its computed year figure stands beside what its report
    states, labelled, with the difference said; months and units stay out."""
    import datetime

    donge = county.other_county
    common = {"code": "NO_PENALTY_CASES", "region": donge, "region_name": donge.name, "year": 2023,
              "source": IndicatorValue.Source.COMPUTED}
    IndicatorValue.objects.create(**common, value=8000, period_start=datetime.date(2023, 1, 1),
                                  period_end=datetime.date(2023, 12, 31))
    IndicatorValue.objects.create(**common, value=700, period_start=datetime.date(2023, 3, 1),
                                  period_end=datetime.date(2023, 3, 31))
    response = viewer.get(reverse("analysis:compare"), {"year": "2023", "codes": ["NO_PENALTY_CASES"]})
    row = next(r for r in response.context["table"] if r["label"] == "东阿县")
    cell = row["cells"][0]
    assert [(v["label"], v["text"]) for v in cell] == [("报告", "8215件"), ("系统", "8000件")]
    assert cell[0]["differs"] == "报告比系统多215件" and cell[1]["differs"] == ""
    page = response.content.decode()
    assert "报告比系统多215件" in page and "700件" not in page
    # 冠县 does not run fazhi here: its stated figures stand alone, unflagged
    response = viewer.get(reverse("analysis:compare"), {"year": "2023"})
    guan = next(r for r in response.context["table"] if r["label"] == "冠县")
    values = [v for c in guan["cells"] for v in c]
    assert values and all(v["label"] == "报告" and not v["differs"] for v in values)
    # the export says which value is which
    sheet = load_workbook(BytesIO(viewer.get(reverse("analysis:compare"), {
        "year": "2023", "codes": ["NO_PENALTY_CASES"], "export": "xlsx"}).content)).active
    rows = {r[0].value: r[1].value for r in sheet.iter_rows(min_row=2)}
    assert rows["东阿县"] == "报告8215件；系统8000件"
    # only the extracted figures, as before, when asked
    response = viewer.get(reverse("analysis:compare"), {"year": "2023", "source": "extracted",
                                                        "codes": ["NO_PENALTY_CASES"]})
    row = next(r for r in response.context["table"] if r["label"] == "东阿县")
    assert [v["text"] for v in row["cells"][0]] == ["8215件"]
