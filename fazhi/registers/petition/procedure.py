"""信访登记簿：从登记、告知受理（或转送、导入法定程序）到信访处理意见书，以及复查、复核.

The procedure (states, transitions, gates, clocks) is declared in
``fazhi.procedures.definitions.PETITION`` (rules.md §8, 《信访工作条例》2022):

* 登记 starts the 15-day notice (第二十三条第二款 for a petition made directly,
  unless the petitioner's name and address are unclear; 第二十三条第三款 for one
  forwarded or assigned). Each way out of 已登记 — 受理, 导入法定程序, 转送 —
  is the written notice and settles that clock;
* an assigned matter outside the unit's duties is objected to within 5
  working days of receipt (第二十三条第三款): the limit is shown from 登记, and an
  objection is settled against it (a late one is kept, marked late);
* claims (申诉求决类) under 第三十一条第一项至第五项 are routed, with the channel and,
  when the channel is one of this platform's registers, the case there (one
  the person recording may see); only 第六项 matters are handled here: 60 days
  from 受理, extended once by at most 30 days with the head's approval and the
  reasons told to the petitioner (第三十四条), ending with a 信访处理意见书 that
  states the request, facts and reasons, opinion and its legal basis (第三十二条);
* 复查 within 30 days of the petitioner receiving the opinion, decided within
  30 days (第三十五条); 复核 likewise, the time of a hearing not counted
  (第三十六条). The petitioner's 30 days are kept on the detail (not this body's
  deadline, no reminder); after them the matter is closed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models

from fazhi.procedures.deadlines import compute_deadline
from fazhi.procedures.definitions import PETITION_REGULATION as LAW
from fazhi.workdays.calendar import fmt_date

from ..base import EventContext, EventType, Register, refuse, register
from ..clocks import cancel_clocks, finish_clock, open_deadline, start_clock
from ..details.petition import (
    ROUTED,
    Category,
    Form,
    Opinion,
    PetitionDetail,
    Route,
    Source,
)
from ..models import Case, Deadline
from .forms import PetitionOpenForm
from .service import KEY, link_case

NOTICE_STEPS = ("notice", "notice_assigned")
OPINION_FIELDS = ("opinion", "opinion_number", "opinion_request", "opinion_facts",
                  "opinion_text", "opinion_basis", "delivered_on")
EXTENSION_FIELDS = ("extension_days", "extension_approver", "extension_reason",
                    "extension_told_on")
ROUTE_FIELDS = ("route", "route_body", "linked_register", "linked_number")

EVENTS: tuple[EventType, ...] = (
    EventType("accept", "受理并告知信访人（第三十一条第六项）", target="handling", date_label="受理日期",
              fields=("route",), required=("route",), date_field="accepted_on",
              help="属于本机关职权范围的，书面告知信访人接收情况以及处理途径和程序（第二十三条）；"
                   "不属于第三十一条第一项至第五项的申诉求决类事项，听取陈述、调查核实，"
                   "自受理之日起60日内办结（第三十一条第六项、第三十四条）。"),
    EventType("route", "导入相应法定程序并告知信访人", target="routed", date_label="告知日期",
              fields=ROUTE_FIELDS, required=("route", "route_body"), date_field="notified_on",
              help="应当通过诉讼、仲裁、复议等法定程序处理的申诉求决类事项，导入相应程序处理"
                   "（第三十一条第一项至第五项），书面告知信访人处理途径。"
                   "导入的程序在本平台登记的，填写该案件的编号以便关联。"),
    EventType("transfer", "转送、交办或告知向有权机关提出", target="transferred", date_label="告知日期",
              fields=("transfer_to",), required=("transfer_to",), date_field="notified_on",
              help="属于本系统下级机关职权范围的转送、交办并告知信访人去向；不属于本机关、本系统职权范围的，"
                   "告知信访人向有权处理的机关提出（第二十三条第一款）；检举控告类转送纪检监察机关或有权处理的机关"
                   "（第三十条）。"),
    EventType("object", "提出异议（不属于本机关职权范围）", target="objected", date_label="提出异议日期",
              fields=("objection_reason",), date_field="objection_on",
              help="转送、交办的事项不属于本机关、单位或者本系统职权范围的，自收到之日起5个工作日内"
                   "提出异议，并详细说明理由（第二十三条第三款）。"),
    EventType("objection_agreed", "转送、交办机关同意异议，交还材料", target="returned",
              date_label="核实同意日期",
              help="经转送、交办的信访部门或者上级机关核实同意后，交还相关材料（第二十三条第三款）。"),
    EventType("objection_refused", "转送、交办机关不同意异议，继续办理", target="received",
              date_label="答复日期",
              help="异议未获同意的，继续办理；告知期限仍自收到之日起计算。"),
    EventType("accept_suggestion", "受理建议意见并告知信访人", target="studying", date_label="受理日期",
              date_field="accepted_on",
              help="对信访人提出的建议意见类事项，有权处理的机关认真研究论证（第二十九条）。"),
    EventType("reply_suggestion", "回复建议意见", target="replied", date_label="回复日期",
              fields=("adoption", "reply_summary"), required=("adoption", "reply_summary"),
              help="科学合理、具有现实可行性的，应当采纳或者部分采纳，并予以回复（第二十九条）。"),
    EventType("extend", "延长办理期限", allowed_in=("handling",), date_label="批准日期",
              fields=EXTENSION_FIELDS,
              required=("extension_approver", "extension_reason", "extension_told_on"),
              date_field="extended_on",
              help="情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日，"
                   "并告知信访人延期理由（第三十四条）。只能延长一次，须在期限届满前批准。"),
    EventType("conclude", "出具信访处理意见书", target="concluded", date_label="出具日期",
              fields=OPINION_FIELDS, required=("opinion",), date_field="concluded_on",
              help="信访处理意见书应当载明信访人投诉请求、事实和理由、处理意见及其法律法规依据；"
                   "处理意见为予以支持、作出解释说明或者不予支持（第三十二条）。"),
    EventType("request_review", "信访人请求复查", target="reviewing", date_label="复查机关收到请求日期",
              fields=("review_body", "review_submitted_on"), required=("review_body",),
              date_field="review_received_on",
              help="信访人对信访处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关、单位的"
                   "上一级机关、单位复查；复查机关自收到复查请求之日起30日内提出复查意见（第三十五条）。"),
    EventType("review_opinion", "出具复查意见", target="reviewed", date_label="出具日期",
              fields=("review_result", "review_delivered_on"), required=("review_result",),
              date_field="reviewed_on",
              help="收到复查请求的机关、单位应当自收到复查请求之日起30日内提出复查意见，并予以书面答复"
                   "（第三十五条）。"),
    EventType("request_recheck", "信访人请求复核", target="rechecking", date_label="复核机关收到请求日期",
              fields=("recheck_body", "recheck_submitted_on"), required=("recheck_body",),
              date_field="recheck_received_on",
              help="信访人对复查意见不服的，可以自收到书面答复之日起30日内向复查机关的上一级机关、单位请求复核；"
                   "复核机关自收到复核请求之日起30日内提出复核意见（第三十六条第一款）。"),
    EventType("recheck_hearing", "复核听证", allowed_in=("rechecking",), date_label="听证结束日期",
              fields=("hearing_decided_on",), required=("hearing_decided_on",),
              date_field="hearing_ended_on",
              help="复核机关可以举行听证；听证所需时间不计算在复核期限内（第三十六条第二款）。"
                   "听证所需时间按决定举行听证之日的次日至听证结束之日的日数计算。"),
    EventType("recheck_opinion", "出具复核意见", target="rechecked", date_label="出具日期",
              fields=("recheck_result",), required=("recheck_result",), date_field="rechecked_on",
              help="信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理（第三十六条第三款）。"),
    EventType("close", "办结（期满未请求复查、复核）", target="closed", date_label="办结日期",
              help="信访人自收到书面答复之日起30日内未请求复查（复核）的，办结（第三十五条、第三十六条）。"),
)


def _detail(ctx: EventContext) -> PetitionDetail:
    return ctx.detail  # type: ignore[return-value]


def _text(data: Mapping[str, Any], name: str) -> str:
    return str(data.get(name) or "").strip()


def party_period(case: Case, step: str, start: datetime.date) -> tuple[datetime.date, bool]:
    """The petitioner's own period (复查, 复核 request): computed like any other,
    kept on the detail."""
    result = compute_deadline("petition", step, start, region=case.region)
    return result.due, result.provisional


@register
class PetitionRegister(Register):
    key = KEY
    label = "信访"
    process_key = "petition"
    detail_model = PetitionDetail
    open_form = PetitionOpenForm
    events = EVENTS
    number_prefix = "信"

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> PetitionDetail:
        petitioner = _text(data, "petitioner")
        if not petitioner:
            refuse("请填写信访人。")
        content = _text(data, "content")
        if not content:
            refuse("请填写信访请求和事实、理由（第十九条）。")
        source = data.get("source") or Source.DIRECT
        if source not in Source.values:
            refuse(f"来源应为：{'、'.join(Source.labels)}。")
        category = data.get("category") or ""
        if category not in Category.values:
            refuse(f"信访事项类别应为：{'、'.join(Category.labels)}。")
        form = data.get("form") or ""
        if form not in Form.values:
            refuse("请选择信访形式（第十七条）。")
        assigned_by = _text(data, "assigned_by")
        if source == Source.ASSIGNED and not assigned_by:
            refuse("转送、交办的信访事项，请填写转送、交办机关。")
        unclear = bool(data.get("identity_unclear"))
        if unclear and source != Source.DIRECT:
            refuse("“姓名（名称）、住址不清”的例外只适用于信访人直接提出的信访事项（第二十三条第二款）。")
        detail = PetitionDetail(
            case=case, petitioner=petitioner, headcount=data.get("headcount") or 1,
            address=_text(data, "address"), identity_unclear=unclear, form=form, source=source,
            assigned_by=assigned_by if source == Source.ASSIGNED else "", category=category,
            content=content)
        if source == Source.ASSIGNED:
            # 第二十三条第三款: the 5 working days to object, shown from registration.
            result = compute_deadline("petition", "objection", case.started_on, region=case.region)
            detail.objection_due, detail.objection_due_provisional = result.due, result.provisional
        detail.save()
        return detail

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        d: PetitionDetail = detail  # type: ignore[assignment]
        opinion_complete = (data.get("opinion") in Opinion.values and all(
            _text(data, name) for name in ("opinion_request", "opinion_facts", "opinion_text",
                                           "opinion_basis")))
        review_submitted = data.get("review_submitted_on") or on
        recheck_submitted = data.get("recheck_submitted_on") or on
        request_due = d.review_request_due if case.state == "concluded" else d.recheck_request_due
        return {
            "residual_matter": str(data.get("route") or "") == Route.RESIDUAL,
            "not_claim": d.category != Category.CLAIM,
            "suggestion": d.category == Category.SUGGESTION,
            "assigned": d.source == Source.ASSIGNED,
            "objection_explained": bool(_text(data, "objection_reason")),
            "opinion_complete": opinion_complete,
            "review_in_time": d.review_request_due is not None
            and review_submitted <= d.review_request_due,
            "recheck_in_time": d.recheck_request_due is not None
            and recheck_submitted <= d.recheck_request_due,
            "request_period_over": request_due is not None and on > request_due,
        }

    def on_open(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        if d.source == Source.ASSIGNED:
            start_clock(ctx, "notice_assigned", ctx.case.started_on)
        elif d.identity_unclear:
            ctx.messages.append("信访人姓名（名称）、住址不清，不计算15日书面告知期限（第二十三条第二款）。")
        else:
            start_clock(ctx, "notice", ctx.case.started_on)

    # -- 告知：受理、导入、转送 ---------------------------------------------------------
    def _notify(self, ctx: EventContext) -> None:
        """Each way out of 已登记 is the written notice (第二十三条): settle its clock."""
        on = ctx.event.occurred_on
        _detail(ctx).notified_on = on
        for step in NOTICE_STEPS:
            clock = open_deadline(ctx.case, step)
            finish_clock(ctx, step, on)
            if clock is not None and on > clock.due:
                ctx.messages.append(f"书面告知信访人的期限已于{fmt_date(clock.due)}届满，本次告知逾期"
                                    f"（{LAW}第二十三条）。")

    def _on_accept(self, ctx: EventContext) -> None:
        self._notify(ctx)
        start_clock(ctx, "handling", ctx.event.occurred_on)

    def _on_route(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        if d.route not in ROUTED:
            refuse(f"导入法定程序的，请选择第三十一条第一项至第五项中的一项（{LAW}第三十一条）。")
        d.linked_case = link_case(ctx.actor, ctx.case, d.linked_register, d.linked_number)
        self._notify(ctx)

    def _on_transfer(self, ctx: EventContext) -> None:
        self._notify(ctx)

    def _on_accept_suggestion(self, ctx: EventContext) -> None:
        self._notify(ctx)

    # -- 异议（第二十三条第三款） -------------------------------------------------------
    def _on_object(self, ctx: EventContext) -> None:
        on = ctx.event.occurred_on
        clock = start_clock(ctx, "objection", ctx.case.started_on)
        finish_clock(ctx, "objection", on)
        if on > clock.due:
            ctx.messages.append(f"提出异议的期限（收到之日起5个工作日）已于{fmt_date(clock.due)}届满，"
                                f"本次异议逾期（{LAW}第二十三条第三款）。")

    def _on_objection_agreed(self, ctx: EventContext) -> None:
        # Returned to the 交办机关: the notice is no longer this unit's duty.
        cancel_clocks(ctx, *NOTICE_STEPS)

    # -- 延长（第三十四条） -------------------------------------------------------------
    def _on_extend(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if Deadline.objects.filter(case=ctx.case, step="handling", extended=True).exists():
            refuse(f"办理期限只能延长一次（{LAW}第三十四条：延长期限不得超过30日）。")
        clock = open_deadline(ctx.case, "handling")
        if clock is None:
            refuse("该事项没有正在计算的办理期限。")
        if on > clock.due:
            refuse(f"办理期限已于{fmt_date(clock.due)}届满，不能再批准延长（{LAW}第三十四条）。")
        told = d.extension_told_on
        if told is not None and told < on:
            refuse("告知信访人延期理由的日期不能早于批准延长的日期。")
        if told is not None and told > clock.due:
            ctx.messages.append(f"告知信访人延期理由晚于原办理期限（{fmt_date(clock.due)}）。")
        days = d.extension_days or 30
        start_clock(ctx, "handling", d.accepted_on or clock.start, extended=True, extension=days)
        d.extension_days = days

    # -- 信访处理意见书（第三十二条、第三十四条） ---------------------------------------
    def _on_conclude(self, ctx: EventContext) -> None:
        self._opinion_issued(ctx, "delivered_on", "意见书", "handling", "办理期限", "办结", "第三十四条",
                             "review_request")

    def _opinion_issued(self, ctx: EventContext, delivered_field: str, paper: str, step: str,
                        period: str, act: str, article: str, next_request: str) -> None:
        """An opinion (处理意见书, 复查意见) issued: its delivery date, the clock it
        finishes (late noted), and the petitioner's period to ask for the next
        stage, counted from receipt."""
        d, on = _detail(ctx), ctx.event.occurred_on
        delivered = getattr(d, delivered_field) or on
        if delivered < on:
            refuse(f"信访人收到{paper}的日期不能早于出具日期。")
        setattr(d, delivered_field, delivered)
        clock = open_deadline(ctx.case, step)
        finish_clock(ctx, step, on)
        if clock is not None and on > clock.due:
            ctx.messages.append(f"{period}已于{fmt_date(clock.due)}届满，本次{act}逾期（{LAW}{article}）。")
        due, provisional = party_period(ctx.case, next_request, delivered)
        setattr(d, f"{next_request}_due", due)
        setattr(d, f"{next_request}_due_provisional", provisional)

    # -- 复查（第三十五条）、复核（第三十六条） -----------------------------------------
    def _on_request_review(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.review_submitted_on is not None and d.review_submitted_on > on:
            refuse("信访人请求复查的日期不能晚于复查机关收到请求的日期。")
        d.review_submitted_on = d.review_submitted_on or on
        start_clock(ctx, "review", on)

    def _on_review_opinion(self, ctx: EventContext) -> None:
        self._opinion_issued(ctx, "review_delivered_on", "复查意见", "review", "复查期限", "复查意见",
                             "第三十五条", "recheck_request")

    def _on_request_recheck(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.recheck_submitted_on is not None and d.recheck_submitted_on > on:
            refuse("信访人请求复核的日期不能晚于复核机关收到请求的日期。")
        d.recheck_submitted_on = d.recheck_submitted_on or on
        start_clock(ctx, "recheck", on)

    def _on_recheck_hearing(self, ctx: EventContext) -> None:
        d, ended = _detail(ctx), ctx.event.occurred_on
        decided = d.hearing_decided_on
        received = d.recheck_received_on
        if ctx.case.events.filter(kind="recheck_hearing").exclude(pk=ctx.event.pk).exists():
            refuse("本件已登记复核听证。")
        if decided is None or received is None:
            refuse("请填写决定举行听证的日期。")
        if decided < received or decided > ended:
            refuse("决定举行听证的日期应在收到复核请求之后、听证结束之前。")
        clock = open_deadline(ctx.case, "recheck")
        if clock is not None and decided > clock.due:
            refuse(f"复核期限已于{fmt_date(clock.due)}届满，届满后举行的听证不能扣除期限。")
        # 第三十六条第二款: the hearing's time is not counted — from the day after the
        # decision to hold it to the day it ended (start day not counted, 民法典第二百零一条).
        days = (ended - decided).days
        d.hearing_days = days
        start_clock(ctx, "recheck", received + datetime.timedelta(days=days), event_on=received,
                    shift=f"听证所需时间{days}日（{fmt_date(decided)}决定听证，{fmt_date(ended)}听证结束）"
                          f"不计算在复核期限内（{LAW}第三十六条第二款）")

    def _on_recheck_opinion(self, ctx: EventContext) -> None:
        on = ctx.event.occurred_on
        clock = open_deadline(ctx.case, "recheck")
        finish_clock(ctx, "recheck", on)
        if clock is not None and on > clock.due:
            ctx.messages.append(f"复核期限已于{fmt_date(clock.due)}届满，本次复核意见逾期（{LAW}第三十六条）。")
        ctx.messages.append("信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理"
                            f"（{LAW}第三十六条第三款）。")

    # -- calendar changes --------------------------------------------------------------
    def recompute_party_periods(self, first: datetime.date, last: datetime.date) -> int:
        """A year's holidays loaded: recompute the provisional periods kept on
        the detail (异议, the petitioner's 复查 and 复核 requests) still running."""
        from ..clocks import record_recomputation

        plans = (("objection_due", "objection", "received", lambda d: d.case.started_on, "提出异议的期限"),
                 ("review_request_due", "review_request", "concluded", lambda d: d.delivered_on,
                  "请求复查的期限"),
                 ("recheck_request_due", "recheck_request", "reviewed",
                  lambda d: d.review_delivered_on, "请求复核的期限"))
        changed = 0
        for field, step, state, start_of, label in plans:
            rows = PetitionDetail.objects.select_related("case__region").filter(
                **{"case__state": state, f"{field}_provisional": True, f"{field}__gte": first})
            for d in rows:
                start = start_of(d)
                if start is None or start > last:
                    continue
                result = compute_deadline("petition", step, start, region=d.case.region)
                old = getattr(d, field)
                if (result.due, result.provisional) == (old, True):
                    continue
                record_recomputation(d.case, f"节假日安排调整，重新计算{label}",
                                     {"step": step, "old_due": old.isoformat(),
                                      "new_due": result.due.isoformat()},
                                     f"{label}：{old} → {result.due}（节假日安排调整）")
                setattr(d, field, result.due)
                setattr(d, f"{field}_provisional", result.provisional)
                d.save(update_fields=[field, f"{field}_provisional"])
                changed += 1
        return changed

    # -- pages and exports ---------------------------------------------------------------
    def export_queryset(self, qs: Any) -> Any:
        return super().export_queryset(qs).select_related("petition__linked_case")

    def detail_rows(self, detail: Any) -> list[tuple[str, str]]:
        """The facts recorded so far: empty later steps are left out, and a
        provisional period says so beside its date."""
        d: PetitionDetail = detail
        flags = {str(PetitionDetail._meta.get_field(f"{name}_provisional").verbose_name): name
                 for name in ("objection_due", "review_request_due", "recheck_request_due")}
        provisional = {str(PetitionDetail._meta.get_field(name).verbose_name)
                       for name in flags.values() if getattr(d, f"{name}_provisional")}
        always = {"信访人", "信访形式", "来源", "信访事项类别", "信访请求和事实、理由"}
        rows = []
        for label, value in super().detail_rows(d):
            if label in flags or (label == "听证所需日数" and not d.hearing_days):
                continue
            if label == "关联案件":
                linked = d.linked_case
                value = (f"{linked.number}（{d.get_linked_register_display()}登记簿，{linked.title}）"
                         if linked else "—")
            if value == "—" and label not in always:
                continue
            if label in provisional:
                value += "（暂定：该年放假安排尚未载入）"
            rows.append((label, value))
        return rows
