"""人民调解登记簿的 Excel 列（由明细字段声明）和导入。调解组织按名称对应本县已登记的
调委会（先登记调委会，再导入纠纷）。"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import Register
from ..columns import case_columns, detail_columns, state_columns
from ..details.mediation import MediationCommittee
from ..excel import ExcelColumn, check_state, parse_text, replay_event, replay_open
from ..models import Case


def columns(reg: Register) -> list[ExcelColumn]:
    return [
        *case_columns(reg, unit_header="指导单位", started_header="受理日期"),
        ExcelColumn("committee", "调解组织", lambda c: c.mediation.committee.name, parse_text,
                    required=True, width=24, note="本县已登记的人民调解委员会名称"),
        *detail_columns(reg, ("dispute_type", "parties", "mediator", "outcome_on", "agreement",
                              "agreement_summary", "failure_reason", "performance"),
                        required=("dispute_type", "parties")),
        *state_columns(reg),
    ]


def import_row(reg: Register, v: dict[str, Any], region: Region, actor: Actor) -> Case:
    committee = MediationCommittee.objects.filter(region=region, name=v.get("committee")).first()
    if committee is None:
        raise ValidationError(f"“调解组织”：{region.name}没有登记名为“{v.get('committee')}”的调解组织。")
    case = replay_open(reg, region, actor, v["unit"], {
        "number": v.get("number"), "title": v["title"], "started_on": v["started_on"],
        "committee": str(committee.pk), "dispute_type": v.get("dispute_type"),
        "parties": v.get("parties"), "mediator": v.get("mediator")})
    if v.get("agreement"):
        case = replay_event(reg, case, actor, "succeed", v.get("outcome_on"), {
            "agreement": v["agreement"], "agreement_summary": v.get("agreement_summary")})
        if v.get("performance"):
            case = replay_event(reg, case, actor, "performance", v.get("outcome_on"),
                                {"performance": v["performance"]})
    elif v.get("failure_reason"):
        case = replay_event(reg, case, actor, "fail", v.get("outcome_on"),
                            {"failure_reason": v["failure_reason"]})
    check_state(reg, case, v.get("state"))
    return case
