"""法治督察与整改登记簿：督察（或风险提示）发现的问题，从交办责任单位到报送整改情况、
依法治县办核验和销号.

The procedure (states, transitions, gates) is declared in
``fazhi.procedures.definitions.RECTIFICATION``: the unit reports its measures
(required); the office verifies and 销号 only with evidence (files on the case
or a listed 佐证材料) and a verification note; a failed verification sends it
back. The clock is the date the inspection set (``rectify``); an approved
extension (延期整改) restarts it on the new date.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models

from fazhi.workdays.calendar import fmt_date

from ..base import EventContext, EventType, Register, refuse, register
from ..clocks import finish_clock, open_deadline, start_clock
from ..details.rectification import Inspection, Origin, RectificationDetail, SignalKind
from ..models import Attachment, Case
from .forms import RectificationOpenForm
from .service import KEY

EVENTS: tuple[EventType, ...] = (
    EventType("report", "报送整改情况", target="reported", date_label="报送日期",
              fields=("measures", "evidence_note"), required=("measures",),
              date_field="reported_on",
              help="责任单位写明已采取的整改措施，上传或列明整改到位的佐证材料。"),
    EventType("send_back", "核验未通过，退回整改", target="rectifying", date_label="退回日期",
              fields=("return_reason",), required=("return_reason",),
              help="依法治县办核验认为整改未到位的，写明理由退回责任单位继续整改。"),
    EventType("close", "核验通过并销号", target="closed", date_label="销号日期",
              fields=("verification",), required=("verification",), date_field="verified_on",
              help="依法治县办核验整改情况和佐证材料后销号；没有佐证材料的不能销号。"),
    EventType("extend", "延期整改", allowed_in=("rectifying",), date_label="批准日期",
              fields=("rectify_by", "extension_reason"), required=("rectify_by", "extension_reason"),
              help="确因客观原因不能按期整改到位的，经督察组织单位同意延期，写明理由和新的整改期限。"),
)


def _detail(ctx: EventContext) -> RectificationDetail:
    return ctx.detail  # type: ignore[return-value]


def start_rectify_clock(ctx: EventContext, due: datetime.date) -> None:
    """The inspection's date as the deadline (a period of 0 days ending on it,
    moved off a rest day), with an explanation that says so."""
    deadline = start_clock(ctx, "rectify", due)
    _, rolled, rest = deadline.explanation.partition("；")
    deadline.explanation = f"督察组确定的整改期限为{fmt_date(due)}" + (f"；{rest}" if rolled else "。")
    deadline.save(update_fields=["explanation"])


@register
class RectificationRegister(Register):
    key = KEY
    label = "督察整改"
    process_key = "rectification"
    detail_model = RectificationDetail
    open_form = RectificationOpenForm
    events = EVENTS
    number_prefix = "督改"

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> RectificationDetail:
        origin = data.get("origin") or Origin.INSPECTION
        inspection: Inspection | None = data.get("inspection")
        if origin == Origin.INSPECTION and inspection is None:
            refuse("请选择发现该问题的督察（先在“督察”中登记）。")
        if inspection is not None and inspection.region_id != case.region_id:
            refuse("所选督察不属于该县（市、区）。")
        if inspection is not None and case.started_on < inspection.started_on:
            refuse(f"发现问题的日期不能早于督察开始日期（{fmt_date(inspection.started_on)}）。")
        kind = data.get("signal_kind") or ""
        if origin == Origin.SIGNAL and kind not in SignalKind.values:
            refuse("风险提示转办的问题须注明风险提示类型。")
        due = data.get("rectify_by")
        if not isinstance(due, datetime.date):
            refuse("请填写整改期限。")
        if due < case.started_on:
            refuse("整改期限不能早于发现问题的日期。")
        problem = str(data.get("problem") or "").strip()
        if not problem:
            refuse("请填写问题描述。")
        detail = RectificationDetail.objects.create(
            case=case, origin=origin, inspection=inspection, signal_kind=kind,
            source_case=data.get("source_case"), problem=problem,
            typical_case=bool(data.get("typical_case")), rectify_by=due)
        if inspection is not None:
            inspection.units.add(case.unit)  # a unit with a finding was inspected
        return detail

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        d: RectificationDetail = detail  # type: ignore[assignment]
        return {
            "measures_given": bool(str(data.get("measures") or "").strip()),
            # Evidence: files on the case, or 佐证材料 listed with the report.
            "has_evidence": bool(d.evidence_note.strip())
            or Attachment.objects.filter(case=case).exists(),
            "verified": bool(str(data.get("verification") or "").strip()),
        }

    def on_open(self, ctx: EventContext) -> None:
        start_rectify_clock(ctx, _detail(ctx).rectify_by)

    def _on_report(self, ctx: EventContext) -> None:
        clock = open_deadline(ctx.case, "rectify")
        if clock is not None and ctx.event.occurred_on > clock.due:
            ctx.messages.append(f"整改期限已于{fmt_date(clock.due)}届满，本次报送逾期。")

    def _on_close(self, ctx: EventContext) -> None:
        if not ctx.actor.can("register.manage", ctx.case):
            refuse("销号由依法治县办核验后办理，责任单位不能自行销号。")
        d = _detail(ctx)
        # Settled by the report's date: the unit met the deadline if it reported in time.
        finish_clock(ctx, "rectify", d.reported_on or ctx.event.occurred_on)

    def _on_extend(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        clock = open_deadline(ctx.case, "rectify")
        if clock is not None and d.rectify_by <= clock.start:
            refuse(f"延期后的整改期限应晚于原期限（{fmt_date(clock.start)}）。")
        start_rectify_clock(ctx, d.rectify_by)

    def detail_rows(self, detail: Any) -> list[tuple[str, str]]:
        rows = [(label, value) for label, value in super().detail_rows(detail)
                if label not in ("所属督察", "风险来源事项")]
        if detail.inspection_id:
            rows.insert(1, ("所属督察", str(detail.inspection)))
        if detail.source_case_id:
            source = detail.source_case
            rows.insert(1, ("风险来源事项", f"{source.number} {source.title}"))
        return rows
