"""Sortable, paginated tables with Excel export, shared by every list page.

A view builds a ``Table`` from an already scoped and filtered queryset; the
template renders ``table.page`` and ``table.sort_link``; ``?export=xlsx``
returns the whole filtered list as a workbook (fazhi.core.xlsx, streamed;
large lists in the background, fazhi.core.exports).

With ``rows`` (a function adding the display's annotations and related
objects) the page is read as a deferred join: the page's ids first, from the
lean filtered queryset in the chosen order (which an index can give), then
``rows`` for those ids only. Annotations that are costly per row (the latest
report, counts over assignments) are then computed for the page's rows, not
for every row of the list before the sort (docs/scale.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property
from openpyxl.utils import get_column_letter

from .xlsx import FORMULA_STARTS, Sheet, cell_value, write_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Lists count their rows exactly up to this many (FAZHI_LIST_COUNT_LIMIT); past
# it the page says 超过 N 条 and pages through the first N rows (docs/scale.md).
COUNT_LIMIT = 10_000


def count_limit() -> int:
    return int(getattr(settings, "FAZHI_LIST_COUNT_LIMIT", COUNT_LIMIT))


class BoundedPaginator(Paginator):
    """A paginator that counts at most ``limit + 1`` rows.

    A plain COUNT(*) reads every row of the filtered list on every page, so a
    list's time grew with the data even when its page came from an index. The
    count is ``SELECT COUNT(*) FROM (… LIMIT limit + 1)``: exact up to
    ``limit``, and beyond it only known to be larger (``exact`` False). The
    pages then cover the first ``limit`` rows in the chosen order; the rest are
    reached by reversing the sort, narrowing the filters, or the export (which
    always has every row)."""

    def __init__(self, object_list: models.QuerySet, per_page: int, limit: int,
                 count_rows: models.QuerySet | None = None) -> None:
        super().__init__(object_list, per_page)
        self.limit = limit
        self.count_rows = count_rows

    @cached_property
    def counted(self) -> int:
        if self.count_rows is not None:  # as many rows, counted a cheaper way
            return self.count_rows.order_by()[: self.limit + 1].count()
        # The order does not change how many rows there are; without it the
        # database need not sort before the LIMIT.
        return self.object_list.order_by().values("pk")[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return min(self.counted, self.limit)

    @property
    def exact(self) -> bool:
        return self.counted <= self.limit


@dataclass
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]
    sort: str | None = None  # ORM ordering field; None = not sortable
    width: int = 16
    # The sort needs something the table's ``rows`` adds (an annotation): the
    # whole list then gets ``rows`` before it is ordered (no deferred join).
    sort_needs_rows: bool = False


class Table:
    def __init__(self, request: HttpRequest, queryset: models.QuerySet, columns: list[Column],
                 *, default_sort: str, per_page: int = 25,
                 rows: Callable[[models.QuerySet], models.QuerySet] | None = None,
                 max_count: int | None = None, beyond: str = "",
                 count_rows: models.QuerySet | None = None) -> None:
        # max_count: a list's own, lower bound on its count (count_limit());
        # beyond: how to reach the rows past it, instead of the general advice;
        # count_rows: a queryset with one row per row of the list that the
        # database counts faster (the register search, fazhi.registers.case_search).
        self.request = request
        self.beyond = beyond
        limit = max_count or count_limit()
        self.columns = columns
        sortable = {c.key: c for c in columns if c.sort}
        requested = request.GET.get("sort", default_sort)
        key = requested.lstrip("-")
        if key not in sortable:
            requested, key = default_sort, default_sort.lstrip("-")
        self.sort = requested
        desc = requested.startswith("-")
        column = sortable.get(key)
        sign = "-" if desc else ""
        # Ties broken by id in the same direction, so that an index on the
        # sort column (whose entries end with the row id) gives the whole
        # order and the first page needs no sort.
        order = (f"{sign}{column.sort}", f"{sign}pk") if column else ()
        deferred = rows is not None and not (column and column.sort_needs_rows)
        if rows is not None:
            # The display's rows are built afresh from the ids (the lean
            # queryset's filters on related rows would otherwise restrict the
            # display's counts over those relations).
            whole = rows(queryset.model._default_manager.filter(pk__in=queryset.values("pk")))
            # Exports read every row with its display.
            self.queryset = whole.order_by(*order) if order else whole
        else:
            self.queryset = queryset.order_by(*order) if order else queryset
        if deferred:
            # Only the ids are selected and sorted; the page's rows come afterwards.
            lean = queryset.order_by(*order) if order else queryset
            self.paginator = BoundedPaginator(lean.values_list("pk", flat=True), per_page, limit,
                                              count_rows)
        else:
            self.paginator = BoundedPaginator(self.queryset, per_page, limit, count_rows)
        self.page: Page = self.paginator.get_page(request.GET.get("page"))
        if deferred:
            self.page.object_list = _rows_for(queryset.model, list(self.page.object_list), rows)

    @property
    def total_text(self) -> str:
        """The row count as shown: the number, or 超过 N when it was not counted to the end."""
        if self.paginator.exact:
            return str(self.paginator.count)
        return f"超过 {self.paginator.limit:,}"

    @property
    def count_text(self) -> str:
        """Under the list: 共 N 条, or 超过 N 条 past the count limit."""
        if self.paginator.exact:
            return f"共 {self.paginator.count} 条"
        return f"超过 {self.paginator.limit:,} 条"

    @property
    def count_note(self) -> str:
        """Under the pagination when the list is longer than the pages reach."""
        if self.paginator.exact:
            return ""
        return (f"只分页列出按当前排序的前 {self.paginator.limit:,} 条；"
                + (self.beyond or "要看其余的，请倒转排序或缩小筛选范围，导出的表格包含全部。"))

    @cached_property
    def total(self) -> int:
        """Every row of the filtered list, counted exactly (for exports)."""
        if self.paginator.exact:
            return self.paginator.count
        return self.queryset.order_by().count()

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
        (fazhi.core.exports). The row count is exact (``total``)."""
        from .exports import respond

        # Rows are fetched in chunks (constant memory), only when written.
        rows = ([c.value(obj) for c in self.columns] for obj in self.queryset.iterator(chunk_size=2000))
        sheet = Sheet(title, [c.label for c in self.columns], rows, [c.width for c in self.columns])
        return respond(self.request, filename, [sheet], self.total)


def _rows_for(model: type[models.Model], ids: list[int],
              rows: Callable[[models.QuerySet], models.QuerySet]) -> list[Any]:
    """The page's rows with their display (``rows``), read for ``ids`` only
    and returned in their order."""
    if not ids:
        return []
    found = {obj.pk: obj for obj in rows(model._default_manager.filter(pk__in=ids)).order_by()}
    return [found[pk] for pk in ids if pk in found]


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
