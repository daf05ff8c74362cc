"""建议提案登记簿的 Excel 列（由明细字段声明）和导入：一行重放为交办登记和各项办理经过。

协办单位 and their opinions are two columns: the units' names separated by 、,
and one line per opinion received, “单位 日期 意见”."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import Register
from ..columns import case_columns, detail_columns, state_columns
from ..excel import ExcelColumn, check_state, parse_date, parse_text, replay_event, replay_open
from ..models import Case
from .procedure import REPLY_FIELDS


def _co_rows(case: Case) -> list[Any]:
    return sorted(case.suggestion.co_rows.all(), key=lambda r: r.pk)  # type: ignore[attr-defined]


def _co_units(case: Case) -> str:
    return "、".join(r.unit.short_name or r.unit.name for r in _co_rows(case))


def _co_opinions(case: Case) -> str:
    return "\n".join(f"{r.unit.short_name or r.unit.name} {r.opinion_on.isoformat()} {r.opinion}"
                     for r in _co_rows(case) if r.opinion_on is not None)


def _names(value: Any) -> list[str]:
    text = parse_text(value).replace(",", "、").replace("，", "、").replace(";", "、")
    return [n.strip() for n in text.split("、") if n.strip()]


def _opinions(value: Any) -> list[tuple[str, Any, str]]:
    out = []
    for line in parse_text(value).splitlines():
        parts = line.strip().split(maxsplit=2)
        if not parts:
            continue
        if len(parts) < 2:
            raise ValueError(f"协办意见每行应为“单位 日期 意见”：{line}")
        out.append((parts[0], parse_date(parts[1]), parts[2] if len(parts) > 2 else ""))
    return out


def columns(reg: Register) -> list[ExcelColumn]:
    return [
        *case_columns(reg, unit_header="主办单位", started_header="交办日期"),
        *detail_columns(reg, ("source", "proposers", "session", "assigned_by"),
                        required=("source", "proposers")),
        ExcelColumn("co_units", "协办单位", _co_units, _names, width=24,
                    note="本县单位的简称或全称，多个用顿号分隔"),
        ExcelColumn("co_opinions", "协办意见", _co_opinions, _opinions, width=30,
                    note="每行一条：单位 日期 意见，如“县审计局 2026-03-19 同意主办单位意见”"),
        *detail_columns(reg, ("wide_ranging", "extension_reason", *REPLY_FIELDS, "replied_on",
                              "dissatisfied_on", "dissatisfied_reason", "rereplied_on",
                              "feedback", "feedback_on", "return_reason")),
        ExcelColumn("closed_on", "办结日期", lambda c: c.closed_on, parse_date,
                    note="登记反馈意见或退回交办机关的日期"),
        *state_columns(reg),
    ]


def import_row(reg: Register, v: dict[str, Any], region: Region, actor: Actor) -> Case:
    from fazhi.org.resolve import NameIndex

    index = NameIndex.for_region(region)
    co_units = []
    for name in v.get("co_units") or []:
        unit = index.resolve(name).unit
        if unit is None:
            raise ValidationError(f"“协办单位”：{region.name}没有名为“{name}”的单位。")
        co_units.append(str(unit.pk))
    case = replay_open(reg, region, actor, v["unit"], {
        "number": v.get("number"), "title": v["title"], "started_on": v["started_on"],
        "source": v.get("source"), "proposers": v.get("proposers"),
        "session": v.get("session"), "assigned_by": v.get("assigned_by"),
        "co_units": co_units, "wide_ranging": bool(v.get("wide_ranging")),
        "extension_reason": v.get("extension_reason")})
    reply = {key: v.get(key) for key in REPLY_FIELDS}
    steps: list[tuple[Any, str, dict[str, Any]]] = [
        (on, "co_opinion", {"co_unit": name, "co_opinion": text})
        for name, on, text in v.get("co_opinions") or []]
    if v.get("replied_on"):
        steps.append((v["replied_on"], "reply", reply))
    if v.get("dissatisfied_on"):
        steps.append((v["dissatisfied_on"], "dissatisfied",
                      {"dissatisfied_reason": v.get("dissatisfied_reason") or "（导入）"}))
    if v.get("rereplied_on"):
        steps.append((v["rereplied_on"], "reply", reply))
    if v.get("feedback"):
        steps.append((v.get("feedback_on") or v.get("closed_on"), "feedback",
                      {"feedback": v["feedback"]}))
    elif v.get("return_reason"):
        steps.append((v.get("closed_on"), "return_to_assigner", {"return_reason": v["return_reason"]}))
    for on, key, fields in sorted(steps, key=lambda s: (s[0] or v["started_on"], s[1] != "co_opinion")):
        case = replay_event(reg, case, actor, key, on, fields)
    check_state(reg, case, v.get("state"))
    return case
