"""行政执法案件登记簿的 Excel 列（由明细字段声明）和导入：一行重放为立案和各项办理经过，
经过与网页表单相同的门槛（法制审核、简易程序、追责期限、清单事项）。"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import Register
from ..columns import case_columns, detail_columns, state_columns
from ..excel import ExcelColumn, parse_date, parse_text, replay_event, replay_open
from ..excel import check_state as _check_state
from ..models import Case
from .leniency import item_ref


def _leniency_ref(case: Case) -> str:
    item = case.enforcement_case.leniency_item  # type: ignore[attr-defined]
    return item_ref(item) if item is not None else ""


OPEN_FIELDS = ("kind", "sector", "party_type", "party_name", "credit_code", "procedure",
               "act_ended_on", "discovered_on", "safety_related", "powers_published", "is_major",
               "major_reason")


def columns(reg: Register) -> list[ExcelColumn]:
    return [
        *case_columns(reg, unit_header="执法主体", started_header="立案日期"),
        *detail_columns(reg, OPEN_FIELDS, required=("kind", "party_type", "party_name")),
        *detail_columns(reg, ("measure", "measure_on", "av_record_ref", "reviewer_name",
                              "reviewer_first_time", "reviewer_bar_qualified", "review_result",
                              "review_opinion", "reviewed_on", "extended_days",
                              "extension_approval", "outcome", "penalty_type", "fine_amount",
                              "amount_involved")),
        ExcelColumn("leniency_ref", "适用的不罚轻罚清单事项", _leniency_ref, parse_text,
                    note="如：市场监管第3项（按决定日期施行的清单版本）"),
        *detail_columns(reg, ("lenient_basis", "decision_number", "decided_on", "published_on",
                              "publication_place", "not_published_reason", "revoked_on",
                              "revocation_reason", "withdrawn_on", "withdrawal_note",
                              "termination_reason")),
        ExcelColumn("closed_on", "结案日期", lambda c: c.closed_on, parse_date,
                    note="结案或撤销立案的日期"),
        *state_columns(reg),
    ]


def _need(v: dict[str, Any], date_key: str, what: str, label: str) -> Any:
    if not v.get(date_key):
        raise ValidationError(f"填写了“{what}”，须同时填写“{label}”。")
    return v[date_key]


def import_row(reg: Register, v: dict[str, Any], region: Region, actor: Actor) -> Case:
    case = replay_open(reg, region, actor, v["unit"], {
        "number": v.get("number"), "title": v["title"], "started_on": v["started_on"],
        **{k: v.get(k) for k in OPEN_FIELDS}})
    steps: list[tuple[Any, str, dict[str, Any]]] = []
    if v.get("measure"):
        steps.append((_need(v, "measure_on", "现场执法措施", "采取措施日期"), "measure",
                      {"measure": v["measure"], "av_record_ref": v.get("av_record_ref")}))
    detail = reg.detail_of(case)
    if v.get("major_reason") and not detail.is_major:  # type: ignore[attr-defined]
        steps.append((v["started_on"], "mark_major", {"major_reason": v["major_reason"]}))
    if v.get("review_result"):
        steps.append((_need(v, "reviewed_on", "法制审核意见", "法制审核日期"), "legal_review", {
            k: v.get(k) for k in ("reviewer_name", "reviewer_first_time", "reviewer_bar_qualified",
                                  "review_result", "review_opinion")}))
    if v.get("extended_days"):
        steps.append((v.get("reviewed_on") or v["started_on"], "extend", {
            "extended_days": v["extended_days"], "extension_approval": v.get("extension_approval")}))
    if v.get("outcome"):
        steps.append((_need(v, "decided_on", "处理结果", "决定日期"), "decide", {
            k: v.get(k) for k in ("outcome", "penalty_type", "fine_amount", "amount_involved",
                                  "leniency_ref", "lenient_basis", "decision_number")}))
    if v.get("published_on"):
        steps.append((v["published_on"], "publish", {"publication_place": v.get("publication_place")}))
    elif v.get("not_published_reason"):
        steps.append((v.get("decided_on"), "exempt_publication",
                      {"not_published_reason": v["not_published_reason"]}))
    if v.get("revoked_on"):
        steps.append((v["revoked_on"], "revoke", {"revocation_reason": v.get("revocation_reason")}))
    if v.get("withdrawn_on"):
        steps.append((v["withdrawn_on"], "withdraw_publication",
                      {"withdrawal_note": v.get("withdrawal_note")}))
    if v.get("termination_reason"):
        steps.append((v.get("closed_on"), "terminate",
                      {"termination_reason": v["termination_reason"]}))
    elif v.get("closed_on"):
        steps.append((v["closed_on"], "close", {}))
    for on, key, fields in steps:
        case = replay_event(reg, case, actor, key, on, fields)
    _check_state(reg, case, v.get("state"))
    return case
