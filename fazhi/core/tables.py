"""Sortable, paginated tables with Excel export, shared by every list page.

A view builds a ``Table`` from an already scoped and filtered queryset; the
template renders ``table.page`` and ``table.sort_link``; ``?export=xlsx``
returns the whole filtered list as a workbook.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]
    sort: str | None = None  # ORM ordering field; None = not sortable
    width: int = 16


class Table:
    def __init__(self, request: HttpRequest, queryset: models.QuerySet, columns: list[Column],
                 *, default_sort: str, per_page: int = 25) -> None:
        self.request = request
        self.columns = columns
        sortable = {c.key: c.sort for c in columns if c.sort}
        requested = request.GET.get("sort", default_sort)
        key = requested.lstrip("-")
        if key not in sortable:
            requested, key = default_sort, default_sort.lstrip("-")
        self.sort = requested
        desc = requested.startswith("-")
        order = sortable.get(key)
        if order:
            queryset = queryset.order_by(f"{'-' if desc else ''}{order}", "pk")
        self.queryset = queryset
        self.paginator = Paginator(queryset, per_page)
        self.page: Page = self.paginator.get_page(request.GET.get("page"))

    def headers(self) -> list[dict[str, Any]]:
        out = []
        for c in self.columns:
            current = self.sort.lstrip("-") == c.key
            desc = self.sort.startswith("-")
            out.append({
                "label": c.label,
                "sortable": bool(c.sort),
                "sort_value": f"-{c.key}" if current and not desc else c.key,
                "active": current,
                "desc": desc,
            })
        return out

    def export(self, filename: str, title: str) -> HttpResponse:
        rows = ([c.value(obj) for c in self.columns] for obj in self.queryset.iterator(chunk_size=500))
        return xlsx_response(filename, title, [c.label for c in self.columns], rows,
                             widths=[c.width for c in self.columns])


# A text beginning with one of these would be read by Excel/WPS as a formula
# (or DDE payload); such cells are written as plain text (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the time as people here read it.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if value is None:
        return ""
    return value


def write_row(ws: Any, values: Iterable[Any]) -> None:
    """Append one row; texts that look like formulas stay text."""
    ws.append([_cell(v) for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # a string cell, not a formula


def finish_sheet(ws: Any) -> None:
    """Every exported sheet: frozen header row and an autofilter over the data."""
    ws.freeze_panes = "A2"
    if ws.max_row >= 1 and ws.max_column >= 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(ws.max_column)}{max(ws.max_row, 1)}"


def xlsx_response(filename: str, title: str, headers: list[str], rows: Iterable[list[Any]],
                  *, widths: list[int] | None = None) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        write_row(ws, row)
    for i, width in enumerate(widths or [16] * len(headers), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    finish_sheet(ws)
    return workbook_response(wb, filename)


def make_safe(wb: Any) -> None:
    """For workbooks built elsewhere (register lists, assessment results, the
    disclosure annual report): formula-looking texts become text, aware times
    local, and a sheet without one gets an autofilter."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS) \
                        and cell.data_type == "f":
                    cell.data_type = "s"
                elif isinstance(cell.value, datetime.datetime) and cell.value.tzinfo is not None:
                    cell.value = _cell(cell.value)
        if not ws.auto_filter.ref and ws.max_row > 1:
            header = _header_row(ws)
            ws.auto_filter.ref = f"A{header}:{get_column_letter(ws.max_column)}{ws.max_row}"


def _header_row(ws: Any) -> int:
    """The first row filled across most columns (below any merged title rows)."""
    need = max(2, int(ws.max_column * 0.6))
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 12)):
        if sum(1 for c in row if c.value not in (None, "")) >= need:
            return row[0].row
    return 1


def workbook_response(wb: Any, filename: str) -> HttpResponse:
    """Send a workbook built elsewhere, made safe first."""
    response = HttpResponse(safe_bytes(wb), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def safe_bytes(wb: Any) -> bytes:
    """The workbook's bytes after making every sheet safe (see workbook_response)."""
    make_safe(wb)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
