"""The lists' bounded count (fazhi.core.tables.BoundedPaginator): exact up to
FAZHI_LIST_COUNT_LIMIT rows, beyond it 超过 N 条, pages over the first N rows in
the chosen order, and the export still has every row."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.tables import Column, Table
from fazhi.org.models import Unit

COLUMNS = [Column("name", "全称", lambda u: u.name, sort="name")]


def _table(query: str = "", *, per_page: int = 2) -> Table:
    request = RequestFactory().get("/" + query)
    return Table(request, Unit.objects.all(), COLUMNS, default_sort="name", per_page=per_page)


@pytest.mark.django_db
def test_small_lists_are_counted_exactly(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_LIST_COUNT_LIMIT = 100
    n = Unit.objects.count()
    table = _table()
    assert table.paginator.exact and table.paginator.count == n == table.total
    assert table.count_text == f"共 {n} 条" and table.total_text == str(n)
    assert table.count_note == ""


@pytest.mark.django_db
def test_past_the_limit_the_count_stops_and_says_so(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_LIST_COUNT_LIMIT = 3
    n = Unit.objects.count()
    assert n > 4
    with CaptureQueriesContext(connection) as q:
        table = _table("?page=9")
        page = list(table.page)
    count_sql = next(x["sql"] for x in q.captured_queries if "COUNT(" in x["sql"].upper())
    # Counted in the database over at most limit + 1 rows, without sorting them.
    assert "LIMIT 4" in count_sql and "ORDER BY" not in count_sql.upper()
    assert not table.paginator.exact and table.paginator.count == 3
    # Pages cover the first three rows in the sort order; a page past them is the last.
    assert table.paginator.num_pages == 2 and table.page.number == 2
    names = sorted(Unit.objects.values_list("name", flat=True))
    assert [u.name for u in page] == names[2:3]
    assert table.count_text == "超过 3 条" and table.total_text == "超过 3"
    assert "倒转排序" in table.count_note and "导出的表格包含全部" in table.count_note
    # Reversing the sort reaches the other end of the list.
    assert [u.name for u in _table("?sort=-name").page] == names[::-1][:2]
    # The export's count is exact.
    assert table.total == n


@pytest.mark.django_db
def test_the_page_and_its_export(county, settings) -> None:  # noqa: ANN001
    settings.FAZHI_LIST_COUNT_LIMIT = 3
    client = Client()
    client.force_login(county.users["sysadmin"])
    html = client.get(reverse("org:unit_list")).content.decode()
    assert "超过 3 条" in html and "只分页列出按当前排序的前 3 条" in html
    response = client.get(reverse("org:unit_list") + "?export=xlsx")
    assert response.status_code == 200
    ws = load_workbook(BytesIO(b"".join(response.streaming_content) if response.streaming
                               else response.content)).active
    settings.FAZHI_LIST_COUNT_LIMIT = 1000
    html = client.get(reverse("org:unit_list")).content.decode()
    # Under the limit the page's exact count, and the export had every one of them.
    counted = re.search(r"共 (\d+) 条", html)
    assert counted and "只分页列出" not in html
    assert ws.max_row - 1 == int(counted.group(1)) > 3
