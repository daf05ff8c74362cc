"""Plans can be corrected: import warnings, editing a plan and a task,
due dates in bulk, withdrawing a plan that has no accepted report."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.core.actions import Actor
from fazhi.plans import services
from fazhi.plans.models import Assignment, Plan, ProgressReport, Task

from ..conftest import PASSWORD, SMALL_PLAN


def client_for(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


def _preview(c: Client, county, year: int) -> str:  # noqa: ANN001
    response = c.post(reverse("plans:plan_import"), {
        "region": county.county.pk, "year": year, "title": "",
        "file": SimpleUploadedFile("plan.txt", SMALL_PLAN.encode(), content_type="text/plain")})
    assert response.status_code == 302
    return c.get(response["Location"]).content.decode()


def test_preview_warns_about_the_year(county) -> None:  # noqa: ANN001
    c = client_for("office")
    assert "文件中的年度是2030年，与选择的2031年不一致" in _preview(c, county, 2031)
    assert "import-warnings" not in _preview(c, county, 2030)


def test_preview_warns_when_the_year_has_a_plan(county, plan) -> None:  # noqa: ANN001
    page = _preview(client_for("office"), county, 2030)
    assert "2030年度已有工作计划" in page


def test_office_edits_plan_and_task(county, plan) -> None:  # noqa: ANN001
    c = client_for("office")
    c.post(reverse("plans:plan_edit", args=[plan.pk]), {"title": "莘县2030年法治政府建设工作要点"})
    assert Plan.objects.get(pk=plan.pk).title == "莘县2030年法治政府建设工作要点"
    task = plan.tasks.get(number=2)
    u = county.units
    response = c.post(reverse("plans:task_edit", args=[task.pk]), {
        "number": 9, "source_number": "", "text": "开展法治督察和专项检查。", "due_date": "2030-10-31",
        "lead": [u["县司法局"].pk], "responsible": [u["县审计局"].pk, u["县司法局"].pk]})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.number, task.text, task.due_date) == (9, "开展法治督察和专项检查。", datetime.date(2030, 10, 31))
    roles = dict(task.assignments.values_list("unit__short_name", "role"))
    assert roles == {"县司法局": "lead", "县审计局": "responsible"}
    assert task.lead_units_text == "县司法局" and task.responsible_units_text == "县审计局"
    assert AuditEntry.objects.filter(action="task.update", object_id=str(task.pk)).exists()
    assert AuditEntry.objects.filter(action="assignment.add").exists()
    # a number already taken is refused with the reason
    page = c.post(reverse("plans:task_edit", args=[task.pk]), {
        "number": 1, "text": "x", "lead": [u["县司法局"].pk]}).content.decode()
    assert "已有序号为1的任务" in page
    # a unit that reported cannot be taken off
    a = Assignment.objects.get(task=task, unit=u["县审计局"])
    ProgressReport.objects.create(assignment=a, period=plan.periods.first(), text="进展")
    page = c.post(reverse("plans:task_edit", args=[task.pk]), {
        "number": 9, "text": "x", "lead": [u["县司法局"].pk]}).content.decode()
    assert "已报送过该任务的进展，不能取消分工" in page
    # nobody but the office
    assert client_for("clerk").get(reverse("plans:task_edit", args=[task.pk])).status_code == 403
    assert client_for("other_office").get(reverse("plans:task_edit", args=[task.pk])).status_code == 404


def test_due_dates_of_a_section_at_once(county, plan) -> None:  # noqa: ANN001
    section = plan.sections.get(order=1)
    client_for("office").post(reverse("plans:bulk_due_dates", args=[plan.pk]),
                              {"section": section.pk, "due_date": "2030-12-20"})
    dates = dict(plan.tasks.values_list("number", "due_date"))
    assert dates[1] == dates[2] == datetime.date(2030, 12, 20)
    assert dates[3] == datetime.date(2030, 12, 31)  # another section
    assert AuditEntry.objects.filter(action="task.set_due_date").count() == 2


def test_withdraw_only_without_accepted_reports(county, plan) -> None:  # noqa: ANN001
    c = client_for("office")
    a = Assignment.objects.get(task__plan=plan, task__number=2, unit__short_name="县司法局")
    report = services.SaveReport(Actor.for_user(county.users["clerk"]), None, assignment=a,
                                 period=plan.periods.first(), text="进展", completion="done",
                                 submit=True).execute()
    ProgressReport.objects.filter(pk=report.pk).update(state="accepted")
    c.post(reverse("plans:plan_withdraw", args=[plan.pk]))
    assert Plan.objects.filter(pk=plan.pk).exists()
    ProgressReport.objects.filter(pk=report.pk).update(state="approved")
    assert client_for("clerk").post(reverse("plans:plan_withdraw", args=[plan.pk])).status_code == 403
    response = c.post(reverse("plans:plan_withdraw", args=[plan.pk]))
    assert response.status_code == 302
    assert not Plan.objects.filter(pk=plan.pk).exists() and not Task.objects.exists()
    entry = AuditEntry.objects.get(action="plan.withdraw")
    assert "撤回莘县2030年工作计划" in entry.note


@pytest.mark.parametrize("params,expected_plan", [({}, "current"), ({"plan": ""}, None)])
def test_ledger_opens_on_this_years_plan(county, plan, params, expected_plan) -> None:  # noqa: ANN001
    Plan.objects.filter(pk=plan.pk).update(year=datetime.date.today().year)
    page = client_for("office").get(reverse("plans:assignment_list"), params).content.decode()
    selected = f'<option value="{plan.pk}" selected>'
    assert (selected in page) is (expected_plan == "current")


def test_overview_sorts_exports_and_links_units(county, plan) -> None:  # noqa: ANN001
    from io import BytesIO

    from openpyxl import load_workbook

    plan.tasks.filter(number=3).update(due_date=datetime.date(2020, 1, 1))
    c = client_for("office")
    url = reverse("plans:plan_overview", args=[plan.pk])
    page = c.get(url, {"sort": "-red"}).content.decode()
    table = page.split('id="by-unit"', 1)[1]
    first = table.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert 'text-danger' in first  # the unit with the most overdue first
    assert f'{reverse("plans:plan_detail", args=[plan.pk])}?unit=' in table
    assert "（{d}%）" in page  # the donut shows counts and percentages
    sheet = load_workbook(BytesIO(c.get(url, {"export": "xlsx"}).content)).active
    assert [cell.value for cell in sheet[1]][:2] == ["单位", "分工数"]
    assert sheet.max_row - 1 == len({a.unit_id for a in Assignment.objects.filter(task__plan=plan)})
