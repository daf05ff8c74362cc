"""学法、述法、普法活动登记簿的 Excel 列（由明细字段声明）和导入。"""

from __future__ import annotations

from typing import Any

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import Register
from ..columns import case_columns, detail_columns, state_columns
from ..excel import ExcelColumn, check_state, parse_date, replay_event, replay_open
from ..models import Case

FIELDS = ("meeting", "topic", "presenter", "reporter", "reporter_post", "participants", "venue",
          "evidence_note")


def columns(reg: Register) -> list[ExcelColumn]:
    return [
        *case_columns(reg, unit_header="组织单位", started_header="活动日期"),
        *detail_columns(reg, ("kind", *FIELDS, "void_reason"), required=("kind",)),
        ExcelColumn("closed_on", "作废日期", lambda c: c.closed_on, parse_date),
        *state_columns(reg),
    ]


def import_row(reg: Register, v: dict[str, Any], region: Region, actor: Actor) -> Case:
    case = replay_open(reg, region, actor, v["unit"], {
        "number": v.get("number"), "title": v["title"], "started_on": v["started_on"],
        "kind": v.get("kind"), **{k: v.get(k) for k in FIELDS}})
    if v.get("void_reason"):
        case = replay_event(reg, case, actor, "void", v.get("closed_on"),
                            {"void_reason": v["void_reason"]})
    check_state(reg, case, v.get("state"))
    return case
