"""Drafts are not progress: a draft, a report waiting for the unit leader and a
report returned to the unit are the unit's own; the office and the city see
a report once it reached the office — on the ledger, its export, the unit
ledger, the overview, the report page and its evidence."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.actions import Actor
from fazhi.plans import services
from fazhi.plans.models import Assignment, Evidence

from ..conftest import PASSWORD

SECRET = "草稿里写的尚未核实的内容"


def client_for(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


@pytest.fixture
def draft(county, plan):  # noqa: ANN001, ANN201
    assignment = Assignment.objects.get(task__plan=plan, task__number=2, unit__short_name="县司法局")
    report = services.SaveReport(Actor.for_user(county.users["clerk"]), None, assignment=assignment,
                                 period=plan.periods.order_by("start").first(), text=SECRET,
                                 completion="in_progress").execute()
    evidence = Evidence(report=report, original_name="a.pdf", content_type="application/pdf", size=8)
    evidence.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return report


def _pages(plan, report) -> dict[str, str]:  # noqa: ANN001
    task = report.assignment.task
    return {
        "ledger": reverse("plans:plan_detail", args=[plan.pk]),
        "ledger_unit": reverse("plans:plan_detail", args=[plan.pk]) + f"?unit={report.assignment.unit_id}",
        "units": reverse("plans:task_units", args=[task.pk]),
        "task": reverse("plans:task_detail", args=[task.pk]),
        "by_unit": reverse("plans:assignment_list"),
        "reports": reverse("plans:report_list"),
    }


def _export_text(client: Client, url: str) -> str:
    response = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_unit_business_is_the_units_own(county, plan, draft, state) -> None:  # noqa: ANN001
    type(draft).objects.filter(pk=draft.pk).update(state=state)
    pages = _pages(plan, draft)
    for who in ("office", "viewer"):
        c = client_for(who)
        for name, url in pages.items():
            response = c.get(url)
            assert response.status_code == 200, (who, name)
            assert SECRET not in response.content.decode(), (who, name)
        assert SECRET not in _export_text(c, pages["ledger"]), who
        assert SECRET not in _export_text(c, pages["by_unit"]), who
        assert c.get(reverse("plans:report_detail", args=[draft.pk])).status_code == 404, who
        ev = draft.evidence.get()
        assert c.get(reverse("plans:evidence_download", args=[ev.pk])).status_code == 404, who
        overview = c.get(reverse("plans:plan_overview", args=[plan.pk])).content.decode()
        assert '"value": 1' not in overview, who  # the donut does not count it
    for who in ("clerk", "leader"):
        c = client_for(who)
        assert SECRET in c.get(pages["units"]).content.decode(), who
        assert SECRET in c.get(pages["by_unit"]).content.decode(), who
        assert c.get(reverse("plans:report_detail", args=[draft.pk])).status_code == 200, who


def test_once_it_reaches_the_office_everyone_in_scope_reads_it(county, plan, draft) -> None:  # noqa: ANN001
    services.SubmitReport(Actor.for_user(county.users["clerk"]), draft).execute()
    services.ApproveReport(Actor.for_user(county.users["leader"]), draft).execute()
    pages = _pages(plan, draft)
    for who in ("office", "viewer"):
        c = client_for(who)
        assert SECRET in c.get(pages["units"]).content.decode(), who
        assert SECRET in c.get(pages["ledger_unit"]).content.decode(), who
        assert SECRET in _export_text(c, pages["ledger"]), who
        assert c.get(reverse("plans:report_detail", args=[draft.pk])).status_code == 200, who
    # …but never a unit of another county
    assert client_for("other_office").get(reverse("plans:report_detail", args=[draft.pk])).status_code == 404
