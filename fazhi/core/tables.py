"""Sortable, paginated tables with Excel export, shared by every list page.

A view builds a ``Table`` from an already scoped and filtered queryset; the
template renders ``table.page`` and ``table.sort_link``; ``?export=xlsx``
returns the whole filtered list as a workbook (fazhi.core.xlsx, streamed;
large lists in the background, fazhi.core.exports).
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
from openpyxl.utils import get_column_letter

from .xlsx import FORMULA_STARTS, Sheet, cell_value, write_workbook

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
        """The whole filtered, sorted list as a workbook, written as a stream;
        past ``FAZHI_EXPORT_BACKGROUND_ROWS`` rows, generated in the background
        (fazhi.core.exports). The row count is the paginator's, already taken."""
        from .exports import respond

        # Rows are fetched in chunks (constant memory), only when written.
        rows = ([c.value(obj) for c in self.columns] for obj in self.queryset.iterator(chunk_size=2000))
        sheet = Sheet(title, [c.label for c in self.columns], rows, [c.width for c in self.columns])
        return respond(self.request, filename, [sheet], self.paginator.count)


def xlsx_response(filename: str, title: str, headers: list[str], rows: Iterable[list[Any]],
                  *, widths: list[int] | None = None) -> HttpResponse:
    """A workbook of one sheet, written as a stream and sent at once (for
    exports whose size is bounded: per unit, per indicator, capped lists)."""
    from .exports import attachment

    buffer = BytesIO()
    write_workbook(buffer, [Sheet(title, headers, rows, widths or [])])
    return attachment(buffer.getvalue(), filename)


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
                    cell.value = cell_value(cell.value)
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
