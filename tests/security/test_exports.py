"""Exports cannot carry formulas; times are local; every sheet has an autofilter."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from fazhi.core import tables
from fazhi.org.models import Unit

HOSTILE = ['=HYPERLINK("http://evil.example/","点我")', "+1+2", "-3+4", "@SUM(A1:A2)",
           "\t=1+1", "\r=2+2", "=cmd|' /C calc'!A0"]


def _formula_cells(data: bytes) -> list[str]:
    wb = load_workbook(BytesIO(data))
    return [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def test_hostile_texts_are_written_as_text_and_come_back_unchanged() -> None:
    response = tables.xlsx_response("x.xlsx", "x", ["值"], [[v] for v in HOSTILE])
    assert _formula_cells(response.content) == []
    ws = load_workbook(BytesIO(response.content)).active
    assert [ws.cell(row=i + 2, column=1).value for i in range(len(HOSTILE))] == HOSTILE
    assert ws.auto_filter.ref == f"A1:A{len(HOSTILE) + 1}"


def test_times_are_written_in_china_time() -> None:
    at = datetime.datetime(2026, 12, 1, 2, 30, tzinfo=datetime.UTC)  # 10:30 in Beijing
    response = tables.xlsx_response("x.xlsx", "x", ["时间"], [[at]])
    assert load_workbook(BytesIO(response.content)).active["A2"].value == datetime.datetime(2026, 12, 1, 10, 30)


def test_workbooks_built_elsewhere_are_made_safe() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["标题"])
    ws.append(["列一", "列二", "列三"])
    ws.append([HOSTILE[0], timezone.make_aware(datetime.datetime(2026, 1, 1, 8)), "x"])
    data = tables.safe_bytes(wb)
    assert _formula_cells(data) == []
    ws = load_workbook(BytesIO(data)).active
    assert ws.auto_filter.ref == "A2:C3"  # from the header row, under the title
    assert ws["B3"].value == datetime.datetime(2026, 1, 1, 8)


@pytest.mark.django_db
def test_a_live_export_with_a_hostile_unit_name(county) -> None:  # noqa: ANN001
    Unit.objects.create(region=county.county, name=HOSTILE[0], short_name=HOSTILE[1], kind="department")
    client = Client()
    client.force_login(county.users["sysadmin"])
    data = client.get(reverse("org:unit_list") + "?export=xlsx").content
    assert _formula_cells(data) == []
    values = {c.value for row in load_workbook(BytesIO(data)).active.iter_rows() for c in row}
    assert HOSTILE[0] in values and HOSTILE[1] in values
    from fazhi.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="file.export", username="sysadmin").exists()


@pytest.mark.django_db
def test_an_evidence_download_is_audited(county, plan) -> None:  # noqa: ANN001
    from django.core.files.base import ContentFile

    from fazhi.audit.models import AuditEntry
    from fazhi.core.actions import Actor
    from fazhi.plans import services
    from fazhi.plans.models import Assignment, Evidence

    assignment = Assignment.objects.filter(unit=county.units["县司法局"]).first()
    report = services.SaveReport(Actor.for_user(county.users["clerk"]), None, assignment=assignment,
                                 period=plan.periods.order_by("start").first(), text="进展",
                                 completion="in_progress", submit=True).execute()
    evidence = Evidence(report=report, original_name="a.pdf", content_type="application/pdf", size=8)
    evidence.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=True)
    client = Client()
    client.force_login(county.users["clerk"])
    response = client.get(reverse("plans:evidence_download", kwargs={"pk": evidence.pk}))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="file.download")
    assert entry.username == "clerk" and "a.pdf" in entry.object_repr
