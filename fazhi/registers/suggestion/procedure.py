"""人大代表建议和政协提案登记簿：从交办到答复、代表（委员）反馈和不满意时的重新办理.

The procedure (states, transitions, gates) and the clocks are declared in
``fazhi.procedures.definitions.SUGGESTION`` (rules.md §7):

* 人大代表建议: answered within three months of 交办, six months for matters
  that are wide-ranging or hard to handle (《代表法》第五十一条第二款); the
  answering unit first contacts the 代表 and hears them (same paragraph);
* 政协委员提案: its own clock, three (six) months by default, set per region;
* 协办单位 send their views to the 主办 unit within one month of 交办
  (Shandong 条例, a regional setting); one clock for all of them, settled
  when the last view arrives;
* a dissatisfied 代表 (委员): the unit handles it again and answers again
  within one month (Shandong 条例; the 政协 period is its own setting).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models

from fazhi.core import staging
from fazhi.org.models import Unit
from fazhi.workdays.calendar import fmt_date

from ..base import EventContext, EventType, Register, refuse, register
from ..clocks import cancel_clocks, finish_clock, open_deadline, start_clock
from ..details.suggestion import (
    Feedback,
    ReplyClass,
    Source,
    SuggestionCoUnit,
    SuggestionDetail,
    rehandle_step,
    reply_step,
)
from ..models import Case
from .forms import CoOpinionForm, SuggestionOpenForm
from .service import KEY

REPLY_FIELDS = ("contacted", "contact_way", "reply_class", "reply_number", "reply_summary")

EVENTS: tuple[EventType, ...] = (
    EventType("co_opinion", "协办单位送达协办意见", allowed_in=("assigned", "rehandling"),
              form=CoOpinionForm, date_label="送达日期",
              help="协办单位在规定期限内将协办意见送主办单位（默认交办后一个月，按本地规定设置）。"),
    EventType("six_months", "按六个月办理", allowed_in=("assigned",),
              fields=("extension_reason",), required=("extension_reason",),
              date_label="决定日期",
              help="涉及面广、处理难度大的建议，自交办之日起六个月内答复"
                   "（《代表法》第五十一条第二款）；政协提案按本地规定。"),
    EventType("reply", "答复代表（委员）", target="replied", date_label="答复日期",
              fields=REPLY_FIELDS, required=("reply_class",),
              help="答复前应当与代表（委员）联系沟通，充分听取意见（《代表法》第五十一条第二款）；"
                   "答复注明A类、B类或C类，C类应当说明原因。"),
    EventType("dissatisfied", "代表（委员）不满意，重新办理", target="rehandling",
              fields=("dissatisfied_reason",), required=("dissatisfied_reason",),
              date_field="dissatisfied_on", date_label="反馈日期",
              help="代表（委员）对答复不满意的，承办单位重新研究办理，在规定期限内再次答复。"),
    EventType("feedback", "登记反馈意见并办结", target="closed", date_label="反馈日期",
              fields=("feedback",), required=("feedback",), date_field="feedback_on",
              help="代表（委员）对答复的反馈：满意、基本满意或不满意；首次答复不满意的应当重新办理。"),
    EventType("return_to_assigner", "退回交办机关", target="returned", date_label="退回日期",
              fields=("return_reason",), required=("return_reason",),
              help="不属于本单位职责的，说明理由后退回交办机关重新交办（山东省代表建议办理工作条例）。"),
)


def _detail(ctx: EventContext) -> SuggestionDetail:
    return ctx.detail  # type: ignore[return-value]


@register
class SuggestionRegister(Register):
    key = KEY
    label = "建议提案"
    process_key = "suggestion"
    detail_model = SuggestionDetail
    open_form = SuggestionOpenForm
    events = EVENTS
    number_prefix = "建提"
    bulk_import = True
    # 协办意见 may arrive on any day after 交办 (not after the last step).
    order_exempt = ("co_opinion",)

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> SuggestionDetail:
        source = data.get("source") or ""
        if source not in Source.values:
            refuse(f"来源应为：{'、'.join(Source.labels)}。")
        proposers = str(data.get("proposers") or "").strip()
        if not proposers:
            refuse("请填写提出建议（提案）的代表（委员）。")
        wide = bool(data.get("wide_ranging"))
        reason = str(data.get("extension_reason") or "").strip()
        if wide and not reason:
            refuse("按六个月办理的，请写明涉及面广、处理难度大的情况（《代表法》第五十一条第二款）。")
        detail = staging.create(
            SuggestionDetail, case=case, source=source, proposers=proposers,
            session=str(data.get("session") or "").strip(),
            assigned_by=str(data.get("assigned_by") or "").strip(),
            wide_ranging=wide, extension_reason=reason)
        for unit in data.get("co_units") or ():
            if unit.pk == case.unit_id:
                refuse("主办单位不能同时列为协办单位。")
            if unit.region_id != case.region_id:
                refuse(f"协办单位“{unit}”不属于{case.region.name}。")
            staging.create(SuggestionCoUnit, detail=detail, unit=unit)
        return detail

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        d: SuggestionDetail = detail  # type: ignore[assignment]
        reply_class = data.get("reply_class") or ""
        return {
            "contacted": bool(data.get("contacted")),
            "reply_classed": reply_class in ReplyClass.values,
            "class_c": reply_class == ReplyClass.C,
            "reply_explained": bool(str(data.get("reply_summary") or "").strip()),
            "dissatisfied": data.get("feedback") == Feedback.DISSATISFIED,
            "rehandled": d.rehandled,
        }

    def on_open(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        start_clock(ctx, reply_step(d.source), ctx.case.started_on, extended=d.wide_ranging)
        if _co_rows(d):
            start_clock(ctx, "co_opinion", ctx.case.started_on)

    def _on_six_months(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        if d.wide_ranging:
            refuse("该件已按六个月办理。")
        d.wide_ranging = True
        # The six months run from 交办 too (代表法 art. 51②), not from this decision.
        start_clock(ctx, reply_step(d.source), ctx.case.started_on, extended=True)

    def _on_co_opinion(self, ctx: EventContext) -> None:
        from fazhi.org.resolve import NameIndex

        d = _detail(ctx)
        name = str(ctx.data.get("co_unit") or "").strip()
        unit: Unit | None = NameIndex.for_region(ctx.case.region).resolve(name).unit
        rows = _co_rows(d)
        row = next((r for r in rows if r.unit_id == unit.pk), None) if unit is not None else None
        if row is None:
            listed = "、".join(str(r.unit) for r in rows) or "无"
            refuse(f"“{name}”不是本件的协办单位（协办单位：{listed}）。")
        if row.opinion_on is not None:
            refuse(f"{row.unit}已于{fmt_date(row.opinion_on)}送达协办意见。")
        row.opinion_on = ctx.event.occurred_on
        row.opinion = str(ctx.data.get("co_opinion") or "").strip()
        staging.save(row, update_fields=["opinion_on", "opinion"])
        if not any(r.opinion_on is None for r in rows):
            finish_clock(ctx, "co_opinion", ctx.event.occurred_on)

    def _on_reply(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        step = rehandle_step(d.source) if ctx.event.from_state == "rehandling" else reply_step(d.source)
        if ctx.event.from_state == "rehandling":
            d.rehandled, d.rereplied_on = True, on
        else:
            d.replied_on = on
        clock = open_deadline(ctx.case, step)
        finish_clock(ctx, step, on)
        if clock is not None and on > clock.due:
            ctx.messages.append(f"答复期限已于{fmt_date(clock.due)}届满，本次答复逾期。")
        waiting = [str(r.unit) for r in _co_rows(d) if r.opinion_on is None]
        if waiting:
            ctx.messages.append(f"协办单位{'、'.join(waiting)}尚未送达协办意见。")
        if ctx.event.from_state == "assigned":
            cancel_clocks(ctx, "co_opinion")

    def _on_dissatisfied(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        if d.rehandled:
            refuse("该件已重新办理并再次答复；再次反馈不满意的，登记反馈意见后办结，"
                   "由交办机关决定是否继续督办。")
        d.feedback = Feedback.DISSATISFIED
        start_clock(ctx, rehandle_step(d.source), ctx.event.occurred_on)

    def detail_rows(self, detail: Any) -> list[tuple[str, str]]:
        rows = super().detail_rows(detail)
        co = [f"{r.unit}（{'已于' + fmt_date(r.opinion_on) + '送达意见' if r.opinion_on else '未送达意见'}）"
              for r in detail.co_rows.select_related("unit").order_by("id")]
        rows.insert(2, ("协办单位", "、".join(co) or "—"))
        return rows


def _co_rows(d: SuggestionDetail) -> list[SuggestionCoUnit]:
    """The detail's 协办单位 rows in the order listed; a staged detail's from memory."""
    if staging.of(d) is not None:
        return staging.children(d, SuggestionCoUnit)
    return list(d.co_rows.select_related("unit").order_by("id"))
