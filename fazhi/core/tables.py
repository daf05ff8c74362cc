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


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if value is None:
        return ""
    return value


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
        ws.append([_cell(v) for v in row])
    for i, width in enumerate(widths or [16] * len(headers), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
