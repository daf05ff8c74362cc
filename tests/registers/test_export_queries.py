"""Exporting a register to Excel runs a fixed number of queries however many
cases it exports (the project's standard): ``Register.export_queryset`` joins
and prefetches what the register's ``excel_columns`` getters read, and the
getters read those collections instead of querying per case."""

from __future__ import annotations

import datetime
import importlib
import random
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.actions import Actor
from fazhi.registers import excel
from fazhi.registers.base import get_register
from fazhi.registers.models import Case

from ..conftest import PASSWORD

BOUND = 20  # queries for one export request: session, user, scope, the cases, the prefetches
TODAY = datetime.date(2025, 11, 20)


def _rows(data: bytes) -> list[tuple]:
    ws = load_workbook(BytesIO(data), read_only=True).worksheets[0]
    return [tuple(r) for r in ws.iter_rows(values_only=True)][1:]


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["reconsideration", "litigation", "disclosure"])
def test_export_runs_a_fixed_number_of_queries(county, client, key,  # noqa: ANN001
                                               django_assert_max_num_queries) -> None:  # noqa: ANN001
    demo = importlib.import_module(f"fazhi.registers.{key}")
    demo.load_demo(county.county, county.units, Actor.for_user(county.users["office"]), TODAY,
                   random.Random(1))
    cases = Case.objects.filter(register=key, region=county.county)
    dates = sorted(cases.values_list("started_on", flat=True))
    # The latest receipt date up to which at most half of the cases were received.
    until = max(d for d in dates if sum(x <= d for x in dates) <= len(dates) // 2)
    half = cases.filter(started_on__lte=until).count()
    assert half >= 10 and len(dates) >= 2 * half

    assert client.login(username="office", password=PASSWORD)
    url = reverse("registers:case_list", args=[key]) + "?export=xlsx"
    client.get(f"{url}&until={until.isoformat()}")  # warm the per-process caches (calendar)
    with django_assert_max_num_queries(BOUND) as few:
        response = client.get(f"{url}&until={until.isoformat()}")
    assert response.status_code == 200
    assert len(_rows(response.content)) == half
    with django_assert_max_num_queries(BOUND) as many:
        response = client.get(url)
    assert response.status_code == 200
    exported = _rows(response.content)
    assert len(exported) == len(dates)
    # Twice the cases, not one query more.
    assert len(many) == len(few)
    # The prefetched export has exactly the values read case by case without it.
    plain = excel.workbook_bytes(get_register(key), cases.order_by("-started_on", "-id"))
    assert exported == _rows(plain)
