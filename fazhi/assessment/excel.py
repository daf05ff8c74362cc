"""考核结果表（.xlsx），按上报上级的版式：标题行“××县××年度法治政府建设考核结果”，
两行合并表头（序号、单位、基本项目／加分项目下的各考核项目得分、总分、名次），
每个单位一行，A4 横向打印，表头每页重复。"""

from __future__ import annotations

import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fazhi.indicators.services import format_decimal

from .models import Scheme
from .results import UnitResult

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEAD_ROWS = (3, 4)


def title(scheme: Scheme) -> str:
    return f"{scheme.region.name}{scheme.year}年度法治政府建设考核结果"


def _cn(d: datetime.date | datetime.datetime) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _head(ws: Worksheet, row: int, col: int, text: str, *, rows: int = 1, cols: int = 1) -> None:
    ws.cell(row=row, column=col, value=text)
    for r in range(row, row + rows):
        for c in range(col, col + cols):
            cell = ws.cell(row=r, column=c)
            cell.border, cell.fill = BORDER, HEAD_FILL
    top = ws.cell(row=row, column=col)
    top.font, top.alignment = Font(bold=True), CENTER
    if rows > 1 or cols > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1,
                       end_column=col + cols - 1)


def workbook_bytes(scheme: Scheme, rows: list[UnitResult], today: datetime.date) -> bytes:
    items = rows[0].items if rows else []
    base = [i for i in items if not i.is_bonus]
    bonus = [i for i in items if i.is_bonus]
    width = 2 + len(items) + 2
    wb = Workbook()
    ws = wb.active
    ws.title = "考核结果"

    ws.cell(row=1, column=1, value=title(scheme)).font = Font(bold=True, size=16)
    ws.cell(row=1, column=1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    state = (f"已定稿（{_cn(scheme.closed_at)}）" if scheme.is_closed and scheme.closed_at
             else f"未定稿，数据截至{_cn(today)}")
    ws.cell(row=2, column=1,
            value=f"考核方案：{scheme.name}　考核对象：{scheme.target_text}　{state}")
    ws.cell(row=2, column=1).alignment = Alignment(horizontal="left", vertical="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)

    top, sub = HEAD_ROWS
    _head(ws, top, 1, "序号", rows=2)
    _head(ws, top, 2, "单位", rows=2)
    col = 3
    full = sum((i.full_marks for i in base), start=0)
    if base:
        _head(ws, top, col, f"基本项目（满分{format_decimal(full)}分）", cols=len(base))
        for i in base:
            _head(ws, sub, col, f"{i.title}（{format_decimal(i.full_marks)}分）")
            col += 1
    if bonus:
        _head(ws, top, col, "加分项目", cols=len(bonus))
        for i in bonus:
            _head(ws, sub, col, f"{i.title}（最多加{format_decimal(i.max_points)}分）")
            col += 1
    _head(ws, top, col, "总分", rows=2)
    _head(ws, top, col + 1, "名次", rows=2)

    row = sub + 1
    for n, result in enumerate(rows, start=1):
        by_id = {i.item_id: i for i in result.items}
        values: list[object] = [n, result.unit_name]
        values += [by_id[i.item_id].points if i.item_id in by_id and by_id[i.item_id].points
                   is not None else "—" for i in base + bonus]
        values += [result.total, result.rank]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=c, value=value)
            cell.border = BORDER
            cell.alignment = (Alignment(horizontal="left", vertical="center") if c == 2
                              else Alignment(horizontal="center", vertical="center"))
            if c > 2 and not isinstance(value, str):
                cell.number_format = "0" if c == width else "0.00"
        row += 1
    ws.cell(row=row + 1, column=1,
            value=f"制表单位：{scheme.region.name}依法治县办　制表日期：{_cn(today)}")
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=width)

    for c, w in enumerate([6, 22] + [14] * len(items) + [10, 8], start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.row_dimensions[sub].height = 45
    ws.freeze_panes = ws.cell(row=sub + 1, column=3)
    ws.print_title_rows = f"{top}:{sub}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    from fazhi.core.tables import safe_bytes  # formula-safe cells, local times, autofilter

    return safe_bytes(wb)
