"""Plans issued as a task table (任务分解表) in Word or Excel."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import Workbook

from fazhi.plans.parser import PlanParseError, parse_plan_document

HEADER = ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]
ROWS = [
    ["一、加强党的领导", "一、加强党的领导", "一、加强党的领导", "一、加强党的领导", "一、加强党的领导"],
    ["1", "召开依法治县委员会会议，研究法治建设重大问题。", "县司法局", "县政府各部门", "2024年12月"],
    ["2", "落实领导干部年终述法制度。", "县司法局、县政府办公室", "各镇人民政府（街道办事处）", "2024年12月"],
    ["二、严格规范执法", "二、严格规范执法", "二、严格规范执法", "二、严格规范执法", "二、严格规范执法"],
    ["3", "开展行政执法案卷评查。", "", "县政府各行政执法部门", "2024年10月"],
]


def _docx(rows: list[list[str]], title: str = "某某县2024年法治政府建设工作任务分解表") -> bytes:
    doc = Document()
    doc.add_paragraph(title)
    table = doc.add_table(rows=0, cols=len(HEADER))
    for row in [HEADER, *rows]:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["某某县2024年法治政府建设工作任务分解表"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("make,name", [(_docx, "plan.docx"), (_xlsx, "plan.xlsx")])
def test_task_table(make, name) -> None:  # noqa: ANN001
    plan = parse_plan_document(make(ROWS), name)
    assert plan.sections == ["一、加强党的领导", "二、严格规范执法"]
    assert [(t.number, t.section) for t in plan.tasks] == [
        (1, "一、加强党的领导"), (2, "一、加强党的领导"), (3, "二、严格规范执法")]
    assert plan.tasks[1].lead_units == ["县司法局", "县政府办公室"]
    assert plan.tasks[2].lead_units == [] and plan.tasks[2].responsible_units == ["县政府各行政执法部门"]


def test_title_and_year_from_the_word_document() -> None:
    plan = parse_plan_document(_docx(ROWS), "plan.docx")
    assert plan.year == 2024 and plan.title.startswith("某某县2024年")


def test_a_row_without_units_is_reported_and_nothing_is_kept() -> None:
    rows = [*ROWS, ["4", "开展普法宣传。", "", "", "2024年12月"]]
    with pytest.raises(PlanParseError, match="没有牵头单位或责任单位") as exc:
        parse_plan_document(_xlsx(rows), "plan.xlsx")
    assert [p.line for p in exc.value.problems] == [8]  # the sheet's row number


def test_a_workbook_without_a_task_table() -> None:
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(PlanParseError, match="没有找到任务表"):
        parse_plan_document(buffer.getvalue(), "x.xlsx")
