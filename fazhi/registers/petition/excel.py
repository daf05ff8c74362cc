"""信访登记簿的 Excel 列（由明细字段声明）和导入：一行重放为登记和各项办理经过。

The way out of 已登记 is read from the row: 受理 (第三十一条第六项, 受理日期),
导入 (第一项至第五项, 告知日期 and the channel), 转送 (去向), or an objection
and the 交办机关's answer; then the extension, the 信访处理意见书, 复查 and 复核,
each by its own date columns."""

from __future__ import annotations

from typing import Any

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import Register, case_events
from ..columns import case_columns, detail_columns, state_columns
from ..details.petition import ROUTED, Category, Route
from ..excel import ExcelColumn, check_state, choice_parser, parse_date, replay_event, replay_open
from ..models import Case
from .procedure import EXTENSION_FIELDS, OPINION_FIELDS

ANSWERS = {"objection_agreed": "同意异议，交还材料", "objection_refused": "不同意异议，继续办理"}


def _answer(case: Case) -> tuple[str, Any]:
    events = case_events(case, *ANSWERS)
    return (events[-1].kind, events[-1].occurred_on) if events else ("", None)


def _linked(case: Case) -> str:
    linked = case.petition.linked_case  # type: ignore[attr-defined]
    return linked.number if linked else case.petition.linked_number  # type: ignore[attr-defined]


def columns(reg: Register) -> list[ExcelColumn]:
    return [
        *case_columns(reg, started_header="收到日期",
                      started_note="收到信访事项（或转送、交办）之日，如 2026-03-19"),
        *detail_columns(reg, ("petitioner", "headcount", "address", "identity_unclear", "form",
                              "source", "assigned_by", "category", "content"),
                        required=("petitioner", "form", "category", "content")),
        *detail_columns(reg, ("objection_on", "objection_reason")),
        ExcelColumn("objection_answer", "异议核实结果", lambda c: ANSWERS.get(_answer(c)[0], ""),
                    choice_parser(list(ANSWERS.items())), note="、".join(ANSWERS.values())),
        ExcelColumn("objection_answer_on", "异议核实日期", lambda c: _answer(c)[1], parse_date),
        *detail_columns(reg, ("accepted_on", "notified_on", "route", "route_body",
                              "linked_register", "transfer_to", "adoption", "reply_summary"),
                        route={"note": "第三十一条第一项至第六项；受理的（第六项）填“6”，导入的填1至5"}),
        ExcelColumn("linked_number", "关联案件编号", _linked, width=24,
                    note="导入本平台登记簿的案件编号（须为导入人可以查看的案件）"),
        *detail_columns(reg, ("extended_on", *EXTENSION_FIELDS, "concluded_on", *OPINION_FIELDS,
                              "review_body", "review_submitted_on", "review_received_on",
                              "review_result", "reviewed_on", "review_delivered_on",
                              "recheck_body", "recheck_submitted_on", "recheck_received_on",
                              "hearing_decided_on", "hearing_ended_on", "recheck_result",
                              "rechecked_on")),
        ExcelColumn("closed_on", "办结日期", lambda c: c.closed_on, parse_date,
                    note="回复建议意见或期满办结的日期"),
        # The periods computed from the dates above: exported, recomputed on import.
        *detail_columns(reg, ("objection_due", "review_request_due", "recheck_request_due"),
                        **{name: {"note": "导出时填写，导入时按日期重新计算"}
                           for name in ("objection_due", "review_request_due", "recheck_request_due")}),
        *state_columns(reg),
    ]


def import_row(reg: Register, v: dict[str, Any], region: Region, actor: Actor) -> Case:
    case = replay_open(reg, region, actor, v["unit"], {
        "number": v.get("number"), "title": v["title"], "started_on": v["started_on"],
        **{k: v.get(k) for k in ("petitioner", "headcount", "address", "form", "source",
                                 "assigned_by", "category", "content")},
        "identity_unclear": bool(v.get("identity_unclear"))})
    if v.get("objection_on"):
        case = replay_event(reg, case, actor, "object", v["objection_on"],
                            {"objection_reason": v.get("objection_reason")})
        if v.get("objection_answer"):
            case = replay_event(reg, case, actor, v["objection_answer"],
                                v.get("objection_answer_on"), {})
    route = v.get("route") or ""
    if v.get("transfer_to"):
        case = replay_event(reg, case, actor, "transfer", v.get("notified_on"),
                            {"transfer_to": v["transfer_to"]})
    elif route in ROUTED:
        case = replay_event(reg, case, actor, "route", v.get("notified_on"), {
            "route": route, "route_body": v.get("route_body"),
            "linked_register": v.get("linked_register"), "linked_number": v.get("linked_number")})
    elif v.get("category") == Category.SUGGESTION and v.get("accepted_on"):
        case = replay_event(reg, case, actor, "accept_suggestion", v["accepted_on"], {})
        if v.get("adoption"):
            case = replay_event(reg, case, actor, "reply_suggestion", v.get("closed_on"), {
                "adoption": v["adoption"], "reply_summary": v.get("reply_summary")})
    elif route == Route.RESIDUAL or v.get("accepted_on"):
        case = replay_event(reg, case, actor, "accept", v.get("accepted_on"),
                            {"route": Route.RESIDUAL})
    if v.get("extended_on"):
        case = replay_event(reg, case, actor, "extend", v["extended_on"],
                            {k: v.get(k) for k in EXTENSION_FIELDS})
    if v.get("concluded_on"):
        case = replay_event(reg, case, actor, "conclude", v["concluded_on"],
                            {k: v.get(k) for k in OPINION_FIELDS})
    if v.get("review_received_on"):
        case = replay_event(reg, case, actor, "request_review", v["review_received_on"], {
            "review_body": v.get("review_body"), "review_submitted_on": v.get("review_submitted_on")})
    if v.get("reviewed_on"):
        case = replay_event(reg, case, actor, "review_opinion", v["reviewed_on"], {
            "review_result": v.get("review_result"),
            "review_delivered_on": v.get("review_delivered_on")})
    if v.get("recheck_received_on"):
        case = replay_event(reg, case, actor, "request_recheck", v["recheck_received_on"], {
            "recheck_body": v.get("recheck_body"),
            "recheck_submitted_on": v.get("recheck_submitted_on")})
    if v.get("hearing_ended_on"):
        case = replay_event(reg, case, actor, "recheck_hearing", v["hearing_ended_on"],
                            {"hearing_decided_on": v.get("hearing_decided_on")})
    if v.get("rechecked_on"):
        case = replay_event(reg, case, actor, "recheck_opinion", v["rechecked_on"],
                            {"recheck_result": v.get("recheck_result")})
    if v.get("state") == "closed" or (v.get("closed_on") and case.state in ("concluded", "reviewed")):
        case = replay_event(reg, case, actor, "close", v.get("closed_on"), {})
    check_state(reg, case, v.get("state"))
    return case
