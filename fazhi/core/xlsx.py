"""Excel exports written as a stream: an openpyxl write-only workbook, so a
list of 100,000 rows takes the memory of one row at a time, not of the whole
sheet (a normal workbook keeps every cell object, about 32 KB a row).

Every sheet written here is safe and readable in the same way: texts that
Excel or WPS would take for a formula stay text, times are written as
Beijing time (Excel has no time zones), the header row is frozen and styled,
and an autofilter covers the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from copy import copy
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

# A text beginning with one of these would be read by Excel/WPS as a formula
# (or DDE payload); such cells are written as plain text (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_EVERY = 1000  # rows between two progress reports

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
BODY_ALIGN = Alignment(vertical="top", wrap_text=True)


def cell_value(value: Any) -> Any:
    """A value as it should be stored in a cell (local naive time, no None)."""
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the time as people here read it.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if value is None:
        return ""
    return value


@dataclass
class Sheet:
    """One sheet to write: headers, rows (any iterable, read once, lazily),
    column widths. ``body_style`` False writes plain cells, ``counted`` False
    leaves the sheet out of the row count (a notes sheet)."""

    title: str
    headers: list[str]
    rows: Iterable[Iterable[Any]]
    widths: list[int] = field(default_factory=list)
    body_style: bool = True
    autofilter: bool = True
    counted: bool = True


def _header_cells(ws: Any, headers: list[str]) -> list[WriteOnlyCell]:
    out = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        out.append(cell)
    return out


class _Styles:
    """The body cells' three styles, registered once per sheet and copied onto
    each cell (setting a style attribute per cell costs more than the cell)."""

    def __init__(self, ws: Any) -> None:
        self.by_kind = {}
        for kind, number_format in (("text", None), ("date", "yyyy-mm-dd"),
                                    ("datetime", "yyyy-mm-dd hh:mm")):
            cell = WriteOnlyCell(ws)
            cell.alignment = BODY_ALIGN
            if number_format:
                cell.number_format = number_format
            self.by_kind[kind] = cell._style

    def apply(self, cell: WriteOnlyCell, value: Any) -> None:
        kind = ("datetime" if isinstance(value, datetime.datetime)
                else "date" if isinstance(value, datetime.date) else "text")
        cell._style = copy(self.by_kind[kind])


def _body_cell(ws: Any, value: Any, styles: _Styles | None) -> Any:
    value = cell_value(value)
    if value == "":
        return None  # an empty cell
    cell = WriteOnlyCell(ws, value=value)
    if cell.data_type == "f":  # a text starting with "=": a string cell, not a formula
        cell.data_type = "s"
    if styles is not None:
        styles.apply(cell, value)
    return cell


def write_workbook(target: IO[bytes] | str, sheets: Iterable[Sheet],
                   progress: Callable[[int], None] | None = None) -> int:
    """Write the sheets to ``target`` (a file or path); returns the number of
    data rows written. ``progress(rows)`` is called every PROGRESS_EVERY rows."""
    wb = Workbook(write_only=True)
    written = 0
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31] or "Sheet")
        # Widths and frozen panes are written before the rows, so set first.
        widths = sheet.widths or [16] * len(sheet.headers)
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        ws.append(_header_cells(ws, sheet.headers))
        styles = _Styles(ws) if sheet.body_style else None
        count = 0
        for row in sheet.rows:
            ws.append([_body_cell(ws, v, styles) for v in row])
            count += 1
            if progress is not None and sheet.counted and (written + count) % PROGRESS_EVERY == 0:
                progress(written + count)
        if sheet.autofilter and sheet.headers:
            # The filter is written after the rows, so the range can include them all.
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{count + 1}"
        if sheet.counted:
            written += count
    if not wb.worksheets:
        wb.create_sheet("Sheet")
    wb.save(target)
    if progress is not None:
        progress(written)
    return written
