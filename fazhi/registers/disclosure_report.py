"""政府信息公开工作年度报告（依申请公开部分）：页面和 Excel 的表格版式.

The figures come from ``annual_report_table`` and ``review_table``
(``disclosure.py``, database aggregates over an already scoped queryset); this
module only lays them out as the tables of 国办公开办函〔2021〕30号 (design/rules.md
§3) — part 三 (收到和处理政府信息公开申请情况) and part 四 (行政复议、行政诉讼) —
with their merged headings. The layout is a grid of cells with row and column
spans, rendered once as HTML and once as a workbook with merged cells, so the
page, the print-out and the export are the same table.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fazhi.org.models import Region, Unit

from .details.disclosure import ReviewOutcome
from .disclosure.stats import annual_report_table, review_table

FIRST_YEAR = 2008  # 《政府信息公开条例》 in force from 2008-05-01

PART_THREE = "三、收到和处理政府信息公开申请情况"
PART_FOUR = "四、政府信息公开行政复议、行政诉讼情况"
CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
LABEL_COLUMNS = 3  # part 三: the row headings take three columns (一、 / （一） / 1.)

# Part 四 column headings as the 30号 form words them.
OUTCOME_HEADINGS: tuple[tuple[str, str], ...] = (
    (ReviewOutcome.UPHELD, "结果维持"),
    (ReviewOutcome.CORRECTED, "结果纠正"),
    (ReviewOutcome.OTHER, "其他结果"),
    (ReviewOutcome.PENDING, "尚未审结"),
    ("total", "总计"),
)
REVIEW_GROUPS: tuple[tuple[str, str], ...] = (
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after", "复议后起诉"),
)


@dataclass(frozen=True)
class Cell:
    """One cell of a report table. ``kind``: head (column heading), label (row
    heading) or number."""

    text: Any
    colspan: int = 1
    rowspan: int = 1
    kind: str = "label"
    level: int = 0

    @property
    def tag(self) -> str:
        return "td" if self.kind == "number" else "th"


Grid = list[list[Cell]]


# -------------------------------------------------------------------- layout
def part_three(table: dict[str, Any]) -> dict[str, Grid]:
    """The 30号 part 三 table from ``annual_report_table``: three heading rows
    (申请人情况 › 自然人 / 法人或其他组织 (five kinds) / 总计) and one row per
    count. A reply type with sub-categories is a heading spanning its sub-rows
    (the form has no subtotal row for it); 三、本年度办理结果 spans all of them."""
    columns = table["columns"]
    head: Grid = [
        [Cell(CHECK_NOTE, colspan=LABEL_COLUMNS, rowspan=3, kind="head"),
         Cell(APPLICANTS, colspan=len(columns), kind="head")],
        [], [],
    ]
    start = 0
    for heading, span in table["column_groups"]:
        if span == 1:
            head[1].append(Cell(heading, rowspan=2, kind="head"))
        else:
            head[1].append(Cell(heading, colspan=span, kind="head"))
            head[2] += [Cell(label, kind="head") for _, label in columns[start:start + span]]
        start += span

    rows = table["rows"]
    keys = [key for key, _ in columns]

    def grid_rows(following: list[dict[str, Any]], stop_level: int) -> int:
        """Grid rows made by ``following`` up to the next row at ``stop_level`` or above."""
        n = 0
        for r in following:
            if r["level"] <= stop_level:
                break
            n += not (r["level"] == 1 and r["subtotal"])
        return n

    body: Grid = []
    prefix: list[Cell] = []
    for i, row in enumerate(rows):
        label, level = row["label"], row["level"]
        if not row["values"]:  # 三、本年度办理结果: a heading over the result rows
            prefix.append(Cell(label, rowspan=grid_rows(rows[i + 1:], level), level=level))
            continue
        if level == 1 and row["subtotal"]:  # （三）不予公开 … over its sub-rows
            prefix.append(Cell(label, rowspan=grid_rows(rows[i + 1:], level), level=level))
            continue
        heading = Cell(label, colspan=LABEL_COLUMNS - level, level=level)
        body.append([*prefix, heading,
                     *(Cell(row["values"][k], kind="number") for k in keys)])
        prefix = []
    return {"head": head, "body": body}


def part_four(review: dict[str, dict[str, int]]) -> dict[str, Grid]:
    """The 30号 part 四 table from ``review_table``: 行政复议 and 行政诉讼 (未经复议
    直接起诉, 复议后起诉), each × 结果维持/结果纠正/其他结果/尚未审结/总计, one row."""
    n = len(OUTCOME_HEADINGS)
    head: Grid = [
        [Cell("行政复议", colspan=n, kind="head"),
         Cell("行政诉讼", colspan=n * len(REVIEW_GROUPS), kind="head")],
        [*(Cell(label, rowspan=2, kind="head") for _, label in OUTCOME_HEADINGS),
         *(Cell(label, colspan=n, kind="head") for _, label in REVIEW_GROUPS)],
        [Cell(label, kind="head") for _ in REVIEW_GROUPS for _, label in OUTCOME_HEADINGS],
    ]
    body: Grid = [[
        Cell(review[group][outcome], kind="number")
        for group in ("reconsideration", *(g for g, _ in REVIEW_GROUPS))
        for outcome, _ in OUTCOME_HEADINGS]]
    return {"head": head, "body": body}


def balance_holds(table: dict[str, Any]) -> bool:
    """The form's own check: 新收 + 上年结转 = 办理结果总计 + 结转下年, in every column;
    and the result rows add up to the 总计."""
    cells = table["cells"]
    results = [r for r in table["rows"] if r["level"] == 1 and r["key"] != "total"]
    for column, _ in table["columns"]:
        if (cells["new"][column] + cells["carried_in"][column]
                != cells["total"][column] + cells["carried_over"][column]):
            return False
        if sum(r["values"][column] for r in results) != cells["total"][column]:
            return False
    return True


def positions(grid: Grid, first_row: int = 1) -> Iterator[tuple[int, int, Cell]]:
    """(row, column, cell) of each cell, 1-based, placed as an HTML table
    places them: a cell takes the next column not covered by a span above."""
    covered: set[tuple[int, int]] = set()
    for r, cells in enumerate(grid):
        c = 0
        for cell in cells:
            while (r, c) in covered:
                c += 1
            yield first_row + r, c + 1, cell
            covered |= {(r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)}
            c += cell.colspan


# --------------------------------------------------------------------- Excel
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")


def _setup(ws: Worksheet, widths: list[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    for side in ("left", "right"):
        setattr(ws.page_margins, side, 0.4)


def _title(ws: Worksheet, row: int, text: str, width: int, *, size: int = 12,
           bold: bool = True) -> None:
    ws.cell(row=row, column=1, value=text).font = Font(bold=bold, size=size)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="left", vertical="center",
                                                     wrap_text=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _grid(ws: Worksheet, grid: Grid, first_row: int) -> int:
    """Writes ``grid`` from ``first_row``, merging spanned cells; returns the next free row."""
    last = first_row
    for row, column, cell in positions(grid, first_row):
        end_row, end_col = row + cell.rowspan - 1, column + cell.colspan - 1
        ws.cell(row=row, column=column, value=cell.text)
        for r in range(row, end_row + 1):  # a merged range shows the borders of every cell
            for c in range(column, end_col + 1):
                target = ws.cell(row=r, column=c)
                target.border = BORDER
                if cell.kind == "head":
                    target.fill = HEAD_FILL
        top = ws.cell(row=row, column=column)
        if cell.kind == "head":
            top.font = Font(bold=True)
            top.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        elif cell.kind == "number":
            top.alignment = Alignment(horizontal="center", vertical="center")
        else:
            top.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True,
                                      indent=0 if cell.level == 0 else 1)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=row, start_column=column, end_row=end_row,
                           end_column=end_col)
        last = max(last, end_row)
    return last + 1


def workbook_bytes(report: dict[str, Any]) -> bytes:
    """The two tables as a workbook (one sheet each, A4 landscape), merged
    headings as on the page."""
    wb = Workbook()
    three = wb.active
    three.title = "三、申请情况"
    width = LABEL_COLUMNS + len(report["table"]["columns"])
    _setup(three, [10, 14, 40] + [11] * (width - LABEL_COLUMNS))
    _title(three, 1, report["title"], width, size=14)
    _title(three, 2, report["scope_text"], width, size=10, bold=False)
    _title(three, 3, PART_THREE, width)
    row = _grid(three, report["part_three"]["head"] + report["part_three"]["body"], 4)
    _title(three, row, report["ontime_text"], width, size=10, bold=False)
    three.print_title_rows = "4:6"

    four = wb.create_sheet("四、复议诉讼")
    width = len(OUTCOME_HEADINGS) * (1 + len(REVIEW_GROUPS))
    _setup(four, [10] * width)
    _title(four, 1, report["title"], width, size=14)
    _title(four, 2, report["scope_text"], width, size=10, bold=False)
    _title(four, 3, PART_FOUR, width)
    _grid(four, report["part_four"]["head"] + report["part_four"]["body"], 4)
    from fazhi.core.tables import safe_bytes  # formula-safe cells, local times, autofilter

    return safe_bytes(wb)


# ---------------------------------------------------------------------- form
class AnnualReportForm(forms.Form):
    """年度、县（市、区）、承办单位: choices limited to what the person may see."""

    year = forms.IntegerField(label="年度", error_messages={
        "invalid": "年度应为四位数字的年份，如 2025。",
        "required": "请选择年度。",
    })
    region = forms.TypedChoiceField(label="县（市、区）", coerce=int, error_messages={
        "invalid_choice": "请选择您可以查看的县（市、区）。",
        "required": "请选择县（市、区）。",
    })
    unit = forms.TypedChoiceField(label="承办单位", coerce=int, required=False, empty_value=None,
                                  error_messages={
                                      "invalid_choice": "请选择该县（市、区）中您可以查看的单位。"})

    def __init__(self, data: Any, *, counties: list[Region], units: list[Unit],
                 today: datetime.date, first_year: int | None) -> None:
        super().__init__(data)
        self.today = today
        self.fields["region"].choices = [(r.pk, r.name) for r in counties]
        self.fields["unit"].choices = [("", "全部单位"), *((u.pk, u.name) for u in units)]
        last = today.year
        first = max(FIRST_YEAR, min(first_year or last, last - 4))
        years = list(range(last, first - 1, -1))
        chosen = self.data.get("year")
        if chosen and str(chosen).isdigit() and FIRST_YEAR <= int(chosen) <= last \
                and int(chosen) not in years:
            years.append(int(chosen))
        self.fields["year"].widget = forms.Select(choices=[(y, f"{y}年") for y in years])
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select")

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        last = self.today.year
        if not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                f"年度应在 {FIRST_YEAR} 年（《政府信息公开条例》施行）至 {last} 年之间。")
        return year


# -------------------------------------------------------------------- report
def ontime_text(rate: dict[str, Any]) -> str:
    if not rate["denominator"]:
        return "按期答复率：本年度没有作出答复的申请。"
    return (f"按期答复率：{rate['rate']}%（本年度作出答复 {rate['denominator']} 件，其中在法定期限内"
            f"答复 {rate['numerator']} 件。答复期限含经批准的延长，不计征求意见所需时间；"
            f"视为放弃申请的不计入。）")


def build(cases: Any, year: int, *, title: str, scope_text: str) -> dict[str, Any]:
    """Everything the page and the workbook show, from the scoped ``cases``:
    five queries whatever their number (the table in three parts, the on-time rate, part 四)."""
    table = annual_report_table(cases, year)
    review = review_table(cases, year)
    return {
        "year": year, "title": title, "scope_text": scope_text,
        "table": table, "review": review,
        "part_three": part_three(table), "part_four": part_four(review),
        "balanced": balance_holds(table),
        "ontime": table["ontime_reply_rate"], "ontime_text": ontime_text(table["ontime_reply_rate"]),
        "part_three_title": PART_THREE, "part_four_title": PART_FOUR,
    }
