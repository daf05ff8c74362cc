"""Bulk register import (issue 10, item 10): the rows checked in memory and
written in bulk give the same records as replaying them one by one — the same
cases, details, events, deadlines and other rows, and the same audit entries,
with the hash chain intact — and errors are listed (the first 200) with their
count and nothing saved."""

from __future__ import annotations

import datetime
import random
from io import BytesIO
from typing import Any

import pytest
from django.db import models, transaction
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.audit.service import verify_chain
from fazhi.core.actions import Actor
from fazhi.core.numbering import NumberCounter
from fazhi.registers import excel
from fazhi.registers.base import REGISTERS, get_register
from fazhi.registers.models import Case

BULK = [key for key, reg in REGISTERS.items() if reg.bulk_import]
VOLATILE = {"created_at", "updated_at", "recorded_at", "uploaded_at", "id"}


class _Rollback(Exception):
    pass


def _row(obj: models.Model, ids: dict[tuple[type, int], str]) -> tuple:
    """A record's values with ids of the import's rows named by what they are."""
    out = []
    for f in obj._meta.concrete_fields:
        if f.name in VOLATILE:
            continue
        value = getattr(obj, f.attname)
        if f.is_relation and value is not None and (f.related_model, value) in ids:
            value = ids[(f.related_model, value)]
        out.append((f.name, value))
    return tuple(out)


def _state(county, since_audit: int) -> dict[str, Any]:  # noqa: ANN001
    """Every record of the county's cases, and the audit entries since ``since_audit``."""
    cases = list(Case.objects.filter(region=county).order_by("number"))
    ids: dict[tuple[type, int], str] = {(Case, c.pk): c.number for c in cases}
    related = [r for r in Case._meta.related_objects if r.one_to_many or r.one_to_one]
    records: dict[str, list] = {}
    for case in cases:
        for rel in related:
            model = rel.related_model
            rows = list(model._default_manager.filter(**{rel.field.name: case}).order_by("pk"))
            for i, row in enumerate(rows):
                ids[(model, row.pk)] = f"{case.number}/{model.__name__}/{i}"
    for case in cases:
        records[case.number] = [_row(case, ids)]
        for rel in related:
            model = rel.related_model
            for row in model._default_manager.filter(**{rel.field.name: case}).order_by("pk"):
                records[case.number].append((model.__name__, _row(row, ids)))
                # rows hanging off a detail (e.g. 协办单位 of a suggestion)
                for sub in row._meta.related_objects:
                    if sub.one_to_many and sub.related_model._meta.app_label == "registers":
                        for child in sub.related_model._default_manager.filter(
                                **{sub.field.name: row}).order_by("pk"):
                            records[case.number].append((sub.related_model.__name__,
                                                         _row(child, ids)))
    entries = []
    for e in AuditEntry.objects.filter(pk__gt=since_audit).order_by("pk"):
        changes = {k: v for k, v in e.changes.items() if k not in VOLATILE}
        target = ids.get((Case, int(e.object_id)), e.object_id) if e.model == "registers.case" \
            else e.object_id
        entries.append((e.action, e.model, target, e.object_repr, changes, e.note, e.role,
                        e.unit, e.username, e.region_id_value))
    counters = sorted(NumberCounter.objects.values_list("kind", "year", "value"))
    return {"records": records, "audit": entries, "counters": counters}


def _demo_file(key: str, county) -> bytes:  # noqa: ANN001
    """The register's demo records exported, then removed (the file stays)."""
    reg = get_register(key)
    office = Actor.for_user(county.users["office"])
    units = {u.short_name: u for u in county.units.values() if u.region_id == county.county.pk}
    reg.module("demo").load_demo(county.county, units, office, datetime.date.today(),
                                 random.Random(3))
    # A few cases of every state (the demo of some registers has thousands).
    picked: dict[str, list[int]] = {}
    for pk, state in Case.objects.filter(register=key, region=county.county).order_by(
            "started_on", "id").values_list("pk", "state"):
        if len(picked.setdefault(state, [])) < 4:
            picked[state].append(pk)
    ids = [pk for pks in picked.values() for pk in pks]
    cases = reg.export_queryset(Case.objects.filter(pk__in=ids).order_by("started_on", "id"))
    wb = load_workbook(BytesIO(excel.workbook_bytes(reg, cases)))
    ws = wb.worksheets[0]
    column = [c.value for c in ws[1]].index("编号") + 1
    for row in range(2, ws.max_row + 1):  # every other row numbered from the counter
        cell = ws.cell(row=row, column=column)
        cell.value = None if row % 2 == 0 else f"{cell.value}（原）"
    out = BytesIO()
    wb.save(out)
    data = out.getvalue()
    assert Case.objects.filter(register=key).exists()
    Case.objects.filter(region=county.county).delete()
    NumberCounter.objects.all().delete()
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("key", BULK)
def test_bulk_equals_row_by_row(key: str, county) -> None:  # noqa: ANN001
    reg = get_register(key)
    data = _demo_file(key, county)
    actor = Actor.for_user(county.users["office"])
    mark = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    try:
        with transaction.atomic():
            one_by_one = excel._import_rows(reg, data, county.county, actor)
            assert one_by_one.ok, one_by_one.errors[:5]
            expected = _state(county.county, mark)
            raise _Rollback
    except _Rollback:
        pass
    assert not Case.objects.filter(region=county.county).exists()

    bulk = excel._import_bulk(reg, data, county.county, actor, None)
    assert bulk.ok, bulk.errors[:5]
    assert bulk.created == one_by_one.created > 0
    got = _state(county.county, mark)
    assert len(got["audit"]) >= len(got["records"]) >= 4
    assert got["records"] == expected["records"]
    assert got["audit"] == expected["audit"]
    assert got["counters"] == expected["counters"]
    checked, bad, why = verify_chain()
    assert bad is None, why
    assert checked == AuditEntry.objects.count()


def _workbook(key: str, rows: list[dict[str, Any]]) -> bytes:
    reg = get_register(key)
    headers = [c.header for c in reg.excel_columns()]
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_errors_are_capped_counted_and_nothing_is_saved(county) -> None:  # noqa: ANN001
    good = {"承办单位": "县政府办公室", "收到日期": "2025-03-03", "申请人": "王某",
            "申请方式": "当面提交", "申请内容": "申请公开某文件"}
    rows = [dict(good) for _ in range(450)]
    for i in range(0, 450, 2):
        rows[i]["收到日期"] = "某日"  # a bad date
    rows[1]["承办单位"] = "不存在的局"  # not a unit of the county
    rows[3]["编号"] = rows[5]["编号"] = "莘县依申请〔2025〕7号"  # twice in the file
    before = AuditEntry.objects.count()
    result = excel.import_workbook(get_register("disclosure"), _workbook("disclosure", rows),
                                   county.county, Actor.for_user(county.users["office"]))
    assert not result.ok
    assert result.error_count == 225 + 2
    assert len(result.errors) == excel.MAX_ERRORS
    assert result.more_errors == 27
    messages = dict(result.errors)
    assert "不存在的局" in messages[3]
    assert "已登记过" in messages[7]  # the second row with the number (row 7 of the sheet)
    assert not Case.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_numbers_from_the_counter_and_against_the_database(county) -> None:  # noqa: ANN001
    reg = get_register("disclosure")
    actor = Actor.for_user(county.users["office"])
    row = {"承办单位": "县政府办公室", "收到日期": "2025-03-03", "申请人": "王某",
           "申请方式": "当面提交", "申请内容": "申请公开某文件", "答复日期": "2025-03-10",
           "答复类型": "予以公开"}
    first = excel.import_workbook(reg, _workbook("disclosure", [row, row]), county.county, actor)
    assert first.ok and first.created == 2
    typed = dict(row, 编号="莘县依申请〔2025〕4号")
    second = excel.import_workbook(reg, _workbook("disclosure", [row, typed, row]),
                                   county.county, actor)
    assert second.ok, second.errors
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [f"莘县依申请〔2025〕{n}号" for n in (1, 2, 3, 4, 5)]
    again = excel.import_workbook(reg, _workbook("disclosure", [typed]), county.county, actor)
    assert not again.ok and "已登记过" in again.errors[0][1]
    assert NumberCounter.objects.get(kind="case:disclosure").value == 5
    assert verify_chain()[1] is None


@pytest.mark.django_db
def test_streaming_read_of_the_sheet(county) -> None:  # noqa: ANN001
    """The rows come one at a time from a read-only sheet (memory bounded)."""
    data = _workbook("disclosure", [{"承办单位": "县政府办公室"}] * 3)
    sheet = excel.open_rows(get_register("disclosure"), data)
    assert sheet.estimate == 3
    first = next(sheet.rows)
    assert first[0] == 2 and first[2]  # row 2, with its missing required columns
    assert load_workbook(BytesIO(data), read_only=True).worksheets[0].max_row == 4


@pytest.mark.django_db
def test_the_command_lists_the_first_200_errors_with_the_count(county, tmp_path) -> None:  # noqa: ANN001
    from django.core.management import call_command
    from django.core.management.base import CommandError

    rows = [{"承办单位": "县政府办公室", "收到日期": "某日", "申请人": "王某", "申请方式": "当面提交",
             "申请内容": "申请公开某文件"} for _ in range(300)]
    path = tmp_path / "bad.xlsx"
    path.write_bytes(_workbook("disclosure", rows))
    with pytest.raises(CommandError) as info:
        call_command("import_register", "disclosure", str(path), "--region", "莘县")
    text = str(info.value)
    assert info.value.returncode == 2
    assert text.count("第 ") == excel.MAX_ERRORS and "共 300 处问题" in text
    assert not Case.objects.exists()
