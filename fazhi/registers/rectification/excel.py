"""督察整改登记簿的 Excel 列（由明细字段声明）和导入：一行重放为登记问题和各项办理经过。

The inspection is named by its title; an import into a county that has no
inspection of that title registers it first (through CreateInspection) from
the row's 督察类型、督察组织单位、督察开始日期. A finding raised from a risk
signal names its source case by number, which must exist in the county."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import Register
from ..columns import case_columns, detail_columns, state_columns
from ..details.rectification import Inspection, InspectionKind, Origin
from ..excel import (
    ExcelColumn,
    check_state,
    choice_parser,
    parse_date,
    parse_text,
    replay_event,
    replay_open,
)
from ..models import Case


def _inspection(case: Case, attr: str) -> Any:
    inspection = case.rectification.inspection  # type: ignore[attr-defined]
    if inspection is None:
        return ""
    if attr == "kind":
        return inspection.get_kind_display()
    return getattr(inspection, attr)


def _source_number(case: Case) -> str:
    source = case.rectification.source_case  # type: ignore[attr-defined]
    return source.number if source is not None else ""


def columns(reg: Register) -> list[ExcelColumn]:
    return [
        *case_columns(reg, unit_header="责任单位", started_header="发现（交办）日期"),
        ExcelColumn("inspection", "所属督察", lambda c: _inspection(c, "title"), parse_text,
                    width=24, note="督察名称；风险提示转办的留空"),
        ExcelColumn("inspection_kind", "督察类型", lambda c: _inspection(c, "kind"),
                    choice_parser(list(InspectionKind.choices)),
                    note="、".join(InspectionKind.labels)),
        ExcelColumn("inspector", "督察组织单位", lambda c: _inspection(c, "inspector"), parse_text),
        ExcelColumn("inspection_started_on", "督察开始日期",
                    lambda c: _inspection(c, "started_on") or None, parse_date),
        *detail_columns(reg, ("origin", "signal_kind")),
        ExcelColumn("source_number", "风险来源事项编号", _source_number,
                    note="风险提示转办的，填来源事项的编号；导入时按编号关联"),
        *detail_columns(reg, ("problem", "typical_case", "rectify_by", "extension_reason",
                              "measures", "evidence_note", "reported_on", "return_reason",
                              "verification", "verified_on"), required=("problem", "rectify_by")),
        ExcelColumn("closed_on", "销号日期", lambda c: c.closed_on, parse_date),
        *state_columns(reg),
    ]


def _find_inspection(v: dict[str, Any], region: Region, actor: Actor, unit_name: str
                     ) -> Inspection | None:
    from fazhi.org.resolve import NameIndex

    from .actions import CreateInspection

    title = v.get("inspection")
    if not title:
        return None
    found = Inspection.objects.filter(region=region, title=title).first()
    if found is not None:
        return found
    if not (v.get("inspection_kind") and v.get("inspector") and v.get("inspection_started_on")):
        raise ValidationError(f"“所属督察”：{region.name}没有“{title}”，要一并登记的请填写督察类型、"
                              "督察组织单位和督察开始日期。")
    unit = NameIndex.for_region(region).resolve(unit_name or "").unit
    return CreateInspection(actor, region=region, title=title, kind=v["inspection_kind"],
                            inspector=v["inspector"], started_on=v["inspection_started_on"],
                            units=[unit] if unit else []).execute()


def import_row(reg: Register, v: dict[str, Any], region: Region, actor: Actor) -> Case:
    inspection = _find_inspection(v, region, actor, v.get("unit") or "")
    source = None
    if v.get("source_number"):
        source = Case.objects.filter(region=region, number=v["source_number"]).first()
        if source is None:
            raise ValidationError(f"“风险来源事项编号”：{region.name}没有编号为“{v['source_number']}”的事项。")
    case = replay_open(reg, region, actor, v["unit"], {
        "number": v.get("number"), "title": v["title"], "started_on": v["started_on"],
        "inspection": str(inspection.pk) if inspection else "", "problem": v.get("problem"),
        "typical_case": v.get("typical_case"), "rectify_by": v.get("rectify_by")})
    detail = reg.detail_of(case)
    if v.get("origin") == Origin.SIGNAL or source is not None:
        detail.origin, detail.signal_kind, detail.source_case = (
            Origin.SIGNAL, v.get("signal_kind") or "", source)
    # The row keeps the final deadline only (opened on it); the reason stays with it.
    detail.extension_reason = v.get("extension_reason") or ""
    detail.save(update_fields=["origin", "signal_kind", "source_case", "extension_reason"])
    steps: list[tuple[Any, str, dict[str, Any]]] = []
    report = {"measures": v.get("measures"), "evidence_note": v.get("evidence_note")}
    on = v.get("reported_on")
    if v.get("return_reason"):
        # Sent back once: the row keeps the last report's date for both steps.
        steps.append((on, "report", {**report, "measures": report["measures"] or "（导入）"}))
        steps.append((on, "send_back", {"return_reason": v["return_reason"]}))
        if v.get("state") not in (None, "", "rectifying"):
            steps.append((on, "report", report))
    elif on:
        steps.append((on, "report", report))
    if v.get("verified_on"):
        steps.append((v["verified_on"], "close", {"verification": v.get("verification")}))
    for on, key, fields in steps:
        case = replay_event(reg, case, actor, key, on, fields)
    check_state(reg, case, v.get("state"))
    return case
