"""``fazhi export_register`` / ``fazhi import_register``: an export re-imported
into an empty county gives the same records; bad input exits with status 2."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from fazhi.core.actions import Actor
from fazhi.registers.base import OpenCase, RecordEvent, get_register
from fazhi.registers.models import Case, Deadline

D = datetime.date
REG = get_register("reconsideration")


def _open(county, received: datetime.date, title: str) -> Case:  # noqa: ANN001
    return OpenCase(Actor.for_user(county.users["clerk"]), REG, region=county.county,
                    unit=county.units["县司法局"], data={
                        "number": "", "title": title, "started_on": received,
                        "applicant": "李明", "applicant_type": "person",
                        "respondent": "县市场监管局", "contested_act": "行政处罚决定",
                        "act_kind": "penalty", "channel": "in_person", "procedure": "ordinary",
                        "needs_correction": False}).execute()


def _summary(region) -> list[tuple]:  # noqa: ANN001
    return [(c.number, c.title, c.state, c.started_on,
             sorted((d.step, d.due, d.status) for d in Deadline.objects.filter(case=c)))
            for c in Case.objects.filter(region=region).order_by("number")]


@pytest.mark.django_db
def test_round_trip_through_the_commands(county, tmp_path) -> None:  # noqa: ANN001
    first = _open(county, D(2024, 12, 20), "不服罚款决定")
    second = _open(county, D(2025, 3, 3), "不服吊销许可证决定")
    RecordEvent(Actor.for_user(county.users["clerk"]), second, REG, "accept",
                occurred_on=D(2025, 3, 5)).execute()
    out = tmp_path / "recon.xlsx"
    call_command("export_register", "reconsideration", "--region", "莘县", "--out", str(out),
                 stdout=StringIO())
    only_2025 = tmp_path / "recon-2025.xlsx"
    msg = StringIO()
    call_command("export_register", "reconsideration", "--region", "莘县", "--year", "2025",
                 "--out", str(only_2025), stdout=msg)
    assert "已导出 1 条" in msg.getvalue()

    originals = _summary(county.county)
    Case.objects.all().delete()  # an empty county again
    msg = StringIO()
    call_command("import_register", "reconsideration", str(out), "--region", "莘县", stdout=msg)
    assert "已导入 2 条" in msg.getvalue()
    assert _summary(county.county) == originals
    assert first.number in [c.number for c in Case.objects.all()]


@pytest.mark.django_db
def test_bad_input_exits_2_and_saves_nothing(county, tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(CommandError) as info:
        call_command("export_register", "nosuch", "--region", "莘县", "--out", "x.xlsx")
    assert info.value.returncode == 2
    wb = Workbook()
    ws = wb.active
    columns = REG.excel_columns()
    ws.append([c.header for c in columns])
    ws.append(["不是日期" if c.key == "started_on" else "" for c in columns])
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    with pytest.raises(CommandError, match="第 2 行") as info:
        call_command("import_register", "reconsideration", str(bad), "--region", "莘县")
    assert info.value.returncode == 2
    assert not Case.objects.exists()
    notxlsx = tmp_path / "x.xlsx"
    notxlsx.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("import_register", "reconsideration", str(notxlsx), "--region", "莘县")
