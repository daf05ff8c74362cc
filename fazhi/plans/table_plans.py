"""Plans laid out as a table — a Word table or an Excel sheet with columns
such as 序号 | 任务（工作内容） | 牵头单位 | 责任单位 | 完成时限 — as many
counties issue their task breakdown (任务分解表).

The header row is found by its words, not by position, so columns may be in
any order; a column of 类别/部分/领域 (or merged section rows such as
"一、……" spanning the table) gives the sections.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from fazhi.core.documents import DocumentError

from .parser import ParsedPlan, ParsedTask, PlanParseError, PlanProblem
from .unit_blocks import _split_units

TASK_WORDS = ("任务", "工作内容", "工作措施", "主要内容", "具体内容", "重点工作", "工作事项")
LEAD_WORDS = ("牵头单位", "牵头部门", "牵头")
RESP_WORDS = ("责任单位", "配合单位", "参与单位", "责任部门", "配合部门")
SECTION_WORDS = ("类别", "部分", "领域", "方面", "板块", "项目")
NUMBER_WORDS = ("序号", "编号", "序")
_SECTION_ROW = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_INT = re.compile(r"^\s*(\d+)\s*[.．、]?\s*$")


def _clean(cell: object) -> str:
    return re.sub(r"\s+", "", str(cell)) if cell is not None else ""


def _find_column(header: list[str], words: Iterable[str]) -> int | None:
    for word in words:
        for i, h in enumerate(header):
            if word in h:
                return i
    return None


def rows_from_docx(data: bytes) -> list[list[list[str]]]:
    """Every table of a .docx as rows of cell texts (merged cells repeat)."""
    from docx import Document as open_docx

    _check_archive(data)
    try:
        doc = open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a bad file
        raise DocumentError("无法读取该 Word 文件。") from exc
    return [[[c.text.strip() for c in row.cells] for row in table.rows] for table in doc.tables]


def _check_archive(data: bytes) -> None:
    from django.core.exceptions import ValidationError

    from fazhi.core.uploads import check_archive

    try:
        check_archive(data)  # zip-bomb limits before the parser opens it
    except ValidationError as exc:
        raise DocumentError(exc.messages[0]) from exc


def rows_from_xlsx(data: bytes) -> list[list[list[str]]]:
    from openpyxl import load_workbook

    _check_archive(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a non-workbook
        raise DocumentError("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from exc
    return [[["" if v is None else str(v).strip() for v in row]
             for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets]


def plan_from_tables(tables: list[list[list[str]]]) -> ParsedPlan | None:
    """The first table that looks like a task breakdown, or None."""
    for rows in tables:
        for h, raw_header in enumerate(rows[:5]):
            header = [_clean(c) for c in raw_header]
            task_col = _find_column(header, TASK_WORDS)
            lead_col = _find_column(header, LEAD_WORDS)
            resp_col = _find_column(header, RESP_WORDS)
            if task_col is None or (lead_col is None and resp_col is None):
                continue
            return _read_rows(rows, h, header, task_col, lead_col, resp_col)
    return None


def _read_rows(rows: list[list[str]], h: int, header: list[str], task_col: int,
               lead_col: int | None, resp_col: int | None) -> ParsedPlan:
    number_col = _find_column(header, NUMBER_WORDS)
    section_col = _find_column(header, SECTION_WORDS)
    if section_col == task_col:
        section_col = None
    sections: list[str] = []
    tasks: list[ParsedTask] = []
    problems: list[PlanProblem] = []
    section: str | None = None
    for line, row in enumerate(rows[h + 1:], start=h + 2):
        cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
        distinct = {c for c in cells if c}
        if not distinct:
            continue
        if len(distinct) == 1 and _SECTION_ROW.match(next(iter(distinct))):
            section = next(iter(distinct))  # a merged row "一、……" across the table
            continue
        if section_col is not None and cells[section_col]:
            section = cells[section_col]
        text = cells[task_col]
        lead = _split_units(_clean(cells[lead_col])) if lead_col is not None else []
        resp = _split_units(_clean(cells[resp_col])) if resp_col is not None else []
        if not text:
            problems.append(PlanProblem(line, "这一行没有任务内容。"))
            continue
        if not lead and not resp:
            problems.append(PlanProblem(line, "这一行没有牵头单位或责任单位。"))
            continue
        number = len(tasks) + 1
        if number_col is not None and (m := _INT.match(cells[number_col])):
            number = int(m.group(1))
        if section and section not in sections:
            sections.append(section)
        tasks.append(ParsedTask(number=number, section=section, text=text, lead_units=lead,
                                responsible_units=resp, line=line))
    numbers = [t.number for t in tasks]
    if len(set(numbers)) != len(numbers) and not section_col and not sections:
        problems.append(PlanProblem(h + 1, "序号有重复，请检查后重新上传。"))
    plan = ParsedPlan(title=None, year=None, region=None, sections=sections, tasks=tasks,
                      problems=problems)
    if not tasks:
        raise PlanParseError("表格中没有读到任何任务（需要“任务”列和“牵头单位”或“责任单位”列）。",
                             problems=problems, plan=plan)
    if problems:
        detail = "；".join(str(p) for p in problems[:20])
        raise PlanParseError(f"任务表中有 {len(problems)} 行无法读取，未导入任何内容：{detail}",
                             problems=problems, plan=plan)
    return plan
