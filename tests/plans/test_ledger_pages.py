"""The ledgers read as deferred joins (fazhi.core.tables ``rows``): the page's
ids are chosen from the lean filtered list, the per-row annotations computed
for those ids only — with the same rows, order and counts as before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.plans.models import Assignment, ProgressReport, Task

from ..conftest import PASSWORD


@pytest.fixture
def office(county) -> Client:  # noqa: ANN001
    client = Client()
    assert client.login(username="office", password=PASSWORD)
    return client


@pytest.fixture
def plan(county):  # noqa: ANN001, ANN201
    """A plan of 12 tasks, each given to several units (more than a page of assignments)."""
    from fazhi.core.actions import Actor
    from fazhi.plans import services
    from fazhi.plans.parser import parse_plan_text

    text = "一、测试\n\n" + "\n\n".join(
        f"{i}. 任务{i}。〔牵头单位：县司法局；责任单位：县政府各部门，各镇人民政府（街道办事处）〕"
        for i in range(1, 13))
    return services.ImportPlan(Actor.for_user(county.users["office"]), services.preview_import(
        parse_plan_text(text), county.county, 2030)).execute()


def _report(assignment: Assignment, plan, state: str) -> ProgressReport:  # noqa: ANN001
    return ProgressReport.objects.create(assignment=assignment, period=plan.periods.order_by("start").first(),
                                         text=f"进展{assignment.pk}", state=state)


def test_the_page_ids_come_first_then_the_rows_of_the_page(office, plan) -> None:  # noqa: ANN001
    for a in Assignment.objects.filter(task__plan=plan):
        _report(a, plan, "accepted")
    with CaptureQueriesContext(connection) as q:
        response = office.get(reverse("plans:assignment_list"), {"plan": plan.pk})
    assert response.status_code == 200
    report_table = ProgressReport._meta.db_table
    table = Assignment._meta.db_table
    paged = [x["sql"] for x in q.captured_queries if x["sql"].startswith(f'SELECT "{table}"."id" AS "pk" FROM')]
    # The ordered, paged query selects ids only; no latest-report subquery in it.
    assert paged and all(report_table not in s for s in paged)
    rows = [x["sql"] for x in q.captured_queries if report_table in x["sql"] and "IN (" in x["sql"]]
    assert rows, "the page's rows are read with their latest report by id"
    shown = [a.pk for a in response.context["table"].page]
    expected = list(Assignment.objects.filter(task__plan=plan).order_by("-task__plan__year", "-pk")
                    .values_list("pk", flat=True)[:30])
    assert shown == expected
    assert all(a.latest_text == f"进展{a.pk}" for a in response.context["table"].page)


def test_the_ledger_by_unit_keeps_its_order_across_pages(office, plan) -> None:  # noqa: ANN001
    url = reverse("plans:assignment_list")
    expected = list(Assignment.objects.filter(task__plan=plan).order_by("unit__name", "pk")
                    .values_list("pk", flat=True))
    assert len(expected) > 30
    shown = []
    for page in (1, 2, 3):
        table = office.get(url, {"plan": plan.pk, "sort": "unit", "page": page}).context["table"]
        if table.page.number != page:
            break
        shown += [a.pk for a in table.page]
    assert shown == expected


def test_a_unit_filter_keeps_the_whole_tasks_counts(office, county, plan) -> None:  # noqa: ANN001
    unit = county.units["县司法局"]
    Assignment.objects.filter(task__plan=plan, unit=unit).update(is_done=True)
    response = office.get(reverse("plans:plan_detail", args=[plan.pk]), {"unit": unit.pk})
    tasks = list(response.context["table"].page)
    assert tasks
    for t in tasks:
        total = Assignment.objects.filter(task=t).count()
        # Counted over all the task's units, not only the filtered one.
        assert (t.assignment_count, t.done_count) == (total, 1)
        assert t.unit_done is True and t.unit_light == "green"
    assert {t.pk for t in tasks} == set(Task.objects.filter(plan=plan, assignments__unit=unit)
                                        .values_list("pk", flat=True))


def test_sorting_by_a_count_sorts_the_whole_list(office, county, plan) -> None:  # noqa: ANN001
    done = Task.objects.filter(plan=plan).order_by("number")[1]
    Assignment.objects.filter(task=done).update(is_done=True)
    url = reverse("plans:plan_detail", args=[plan.pk])
    tasks = list(office.get(url, {"sort": "-done"}).context["table"].page)
    assert tasks[0].pk == done.pk and tasks[0].done_count == tasks[0].assignment_count
    greens = list(office.get(url, {"light": "green"}).context["table"].page)
    assert [t.pk for t in greens] == [done.pk] and greens[0].light == "green"


def test_a_report_carries_its_plans_county_and_the_review_list_uses_it(office, county, plan) -> None:  # noqa: ANN001
    assignment = Assignment.objects.filter(task__plan=plan).first()
    report = _report(assignment, plan, "approved")
    assert report.region_id == plan.region_id == county.county.pk
    # Another unit's draft: not shown to the office, nor its unit in the filter.
    _report(Assignment.objects.filter(task__plan=plan).exclude(unit=assignment.unit).first(), plan, "draft")
    with CaptureQueriesContext(connection) as q:
        response = office.get(reverse("plans:report_list"))
    assert [r.pk for r in response.context["table"].page] == [report.pk]
    # The unit filter lists the units with a report this reader may see.
    assert [c[0] for c in response.context["form"].fields["unit"].choices] == ["", assignment.unit_id]
    table = ProgressReport._meta.db_table
    ids = next(x["sql"] for x in q.captured_queries if x["sql"].startswith(f'SELECT "{table}"."id" AS "pk" FROM'))
    # Scoped by the report's own county column: no joins up to the plan.
    assert f'"{table}"."region_id" IN ({county.county.pk})' in ids and "plans_plan" not in ids
    # Another county's office does not see it; the city's viewer does.
    for who, seen in (("other_office", []), ("viewer", [report.pk])):
        client = Client()
        assert client.login(username=who, password=PASSWORD)
        assert [r.pk for r in client.get(reverse("plans:report_list")).context["table"].page] == seen
