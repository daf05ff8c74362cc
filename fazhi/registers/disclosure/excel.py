"""disclosure: excel."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.actions import Actor
from fazhi.org.models import Region

from ..base import (
    case_deadlines,
    case_events,
)
from ..details.disclosure import (
    REASONS_BY_TYPE,
    ApplicantType,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    DisclosureDetail,
    FormWanted,
    ReplyReason,
    ReplyType,
    ReviewOutcome,
)
from ..excel import (
    ExcelColumn,
    check_state,
    choice_parser,
    parse_bool,
    parse_date,
    parse_int,
    parse_text,
    replay_event,
    replay_open,
)
from ..models import Case, Deadline
from .procedure import (
    CORRECTION,
    REPLY,
    DisclosureRegister,
)

# ---------------------------------------------------------------------- Excel
FOLLOWUP_LABELS = {"reconsideration": "行政复议", "direct": "直接起诉", "after": "复议后起诉"}


def followup_text(d: DisclosureDetail) -> str:
    """“行政复议 2025-11-03 纠正 莘县复受〔2025〕3号；复议后起诉 2026-01-10 未审结”."""
    parts = []
    if d.reconsideration_on:
        parts.append(" ".join(filter(None, (
            FOLLOWUP_LABELS["reconsideration"], d.reconsideration_on.isoformat(),
            ReviewOutcome(d.reconsideration_outcome or "pending").label,
            d.reconsideration_number))))
    if d.litigation_on:
        parts.append(" ".join(filter(None, (
            FOLLOWUP_LABELS["after" if d.litigation_after_reconsideration else "direct"],
            d.litigation_on.isoformat(), ReviewOutcome(d.litigation_outcome or "pending").label,
            d.litigation_number))))
    return "；".join(parts)


def parse_followups(value: Any) -> list[dict[str, Any]]:
    text = parse_text(value).replace(";", "；").replace("\n", "；")
    by_label = {v: k for k, v in FOLLOWUP_LABELS.items()}
    outcomes = {label: value for value, label in ReviewOutcome.choices}
    out: list[dict[str, Any]] = []
    for part in filter(None, (p.strip() for p in text.split("；"))):
        tokens = part.split()
        if len(tokens) < 3 or tokens[0] not in by_label or tokens[2] not in outcomes:
            raise ValueError(f"应写作“行政复议 2025-11-03 维持 [案件编号]”，类别为行政复议、直接起诉或"
                             f"复议后起诉，结果为{'、'.join(outcomes)}：{part}")
        kind = by_label[tokens[0]]
        out.append({"kind": "reconsideration" if kind == "reconsideration" else "litigation",
                    "after_reconsideration": kind == "after", "filed_on": parse_date(tokens[1]),
                    "outcome": outcomes[tokens[2]], "case_number": " ".join(tokens[3:])})
    kinds = [f["kind"] for f in out]
    if len(kinds) != len(set(kinds)):
        raise ValueError("行政复议、行政诉讼各填写一项（结果变化的填写最新结果）。")
    return out


# The delivery and the consulted party's receipt (arts. 32, 34), written only
# when they are not the default (直接送达, received the day it was sent).
DELIVERY_SHORT = {Delivery.IN_PERSON: "直接送达", Delivery.ELECTRONIC: "电子方式", Delivery.POST: "邮寄"}
CONSULTATION_RE = re.compile(
    r"^(?:(第三方|其他机关)\s*)?(?P<party>.+?)[：:]\s*(?P<sent>\d{4}-\d{1,2}-\d{1,2})\s*至\s*"
    r"(?P<answered>\d{4}-\d{1,2}-\d{1,2})?\s*(?:[，,]\s*(?P<answer>[^，,]+?))?"
    r"\s*(?:[，,]\s*(?P<delivery>直接送达|电子方式|邮寄)(?:(?P<received>\d{4}-\d{1,2}-\d{1,2})收到)?)?$")


def consultation_text(case: Case) -> str:
    """“第三方 甲公司：2025-10-09至2025-10-20，不同意公开”, one per line."""
    lines = []
    # Sorted here, so that prefetched (export_queryset) or not the order is the same.
    for c in sorted(case.consultations.all(), key=lambda c: (c.sent_on, c.pk)):
        line = f"{c.get_kind_display()} {c.party}：{c.sent_on.isoformat()}至"
        if c.answered_on:
            line += f"{c.answered_on.isoformat()}，{c.get_answer_display()}"
        if c.delivery != Delivery.IN_PERSON or c.received_on not in (None, c.sent_on):
            line += f"，{DELIVERY_SHORT.get(c.delivery, '直接送达')}"
            if c.received_on:
                line += f"{c.received_on.isoformat()}收到"
        lines.append(line)
    return "\n".join(lines)


def parse_consultations(value: Any) -> list[dict[str, Any]]:
    text = parse_text(value).replace(";", "\n").replace("；", "\n")
    kinds = {label: value for value, label in ConsultationKind.choices}
    answers = {label: value for value, label in ConsultationAnswer.choices}
    out = []
    for line in filter(None, (p.strip() for p in text.splitlines())):
        match = CONSULTATION_RE.match(line)
        if match is None:
            raise ValueError(f"应写作“第三方 某公司：2025-10-09至2025-10-20，不同意公开”"
                             f"（尚未回复的只写发出日期和“至”），多项分行：{line}")
        answer = (match["answer"] or "").strip()
        if match["answered"] and answer not in answers:
            raise ValueError(f"意见应为{'、'.join(answers)}：{line}")
        delivery = {v: k for k, v in DELIVERY_SHORT.items()}.get(match["delivery"] or "",
                                                                  Delivery.IN_PERSON)
        out.append({"kind": kinds[match.group(1) or "第三方"], "party": match["party"].strip(),
                    "sent_on": parse_date(match["sent"]),
                    "answered_on": parse_date(match["answered"]) if match["answered"] else None,
                    "answer": answers.get(answer, ""), "delivery": str(delivery),
                    "received_on": parse_date(match["received"]) if match["received"] else None})
    return out


def parse_amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).strip().removesuffix("元"))
    except InvalidOperation as exc:
        raise ValueError(f"应为金额（元）：{value}") from exc
    if amount < 0:
        raise ValueError(f"金额不能为负数：{value}")
    return amount


def _ignored(value: Any) -> None:  # noqa: ARG001 - an export-only column
    return None


def _d(case: Case) -> DisclosureDetail:
    return case.disclosure  # type: ignore[attr-defined]


def _label(choices: type, value: str) -> str:
    return choices(value).label if value else ""


# The export getters read the case's prefetched events, deadlines and
# consultations (``DisclosureRegister.export_queryset``), so the export runs a
# fixed number of queries however many cases it has.
def _reply_deadline(case: Case) -> Deadline | None:
    """The reply clock in force: the latest neither superseded nor cancelled."""
    clocks = [d for d in case_deadlines(case, REPLY)
              if d.status not in (Deadline.Status.SUPERSEDED, Deadline.Status.CANCELLED)]
    return clocks[-1] if clocks else None


def _needs_correction(case: Case) -> bool:
    """A 一次性告知补正 clock was computed (at the receipt or with the notice)."""
    return bool(case_deadlines(case, CORRECTION))


def _confirmed_on(case: Case) -> datetime.date | None:
    events = case_events(case, "confirm_receipt")
    return events[-1].occurred_on if events else None


def _withheld_reason(case: Case) -> str:
    d = _d(case)
    if d.reply_type in (ReplyType.WITHHELD, ReplyType.PARTIAL) and d.reply_reason:
        return ReplyReason(d.reply_reason).label
    return ""


def _other_reason(case: Case) -> str:
    d = _d(case)
    if d.reply_type not in ("", ReplyType.WITHHELD, ReplyType.PARTIAL) and d.reply_reason:
        return ReplyReason(d.reply_reason).label
    return ""


def _reason_parser(kinds: tuple[str, ...]) -> Callable[[Any], str]:
    allowed = [r for k in kinds for r in REASONS_BY_TYPE[k]]
    return choice_parser([(r, ReplyReason(r).label) for r in allowed])


def columns(reg: DisclosureRegister) -> list[ExcelColumn]:
    only = "只导出，导入时不读取"
    return [
        ExcelColumn("number", "编号", lambda c: c.number, width=24, note="留空则自动编号"),
        ExcelColumn("unit", "承办单位", lambda c: str(c.unit), required=True,
                    note="本县单位的简称或全称，如：县政府办公室"),
        ExcelColumn("submitted_on", "申请日期", lambda c: _d(c).submitted_on, parse_date,
                    width=12, note="申请人提交（寄出）申请的日期；留空同收到日期"),
        ExcelColumn("started_on", "收到日期", lambda c: c.started_on, parse_date, required=True,
                    width=12, note="申请送达本机关之日（挂号信等为签收之日），如 2025-09-26"),
        ExcelColumn("confirmed_on", "确认收到日期", _confirmed_on, parse_date, width=12,
                    note="登记“确认收到申请”的日期；平常信函、互联网渠道、传真以此日为收到申请之日"
                         "（第三十一条）。留空为收到日期当日；状态为“申请已提交，待确认收到”的不填"),
        ExcelColumn("received_on", "收到申请之日", lambda c: _d(c).received_on, _ignored,
                    width=12, note=only + "：按第三十一条确定的答复期限起算日"),
        ExcelColumn("applicant", "申请人", lambda c: _d(c).applicant, required=True),
        ExcelColumn("applicant_type", "申请人类型",
                    lambda c: _label(ApplicantType, _d(c).applicant_type),
                    choice_parser(ApplicantType.choices), note="、".join(ApplicantType.labels)),
        ExcelColumn("channel", "申请方式", lambda c: _label(Channel, _d(c).channel),
                    choice_parser(Channel.choices), required=True, width=20,
                    note="、".join(Channel.labels)),
        ExcelColumn("content", "申请内容", lambda c: _d(c).content, required=True, width=40),
        ExcelColumn("form_wanted", "获取形式", lambda c: _label(FormWanted, _d(c).form_wanted),
                    choice_parser(FormWanted.choices), note="、".join(FormWanted.labels)),
        ExcelColumn("needs_correction", "需补正",
                    _needs_correction, parse_bool,
                    note="是：确认收到时计算“一次性告知补正”期限（7个工作日，第三十条）"),
        ExcelColumn("correction_requested_on", "补正通知日期",
                    lambda c: _d(c).correction_requested_on, parse_date, width=12),
        ExcelColumn("correction_items", "补正事项", lambda c: _d(c).correction_items, width=24),
        ExcelColumn("correction_due", "补正期限", lambda c: _d(c).correction_due, parse_date,
                    width=12, note="留空按告知之日起15个工作日"),
        ExcelColumn("correction_received_on", "补正收到日期",
                    lambda c: _d(c).correction_received_on, parse_date, width=12),
        ExcelColumn("consultations", "征求意见", consultation_text, parse_consultations,
                    width=36, note="每项一行：第三方（或其他机关） 对象：发出日期至收到日期，意见"
                                   "（同意公开、不同意公开、逾期未提出意见）；尚未回复的写到“至”为止；"
                                   "邮寄的在末尾写“，邮寄2025-10-13收到”（对方收到征求意见书之日）"),
        ExcelColumn("extended", "是否延长", lambda c: _d(c).extended, parse_bool),
        ExcelColumn("extended_on", "延长日期", lambda c: _d(c).extended_on, parse_date, width=12),
        ExcelColumn("extension_days", "同意延长工作日数", lambda c: _d(c).extension_days, parse_int,
                    note="最长20个工作日（第三十三条第二款）；留空为20"),
        ExcelColumn("extension_approver", "延长批准人", lambda c: _d(c).extension_approver,
                    note="政府信息公开工作机构负责人（第三十三条）"),
        ExcelColumn("extension_notified_on", "告知延长日期",
                    lambda c: _d(c).extension_notified_on, parse_date, width=12),
        ExcelColumn("replied_on", "答复日期",
                    lambda c: _d(c).replied_on or (c.closed_on if c.state == "abandoned" else None),
                    parse_date, width=12, note="视为放弃申请的，填登记之日"),
        ExcelColumn("reply_type", "答复类型", lambda c: _label(ReplyType, _d(c).reply_type),
                    choice_parser(ReplyType.choices), note="、".join(ReplyType.labels)),
        ExcelColumn("withheld_reason", "不予公开理由", _withheld_reason,
                    _reason_parser((ReplyType.WITHHELD,)), width=24,
                    note="不予公开（或部分公开中不公开部分）的理由："
                         + "、".join(ReplyReason(r).label for r in REASONS_BY_TYPE[ReplyType.WITHHELD])),
        ExcelColumn("other_reason", "其他具体情形", _other_reason,
                    _reason_parser((ReplyType.UNAVAILABLE, ReplyType.NOT_PROCESSED, ReplyType.OTHER)),
                    width=24, note="无法提供、不予处理、其他处理的具体情形（按年度报告分项）；"
                                   "逾期不补正视为放弃的，答复类型填“其他处理”，本列填第一项"),
        ExcelColumn("reply_number", "答复书文号", lambda c: _d(c).reply_number),
        ExcelColumn("fee_amount", "信息处理费（元）",
                    lambda c: float(_d(c).fee_amount) if _d(c).fee_amount is not None else None,
                    parse_amount),
        ExcelColumn("followups", "后续复议诉讼", lambda c: followup_text(_d(c)), parse_followups,
                    width=36, note="如：行政复议 2025-11-03 纠正 莘县复受〔2025〕3号；"
                                   "复议后起诉 2026-01-10 未审结。类别：行政复议、直接起诉、复议后起诉；"
                                   "结果：维持、纠正、其他、未审结"),
        ExcelColumn("state", "状态", lambda c: reg.state_label(c.state),
                    choice_parser(reg.state_choices()), width=16,
                    note="可不填；填写的，须与按以上经过办理后的状态一致"),
        ExcelColumn("reply_due", "答复期限届满日",
                    lambda c: (dl.due if (dl := _reply_deadline(c)) else None), _ignored,
                    width=12, note=only),
        ExcelColumn("on_time", "是否按期答复",
                    lambda c: ((dl.status == Deadline.Status.MET)
                               if c.state == "replied" and (dl := _reply_deadline(c)) else None),
                    _ignored, note=only),
    ]








def _steps(v: Mapping[str, Any]) -> list[tuple[datetime.date, int, str, dict[str, Any]]]:
    """The row's history as (date, order within the day, event, form fields)."""
    steps: list[tuple[datetime.date, int, str, dict[str, Any]]] = []
    reply_type, replied_on = v.get("reply_type"), v.get("replied_on")
    reason = v.get("withheld_reason") or v.get("other_reason") or ""
    if v.get("withheld_reason") and v.get("other_reason"):
        raise ValidationError("“不予公开理由”和“其他具体情形”只能填写一项。")
    if reply_type and not replied_on:
        raise ValidationError("填写了“答复类型”，须同时填写“答复日期”。")
    if replied_on and not reply_type:
        raise ValidationError("填写了“答复日期”，须同时填写“答复类型”。")
    if v.get("extended") and not v.get("extended_on"):
        raise ValidationError("“是否延长”为是，须填写“延长日期”。")
    if v.get("correction_received_on") and not v.get("correction_requested_on"):
        raise ValidationError("填写了“补正收到日期”，须同时填写“补正通知日期”。")
    later = any(v.get(k) for k in ("correction_requested_on", "consultations", "extended",
                                   "replied_on"))
    if v.get("state") == "submitted":
        if later or v.get("confirmed_on"):
            raise ValidationError("状态为“申请已提交，待确认收到”的，不能填写确认收到及以后的办理经过。")
    else:
        steps.append((v.get("confirmed_on") or v["started_on"], 0, "confirm_receipt",
                      {"needs_correction": bool(v.get("needs_correction"))}))
    if v.get("correction_requested_on"):
        steps.append((v["correction_requested_on"], 1, "request_correction",
                      {"items": v.get("correction_items") or "",
                       "correction_due": v.get("correction_due")}))
    if v.get("correction_received_on"):
        steps.append((v["correction_received_on"], 2, "correction_received", {}))
    for c in v.get("consultations") or []:
        steps.append((c["sent_on"], 3, "consult", {"kind": c["kind"], "party": c["party"],
                                                    "delivery": c.get("delivery") or "",
                                                    "received_on": c.get("received_on")}))
        if c["answered_on"]:
            steps.append((c["answered_on"], 4, "consult_answer",
                          {"party": c["party"], "answer": c["answer"]}))
    if v.get("extended"):
        steps.append((v["extended_on"], 5, "extend",
                      {"approver": v.get("extension_approver") or "",
                       "extension_days": v.get("extension_days"),
                       "notified_on": v.get("extension_notified_on")}))
    if replied_on:
        if reason == ReplyReason.OVERDUE_CORRECTION:
            if reply_type != ReplyType.OTHER:
                raise ValidationError("逾期不补正视为放弃申请的，“答复类型”应为“其他处理”。")
            steps.append((replied_on, 6, "abandon", {}))
        else:
            steps.append((replied_on, 6, "reply", {
                "reply_type": reply_type, "reply_reason": reason,
                "reply_number": v.get("reply_number") or "", "fee_amount": v.get("fee_amount")}))
    for f in v.get("followups") or []:
        steps.append((f["filed_on"], 7, "followup", dict(f)))
    return sorted(steps, key=lambda s: (s[0], s[1]))


def import_row(reg: DisclosureRegister, values: dict[str, Any], region: Region,
                actor: Actor) -> Case:
    """Replay one row as OpenCase + its events in date order, through the same
    forms and gates as the web pages."""
    steps = _steps(values)  # before anything is saved: a bad row fails early
    fields = {k: values.get(k) for k in (
        "number", "started_on", "submitted_on", "applicant", "applicant_type", "channel",
        "content", "form_wanted")}
    fields["applicant_type"] = fields["applicant_type"] or ApplicantType.PERSON
    case = replay_open(reg, region, actor, values.get("unit") or "", fields)
    for on, _, key, event_fields in steps:
        case = replay_event(reg, case, actor, key, on, event_fields)
    check_state(reg, case, values.get("state"))
    return case


