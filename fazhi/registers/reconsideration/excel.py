"""行政复议登记簿的 Excel 列和导入：一行重放为登记和各项办理经过。"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from fazhi.core.actions import Actor
from fazhi.org.models import Region, Unit
from fazhi.workdays.calendar import fmt_date

from ..base import (
    OpenCase,
    RecordEvent,
    case_deadlines,
    case_events,
)
from ..details.reconsideration import (
    AcceptanceDecision,
    ActKind,
    ApplicantType,
    Channel,
    DecisionType,
    Delivery,
    Procedure,
    ReconsiderationDetail,
    SimpleGround,
)
from ..excel import ExcelColumn, choice_parser, parse_bool, parse_date, parse_int, parse_text
from ..models import Case, CaseEvent
from .procedure import CLOSING_EVENT, ReconsiderationRegister


# ------------------------------------------------------------------- Excel
def _d(case: Case) -> ReconsiderationDetail:
    return case.reconsideration  # type: ignore[attr-defined]


def _label(choices: type, value: str) -> str:
    return choices(value).label if value else ""


# The export getters read the case's prefetched events and deadlines
# (``Register.export_queryset``) through ``case_events``/``case_deadlines``,
# so the export runs a fixed number of queries however many cases it has.
def _switch_event(case: Case) -> CaseEvent | None:
    """The switch to the ordinary procedure made after acceptance (art. 55)."""
    switches = [e for e in case_events(case, "switch_procedure") if e.from_state == "accepted"]
    return switches[-1] if switches else None


def _needs_correction(case: Case) -> bool:
    """A 通知补正 clock was computed (at registration or with the notice)."""
    return bool(case_deadlines(case, "correction_notice"))


def _suspensions(case: Case) -> list[tuple[datetime.date, datetime.date | None]]:
    periods: list[tuple[datetime.date, datetime.date | None]] = []
    for event in case_events(case, "suspend", "resume"):
        if event.kind == "suspend":
            periods.append((event.occurred_on, None))
        elif periods and periods[-1][1] is None:
            periods[-1] = (periods[-1][0], event.occurred_on)
    return periods


def _format_periods(periods: list[tuple[datetime.date, datetime.date | None]]) -> str:
    return "；".join(f"{s.isoformat()}至{e.isoformat() if e else ''}" for s, e in periods)


def parse_periods(value: Any) -> list[tuple[datetime.date, datetime.date | None]]:
    """“2025-03-01至2025-03-10；2025-04-02至” → periods (the last may be open)."""
    text = parse_text(value).replace(";", "；")
    periods: list[tuple[datetime.date, datetime.date | None]] = []
    for part in filter(None, (p.strip() for p in text.split("；"))):
        start, sep, end = part.partition("至")
        if not sep:
            raise ValueError(f"中止期间应写作“2025-03-01至2025-03-10”，多段用；分隔：{part}")
        first = parse_date(start.strip())
        last = parse_date(end.strip()) if end.strip() else None
        if first is None:
            raise ValueError(f"中止期间缺少开始日期：{part}")
        if last is not None and last < first:
            raise ValueError(f"中止期间的结束日期早于开始日期：{part}")
        periods.append((first, last))
    return periods


def columns(reg: ReconsiderationRegister) -> list[ExcelColumn]:
    state_parse = choice_parser(reg.state_choices())
    return [
        ExcelColumn("number", "编号", lambda c: c.number, width=24, note="留空则自动编号"),
        ExcelColumn("unit", "承办单位", lambda c: str(c.unit), required=True,
                    note="本县单位的简称或全称，一般为县司法局（行政复议机构）"),
        ExcelColumn("title", "事由", lambda c: c.title, required=True, width=30),
        ExcelColumn("started_on", "收到日期", lambda c: c.started_on, parse_date, required=True,
                    width=12, note="收到行政复议申请之日，如 2025-09-26"),
        ExcelColumn("applicant", "申请人", lambda c: _d(c).applicant, required=True),
        ExcelColumn("applicant_type", "申请人类型",
                    lambda c: _label(ApplicantType, _d(c).applicant_type),
                    choice_parser(ApplicantType.choices), note="自然人；法人或者其他组织"),
        ExcelColumn("respondent", "被申请人", lambda c: _d(c).respondent, required=True),
        ExcelColumn("contested_act", "行政行为", lambda c: _d(c).contested_act, required=True,
                    width=30),
        ExcelColumn("act_kind", "行为类别", lambda c: _label(ActKind, _d(c).act_kind),
                    choice_parser(ActKind.choices), note="、".join(ActKind.labels)),
        ExcelColumn("channel", "收到方式", lambda c: _label(Channel, _d(c).channel),
                    choice_parser(Channel.choices), note="、".join(Channel.labels)),
        ExcelColumn("procedure", "程序", lambda c: _label(Procedure, _d(c).procedure),
                    choice_parser(Procedure.choices), note="普通程序或简易程序（现适用的程序）"),
        ExcelColumn("simple_ground", "简易程序情形", lambda c: _label(SimpleGround, _d(c).simple_ground),
                    choice_parser(SimpleGround.choices), note="第五十三条第一款所列情形"),
        ExcelColumn("amount_involved", "涉及款额（元）",
                    lambda c: (str(a) if (a := _d(c).amount_involved) is not None else None),
                    parse_text, note="三千元以下的可以适用简易程序（第五十三条第一款第三项）"),
        ExcelColumn("parties_consent", "当事人同意简易程序", lambda c: _d(c).parties_consent,
                    parse_bool, note="第五十三条第一款以外的案件适用简易程序须当事人各方同意"),
        ExcelColumn("switched_on", "转为普通程序日期",
                    lambda c: (e.occurred_on if (e := _switch_event(c)) else None), parse_date,
                    note="受理后由简易程序转为普通程序的日期（第五十五条）"),
        ExcelColumn("switch_approver", "转程序批准人",
                    lambda c: (e.data.get("approver", "") if (e := _switch_event(c)) else "")),
        ExcelColumn("needs_correction", "需补正",
                    _needs_correction, parse_bool,
                    note="是：计算“通知补正”期限（收到之日起5个工作日）"),
        ExcelColumn("correction_requested_on", "补正通知日期",
                    lambda c: _d(c).correction_requested_on, parse_date),
        ExcelColumn("correction_items", "补正事项", lambda c: _d(c).correction_items),
        ExcelColumn("correction_delivery", "补正通知送达方式",
                    lambda c: _label(Delivery, _d(c).correction_delivery),
                    choice_parser(Delivery.choices), note="、".join(Delivery.labels)),
        ExcelColumn("correction_notice_received_on", "申请人收到补正通知日期",
                    lambda c: _d(c).correction_notice_received_on, parse_date,
                    note="直接送达的为通知日期；补正期限自该日起10个工作日（第三十一条第二款）"),
        ExcelColumn("correction_due", "补正期限届满日", lambda c: _d(c).correction_due, parse_date,
                    note="留空则按申请人收到补正通知之日起10个工作日"),
        ExcelColumn("correction_received_on", "补正收到日期",
                    lambda c: _d(c).correction_received_on, parse_date),
        ExcelColumn("acceptance", "受理决定", lambda c: _label(AcceptanceDecision, _d(c).acceptance),
                    choice_parser(AcceptanceDecision.choices), note="受理、视为受理、不予受理"),
        ExcelColumn("acceptance_on", "受理日期", lambda c: _d(c).acceptance_on, parse_date,
                    note="不予受理的填决定日期；视为受理的填审查期限届满之日"),
        ExcelColumn("hearing_on", "听证日期", lambda c: _d(c).hearing_on, parse_date),
        ExcelColumn("suspensions", "中止期间", lambda c: _format_periods(_suspensions(c)),
                    parse_periods, width=28,
                    note="如 2025-03-01至2025-03-10；尚未恢复的只写开始日期，如 2025-04-02至"),
        ExcelColumn("suspension_ground", "中止理由", lambda c: _d(c).suspension_ground),
        ExcelColumn("extended", "是否延长", lambda c: _d(c).extended, parse_bool),
        ExcelColumn("extended_on", "延长日期", lambda c: _d(c).extended_on, parse_date),
        ExcelColumn("extension_days", "批准延长日数", lambda c: _d(c).extension_days, parse_int,
                    note="最多30日（第六十二条第一款）；留空为30日"),
        ExcelColumn("extension_approver", "延长批准人", lambda c: _d(c).extension_approver),
        ExcelColumn("decision_type", "决定类型", lambda c: _label(DecisionType, _d(c).decision_type),
                    choice_parser(DecisionType.choices), note="、".join(DecisionType.labels)),
        ExcelColumn("decided_on", "决定日期", lambda c: _d(c).decided_on, parse_date),
        ExcelColumn("decision_number", "决定书文号", lambda c: _d(c).decision_number),
        ExcelColumn("closing_reason", "理由", lambda c: _d(c).closing_reason,
                    note="不予受理、驳回申请、终止的理由"),
        ExcelColumn("corrected", "是否纠错",
                    lambda c: _d(c).corrected if _d(c).decision_type else None,
                    note="导出时按设置的纠错类型计算，导入时不读取"),
        ExcelColumn("state", "状态", lambda c: reg.state_label(c.state), state_parse,
                    note="导入后按办理经过核对，不一致的报错"),
        ExcelColumn("next_due", "最近期限", lambda c: c.next_due, note="导出时填写，导入时不读取"),
    ]


def _resolve_unit(name: str, region: Region) -> Unit:
    unit = (Unit.objects.filter(region=region, is_active=True)
            .filter(Q(short_name=name) | Q(name=name)).first())
    if unit is None:
        raise ValidationError(f"承办单位“{name}”不是{region.name}的单位。")
    return unit


def import_row(reg: ReconsiderationRegister, v: dict[str, Any], region: Region,
                actor: Actor) -> Case:
    """Replay one row as OpenCase + the events it implies, in date order."""
    unit = _resolve_unit(v["unit"], region)
    switched_on = v.get("switched_on")
    procedure = Procedure.SIMPLE if switched_on else (v.get("procedure") or Procedure.ORDINARY)
    acceptance, accepted_on = v.get("acceptance"), v.get("acceptance_on")
    decision, decided_on = v.get("decision_type"), v.get("decided_on")
    if decision == DecisionType.NOT_ACCEPTED and not acceptance:
        acceptance, accepted_on = AcceptanceDecision.REFUSED, accepted_on or decided_on
    if acceptance and not accepted_on:
        raise ValidationError("填写了“受理决定”，须同时填写“受理日期”。")
    if decision and not decided_on:
        raise ValidationError("填写了“决定类型”，须同时填写“决定日期”。")
    if v.get("extended") and not v.get("extended_on"):
        raise ValidationError("“是否延长”为是，须填写“延长日期”。")
    if acceptance == AcceptanceDecision.REFUSED and decision not in ("", None,
                                                                      DecisionType.NOT_ACCEPTED):
        raise ValidationError("不予受理的案件，“决定类型”应为“不予受理”或留空。")

    case = OpenCase(actor, reg, region=region, unit=unit, data={
        "number": v.get("number") or "", "title": v["title"], "started_on": v["started_on"],
        "applicant": v["applicant"], "applicant_type": v.get("applicant_type"),
        "respondent": v["respondent"], "contested_act": v["contested_act"],
        "act_kind": v.get("act_kind"), "channel": v.get("channel"), "procedure": procedure,
        "simple_ground": v.get("simple_ground") or "",
        "amount_involved": v.get("amount_involved") or None,
        "parties_consent": bool(v.get("parties_consent")),
        "needs_correction": bool(v.get("needs_correction")),
    }).execute()

    # (date, order within a day, event, data)
    steps: list[tuple[datetime.date, int, str, dict[str, Any]]] = []
    if v.get("correction_requested_on"):
        delivery = v.get("correction_delivery") or Delivery.IN_PERSON
        received = v.get("correction_notice_received_on")
        same_day = received in (None, v["correction_requested_on"])
        steps.append((v["correction_requested_on"], 0, "request_correction",
                      {"items": v.get("correction_items", ""), "delivery": delivery,
                       "notice_received_on": received if same_day else None,
                       "correction_due": v.get("correction_due") if same_day else None}))
        if not same_day:
            steps.append((received, 0, "correction_notice_received", {"delivery": delivery}))
    if v.get("correction_received_on"):
        steps.append((v["correction_received_on"], 1, "correction_received", {}))
    if acceptance == AcceptanceDecision.ACCEPTED:
        steps.append((accepted_on, 3, "accept", {"procedure": procedure}))
    elif acceptance == AcceptanceDecision.DEEMED:
        # Recorded the day after the review period expired (art. 30).
        steps.append((accepted_on + datetime.timedelta(days=1), 3, "deem_accepted", {}))
    elif acceptance == AcceptanceDecision.REFUSED:
        steps.append((accepted_on, 3, "refuse", {"reason": v.get("closing_reason", ""),
                                                 "decision_number": v.get("decision_number", "")}))
    if switched_on:
        steps.append((switched_on, 5, "switch_procedure",
                      {"procedure": Procedure.ORDINARY, "approver": v.get("switch_approver", "")}))
    if v.get("hearing_on"):
        steps.append((v["hearing_on"], 5, "hearing", {}))
    if v.get("extended"):
        steps.append((v["extended_on"], 6, "extend", {"approver": v.get("extension_approver", ""),
                                                      "extension_days": v.get("extension_days")}))
    for start, end in v.get("suspensions") or []:
        steps.append((start, 7, "suspend", {"ground": v.get("suspension_ground", "")}))
        if end is not None:
            # A resumption sorts before a suspension of the same day, unless it ends that one.
            steps.append((end, 8 if end == start else 4, "resume", {}))
    if decision and decision != DecisionType.NOT_ACCEPTED:
        event = CLOSING_EVENT[decision]
        data: dict[str, Any] = {"decision_number": v.get("decision_number", ""),
                                "reason": v.get("closing_reason", "")}
        if event == "decide":
            data["decision_type"] = decision
        steps.append((decided_on, 9, event, data))

    for on, _, event, data in sorted(steps, key=lambda s: (s[0], s[1])):
        case = RecordEvent(actor, case, reg, event, occurred_on=on, data=data).execute()

    detail = reg.detail_of(case)
    if acceptance == AcceptanceDecision.DEEMED and detail.acceptance_on != accepted_on:
        raise ValidationError(f"视为受理的“受理日期”应为受理审查期限届满之日"
                              f"（{fmt_date(detail.acceptance_on)}），表中为{fmt_date(accepted_on)}。")
    if v.get("state") and v["state"] != case.state:
        raise ValidationError(f"按表中日期办理后状态为“{reg.state_label(case.state)}”，"
                              f"与“状态”列的“{reg.state_label(v['state'])}”不一致。")
    return case


