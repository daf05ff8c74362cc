"""Plan import through the service and the ``fazhi import_plan`` command."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.audit.models import AuditEntry
from fazhi.core.actions import ActionRefused, Actor
from fazhi.org.models import Unit
from fazhi.plans import services
from fazhi.plans.models import Assignment, Plan, ReportingPeriod, Task
from fazhi.plans.parser import parse_plan_text

from ..conftest import PLAN_FILE, SMALL_PLAN


def test_import_expands_groups_and_keeps_lead_role(county, plan) -> None:  # noqa: ANN001
    task1 = plan.tasks.get(number=1)
    units = {a.unit.short_name: a.role for a in task1.assignments.select_related("unit")}
    # Lead units stay lead even though 县政府各部门 names them again as responsible.
    assert units["县政府办公室"] == Assignment.Role.LEAD
    assert units["县司法局"] == Assignment.Role.LEAD
    assert units["县审计局"] == Assignment.Role.RESPONSIBLE
    assert units["莘亭街道"] == Assignment.Role.RESPONSIBLE
    assert "东阿县司法局" not in units  # another county's unit never
    # 县政府各行政执法部门 = departments marked as law enforcement
    task3 = {a.unit.short_name for a in plan.tasks.get(number=3).assignments.select_related("unit")}
    assert task3 == {"县司法局", "县市场监管局"}
    assert ReportingPeriod.objects.filter(plan=plan).count() == 4
    assert AuditEntry.objects.filter(action="plan.import", object_id=str(plan.pk)).exists()


def test_second_import_of_same_year_is_refused(county, plan) -> None:  # noqa: ANN001
    preview = services.preview_import(parse_plan_text(SMALL_PLAN), county.county, 2030)
    with pytest.raises(ActionRefused, match="已存在"):
        services.ImportPlan(Actor.for_user(county.users["office"]), preview).execute()
    assert Plan.objects.count() == 1


def test_unresolved_names_block_import_until_mapped(county) -> None:  # noqa: ANN001
    text = SMALL_PLAN.replace("县司法局；责任单位：县政府各行政执法部门", "县新设局；责任单位：县政府各行政执法部门")
    preview = services.preview_import(parse_plan_text(text), county.county, 2030)
    assert preview.unresolved == ["县新设局"]
    office = Actor.for_user(county.users["office"])
    with pytest.raises(ActionRefused, match="县新设局"):
        services.ImportPlan(office, preview).execute()
    assert not Plan.objects.exists() and not Task.objects.exists()
    plan = services.ImportPlan(office, preview, choices={
        "县新设局": services.NameChoice(create_kind=Unit.Kind.DEPARTMENT)}).execute()
    assert plan.tasks.get(number=3).assignments.filter(unit__name="县新设局").exists()


def test_mapping_a_name_remembers_it_as_alias(county) -> None:  # noqa: ANN001
    text = SMALL_PLAN.replace("牵头单位：县司法局；", "牵头单位：县司法行政局；")
    preview = services.preview_import(parse_plan_text(text), county.county, 2030)
    assert preview.unresolved == ["县司法行政局"]
    services.ImportPlan(Actor.for_user(county.users["office"]), preview, choices={
        "县司法行政局": services.NameChoice(unit_id=county.units["县司法局"].pk)}).execute()
    county.units["县司法局"].refresh_from_db()
    assert "县司法行政局" in county.units["县司法局"].names()


def test_clerk_may_not_import(county) -> None:  # noqa: ANN001
    from django.core.exceptions import PermissionDenied

    preview = services.preview_import(parse_plan_text(SMALL_PLAN), county.county, 2030)
    with pytest.raises(PermissionDenied):
        services.ImportPlan(Actor.for_user(county.users["clerk"]), preview).execute()


def test_command_json_on_the_seed_plan(county) -> None:  # noqa: ANN001
    out = StringIO()
    call_command("import_plan", str(PLAN_FILE), "--region", "莘县", "--year", "2022",
                 "--json", "--dry-run", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["tasks"]) == 22
    assert set(data) == {"sections", "tasks", "unresolved"}
    assert set(data["tasks"][0]) == {"number", "section", "text", "lead_units", "responsible_units"}
    # The small test county lacks most departments: they are listed, not dropped.
    assert "县教育体育局" in data["unresolved"]
    assert not Plan.objects.exists()


def test_command_refuses_unresolved_then_creates(county) -> None:  # noqa: ANN001
    with pytest.raises(CommandError, match="未保存"):
        call_command("import_plan", str(PLAN_FILE), "--region", "莘县", "--year", "2022",
                     stdout=StringIO())
    assert not Plan.objects.exists()
    call_command("import_plan", str(PLAN_FILE), "--region", "莘县", "--year", "2022",
                 "--create-missing", "department", stdout=StringIO())
    plan = Plan.objects.get()
    assert plan.tasks.count() == 22
    assert Unit.objects.filter(region=county.county, name="县教育体育局").exists()


def test_command_errors_are_clear(county, tmp_path) -> None:  # noqa: ANN001
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="空"):
        call_command("import_plan", str(empty), "--region", "莘县", "--year", "2022")
    with pytest.raises(CommandError, match="找不到"):
        call_command("import_plan", str(PLAN_FILE), "--region", "不存在县", "--year", "2022")
    with pytest.raises(CommandError, match="不存在"):
        call_command("import_plan", str(tmp_path / "none.txt"), "--region", "莘县", "--year", "2022")


def test_plan_numbered_per_section_keeps_its_numbers(county) -> None:  # noqa: ANN001
    text = ("一、甲\n1. 任务一。〔责任单位：县司法局〕\n2. 任务二。〔责任单位：县司法局〕\n"
            "二、乙\n1. 任务三。〔责任单位：县审计局〕\n")
    preview = services.preview_import(parse_plan_text(text), county.county, 2030)
    plan = services.ImportPlan(Actor.for_user(county.users["office"]), preview).execute()
    assert list(plan.tasks.order_by("number").values_list("number", "source_number", "text")) == [
        (1, "一-1", "任务一。"), (2, "一-2", "任务二。"), (3, "二-1", "任务三。")]
