"""合法性审查登记簿：单位送审的规范性文件、重大行政决策、行政协议（合同）和
其他重大事项，从收到送审材料到出具审查意见、登记采纳情况.

The procedure (states, transitions, the gate on reasons) and the four opinion
clocks, one per kind of matter, each configurable by region, are declared in
``fazhi.procedures.definitions.LEGALITY_REVIEW`` (rules.md §4, §5):

* 规范性文件: 一般不少于5个工作日、最长不超过15个工作日 (国办发〔2018〕115号, M);
* 重大行政决策: 一般不少于7个工作日 (《重大行政决策程序暂行条例》第二十六条第二款);
* 行政协议（合同）与其他事项: 5 working days by default (local rules, M).

退回补充材料 (条例第二十六条第一款) stops the clock; the supplement's receipt
starts it again for the whole period, since the reviewer's time runs on
complete materials.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models

from fazhi.workdays.calendar import fmt_date

from ..base import (
    EventContext,
    EventType,
    Register,
    refuse,
    register,
    work_calendar,
)
from ..clocks import cancel_clocks, finish_clock, open_deadline, start_clock
from ..details.legality_review import (
    OPINION_STEP,
    LegalityReviewDetail,
    MatterKind,
    Opinion,
    ReviewerKind,
)
from ..models import Case, Deadline
from .forms import LegalityReviewOpenForm
from .service import KEY, tell_source

EVENTS: tuple[EventType, ...] = (
    EventType("request_supplement", "退回补充材料", target="supplement_requested",
              fields=("supplement_items",), required=("supplement_items",),
              date_field="supplement_requested_on",
              help="送审材料不符合要求的，审查机构可以退回或者要求补充（《重大行政决策程序暂行条例》"
                   "第二十六条第一款）；审查期限自收到补充材料之日起重新计算。"),
    EventType("supplement_received", "收到补充材料", target="received",
              date_field="supplement_received_on",
              help="审查期限自收到补充材料之日起重新计算。"),
    EventType("opinion", "出具审查意见", target="opined", date_label="出具意见日期",
              fields=("opinion", "opinion_reasons", "opinion_number", "counsel_consulted"),
              required=("opinion",), date_field="opinion_on",
              help="审查意见分为合法、修改后合法、不合法；后两种应写明理由和修改意见。审查重大行政决策的，"
                   "应当组织法律顾问、公职律师提出法律意见（条例第二十八条）。"),
    EventType("adoption", "登记采纳情况", target="closed", date_label="登记日期",
              fields=("adoption", "adoption_note"), required=("adoption",),
              help="送审单位根据审查意见作出调整或者补充的情况（条例第二十八条）。"),
    EventType("withdraw", "送审单位撤回", target="withdrawn",
              fields=("withdrawal_reason",), required=("withdrawal_reason",)),
)


def _detail(ctx: EventContext) -> LegalityReviewDetail:
    return ctx.detail  # type: ignore[return-value]


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (start day not counted)."""
    cal = work_calendar()
    return sum(1 for n in range(1, (end - start).days + 1)
               if cal.is_working_day(start + datetime.timedelta(days=n)))


@register
class LegalityReviewRegister(Register):
    key = KEY
    label = "合法性审查"
    process_key = "legality_review"
    detail_model = LegalityReviewDetail
    open_form = LegalityReviewOpenForm
    events = EVENTS
    number_prefix = "合审"

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> LegalityReviewDetail:
        kind = data.get("matter_kind") or MatterKind.OTHER
        if kind not in MatterKind.values:
            refuse(f"审查事项类别“{kind}”无效。")
        return LegalityReviewDetail.objects.create(
            case=case, matter_kind=kind,
            reviewer_kind=data.get("reviewer_kind") or ReviewerKind.JUSTICE_BUREAU,
            reviewer_name=str(data.get("reviewer_name") or "").strip(),
            source_case=data.get("source_case"))

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        return {"opinion_lawful": data.get("opinion") == Opinion.LAWFUL,
                "opinion_reasoned": bool(str(data.get("opinion_reasons") or "").strip())}

    def step(self, detail: LegalityReviewDetail) -> str:
        return OPINION_STEP[MatterKind(detail.matter_kind)]

    def on_open(self, ctx: EventContext) -> None:
        start_clock(ctx, self.step(_detail(ctx)), ctx.case.started_on)

    def _on_request_supplement(self, ctx: EventContext) -> None:
        cancel_clocks(ctx, self.step(_detail(ctx)))

    def _on_supplement_received(self, ctx: EventContext) -> None:
        start_clock(ctx, self.step(_detail(ctx)), ctx.event.occurred_on)

    def _on_opinion(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.opinion not in Opinion.values:
            refuse(f"审查意见应为：{'、'.join(Opinion.labels)}。")
        clock: Deadline | None = open_deadline(ctx.case, self.step(d))
        finish_clock(ctx, self.step(d), on)
        if clock is not None and on > clock.due:
            ctx.messages.append(f"审查意见期限已于{fmt_date(clock.due)}届满，本次出具意见逾期。")
        start = d.supplement_received_on or ctx.case.started_on
        d.working_days_taken = working_days_between(start, on)
        if d.matter_kind == MatterKind.MAJOR_DECISION and not d.counsel_consulted:
            ctx.messages.append("审查重大行政决策，应当组织法律顾问、公职律师提出法律意见"
                                "（《重大行政决策程序暂行条例》第二十八条）。")
        tell_source(ctx.case, d, on, ctx.actor)

    def detail_rows(self, detail: Any) -> list[tuple[str, str]]:
        rows = [(label, value) for label, value in super().detail_rows(detail)
                if label != "送审事项"]
        if detail.source_case_id:
            source = detail.source_case
            rows.insert(0, ("送审事项", f"{source.number} {source.title}"))
        return rows
