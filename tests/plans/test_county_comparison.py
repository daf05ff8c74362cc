"""The city viewer's side-by-side county overview (issue 11 item 10): every
county below it, one fixed set of queries however many counties, drafts not
counted, nothing of another city; the viewer's home links to it and shows no
review queue."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.org.models import Region, Unit
from fazhi.plans.models import Assignment, Plan, ProgressReport, ReportingPeriod, Section, Task

from ..conftest import PASSWORD

YEAR = datetime.date.today().year


def _county_plan(parent: Region, name: str, *, done: int, late: int, open_: int) -> Plan:
    county = Region.objects.create(name=name, level=Region.Level.COUNTY, parent=parent)
    plan = Plan.objects.create(region=county, year=YEAR, title=f"{name}{YEAR}年法治政府建设工作计划")
    section = Section.objects.create(plan=plan, order=1, title="一、加强组织领导")
    units = [Unit.objects.create(region=county, name=f"{name}单位{i}", kind=Unit.Kind.DEPARTMENT)
             for i in range(done + late + open_)]
    past, future = datetime.date(YEAR - 1, 1, 1), datetime.date(YEAR + 1, 12, 31)
    for i, unit in enumerate(units):
        task = Task.objects.create(plan=plan, section=section, number=i + 1, text=f"任务{i + 1}",
                                   due_date=past if i >= done and i < done + late else future)
        Assignment.objects.create(task=task, unit=unit, role="lead", is_done=i < done)
    return plan


def _client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


@pytest.mark.django_db
def test_each_county_side_by_side_with_its_figures(county) -> None:  # noqa: ANN001
    _county_plan(county.city, "甲县", done=2, late=1, open_=1)
    _county_plan(county.city, "乙县", done=0, late=2, open_=0)
    other_city = Region.objects.create(name="济南市", level=Region.Level.CITY,
                                       parent=county.province)
    _county_plan(other_city, "外市县", done=1, late=0, open_=0)
    page = _client("viewer").get(reverse("plans:county_comparison"), {"year": YEAR})
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count("h-100 county-column") == 2 and "外市县" not in body
    assert "甲县" in body and "乙县" in body and "50.0%" in body  # 甲县: 2 of 4 done
    assert "2个单位有逾期" in body  # 乙县
    assert "尚未导入" in body and "莘县" in body  # the viewer's counties without a plan listed
    export = _client("viewer").get(reverse("plans:county_comparison"),
                                   {"year": YEAR, "export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_query_count_does_not_grow_with_counties(county) -> None:  # noqa: ANN001
    _county_plan(county.city, "甲县", done=1, late=1, open_=1)
    client = _client("viewer")
    url = reverse("plans:county_comparison")
    client.get(url)  # warm the session and calendar caches
    with CaptureQueriesContext(connection) as two:
        client.get(url, {"year": YEAR})
    for i in range(4):
        _county_plan(county.city, f"新{i}县", done=i, late=1, open_=2)
    with CaptureQueriesContext(connection) as six:
        body = client.get(url, {"year": YEAR}).content.decode()
    assert body.count("h-100 county-column") == 5
    assert len(six.captured_queries) == len(two.captured_queries)


@pytest.mark.django_db
def test_drafts_are_not_counted(county) -> None:  # noqa: ANN001
    plan = _county_plan(county.city, "甲县", done=0, late=0, open_=2)
    period = ReportingPeriod.objects.create(plan=plan, name="第一季度", start=datetime.date(YEAR, 1, 1),
                                            end=datetime.date(YEAR, 3, 31),
                                            due=datetime.date(YEAR, 4, 10))
    a, b = Assignment.objects.filter(task__plan=plan)
    ProgressReport.objects.create(assignment=a, period=period, text="草稿", state="draft")
    ProgressReport.objects.create(assignment=b, period=period, text="已采纳", state="accepted")
    body = _client("viewer").get(reverse("plans:county_comparison")).content.decode()
    assert "待依法治县办审核0份" in body and "已采纳1份" in body


@pytest.mark.django_db
def test_only_office_and_viewers(county) -> None:  # noqa: ANN001
    assert _client("clerk").get(reverse("plans:county_comparison")).status_code == 403
    assert _client("office").get(reverse("plans:county_comparison")).status_code == 200


@pytest.mark.django_db
def test_viewer_home_shows_counties_not_a_queue(county) -> None:  # noqa: ANN001
    _county_plan(county.city, "甲县", done=1, late=0, open_=1)
    body = _client("viewer").get(reverse("home")).content.decode()
    assert 'id="home-counties"' in body and "甲县" in body and 'id="home-compare"' in body
    assert "待我处理" not in body and "进展审核" not in body
    assert 'id="nav-counties"' in body
