"""合法性审查登记簿的 Excel 列（由明细字段声明）和导入：一行重放为登记和各项办理经过。"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import Register
from ..columns import case_columns, detail_columns, state_columns
from ..excel import ExcelColumn, check_state, parse_date, replay_event, replay_open
from ..models import Case


def _source_number(case: Case) -> str:
    source = case.legality_review.source_case  # type: ignore[attr-defined]
    return source.number if source is not None else ""


def columns(reg: Register) -> list[ExcelColumn]:
    return [
        *case_columns(reg, unit_header="送审单位", started_header="收到送审材料日期"),
        *detail_columns(reg, ("matter_kind", "reviewer_kind", "reviewer_name"),
                        required=("matter_kind", "reviewer_kind")),
        ExcelColumn("source_number", "送审事项编号", _source_number,
                    note="由规范性文件、重大行政决策登记簿送审的，填该事项的编号；导入时按编号关联"),
        *detail_columns(reg, ("supplement_requested_on", "supplement_items",
                              "supplement_received_on", "opinion", "opinion_on",
                              "opinion_reasons", "opinion_number", "counsel_consulted",
                              "adoption", "adoption_note", "withdrawal_reason")),
        ExcelColumn("closed_on", "办结日期", lambda c: c.closed_on, parse_date,
                    note="登记采纳情况或撤回的日期"),
        ExcelColumn("working_days", "审查用时（工作日）",
                    lambda c: c.legality_review.working_days_taken,  # type: ignore[attr-defined]
                    lambda v: None, note="导出时填写，导入时不读取"),
        *state_columns(reg),
    ]


def import_row(reg: Register, v: dict[str, Any], region: Region, actor: Actor) -> Case:
    source = None
    if v.get("source_number"):
        source = Case.objects.filter(region=region, number=v["source_number"]).first()
        if source is None:
            raise ValidationError(f"“送审事项编号”：{region.name}没有编号为“{v['source_number']}”的事项。")
    case = replay_open(reg, region, actor, v["unit"], {
        "number": v.get("number"), "title": v["title"], "started_on": v["started_on"],
        "matter_kind": v.get("matter_kind"), "reviewer_kind": v.get("reviewer_kind"),
        "reviewer_name": v.get("reviewer_name")})
    if source is not None:
        detail = reg.detail_of(case)
        detail.source_case = source
        detail.save(update_fields=["source_case"])
    steps: list[tuple[Any, str, dict[str, Any]]] = []
    if v.get("supplement_requested_on"):
        steps.append((v["supplement_requested_on"], "request_supplement",
                      {"supplement_items": v.get("supplement_items") or "（导入）"}))
    if v.get("supplement_received_on"):
        steps.append((v["supplement_received_on"], "supplement_received", {}))
    if v.get("opinion"):
        if not v.get("opinion_on"):
            raise ValidationError("填写了“审查意见”，须同时填写“出具意见日期”。")
        steps.append((v["opinion_on"], "opinion", {
            key: v.get(key) for key in ("opinion", "opinion_reasons", "opinion_number",
                                        "counsel_consulted")}))
    if v.get("adoption"):
        if not v.get("closed_on"):
            raise ValidationError("填写了“采纳情况”，须同时填写“办结日期”。")
        steps.append((v["closed_on"], "adoption",
                      {"adoption": v["adoption"], "adoption_note": v.get("adoption_note")}))
    elif v.get("withdrawal_reason"):
        steps.append((v.get("closed_on"), "withdraw", {"withdrawal_reason": v["withdrawal_reason"]}))
    for on, key, fields in steps:
        case = replay_event(reg, case, actor, key, on, fields)
    check_state(reg, case, v.get("state"))
    return case
