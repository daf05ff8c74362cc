"""政府信息公开申请登记簿：依申请公开的申请，从收到到答复（及其后的复议、诉讼）.

The procedure (states, transitions, the gates on ``receipt_date``,
``correction_already_requested``, ``correction_period_expired``,
``extension_approved`` and ``applicant_notified``, and the clocks) is declared
once in ``fazhi.procedures.definitions.DISCLOSURE`` (design/rules.md §3). This
module maps the register's events onto it, keeps the detail
(``details/disclosure.py``) and runs the clocks. Article numbers are of
《中华人民共和国政府信息公开条例》 (2019):

* 确认收到: the receipt date is fixed by the channel (art. 31): in person →
  the day received, post signed for → the day signed (both the day the
  application arrived, the case's ``started_on``); ordinary letter, online,
  fax → the day of confirmation with the applicant (the event's date). The
  reply clock (20 WD, art. 33) runs from it; the 7 WD clock for a 补正 notice
  (art. 30) too when the clerk marks the application as unclear.
* 补正 (art. 30): once only; finishes the notice clock and stops the reply
  clock; the corrected application's receipt restarts the reply clock.
* 征求意见 (arts. 32–34): the time is not counted in the reply period
  (art. 33③). How it is counted: for each consultation, the working days from
  the day after the request was sent to the day the answer arrived (start day
  not counted, as for every period here), at most up to the end of the
  consulted party's own 15 WD, which run from the day it *received* the
  request (arts. 32, 34; recorded with the delivery method, in person or
  electronic = the sending date), so a late answer or silence never
  stretches the reply period further; overlapping consultations count a day
  once. The consulted party's period is kept on the consultation with its
  provisional flag and recomputed when a year's holidays are loaded. On each answer the reply clock is superseded by one whose start is
  moved later by that many working days, i.e. the reply is due 20 (+20) + N
  working days after the receipt.
* 延长 (art. 33②): with the 工作机构负责人's consent and notice to the
  applicant (gates), before the period ends, once (the procedure has no
  extended → extended transition): + the approved length, at most 20 WD.
* 补正 period of the applicant (art. 30 "合理的补正期限"): the notice's date,
  else the configurable rule ``disclosure applicant_correction`` (15 WD, M),
  kept with its provisional flag and recomputed like the consultations.
* 答复 (arts. 33, 36): the reply type and sub-category of the 30号 annual
  report table; the reply clock is settled met or missed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet

from fazhi.core import staging
from fazhi.procedures.deadlines import compute_deadline, effective_rule
from fazhi.procedures.definitions import DISCLOSURE_REGULATION as LAW
from fazhi.workdays.calendar import fmt_date

from ..base import (
    EventContext,
    EventType,
    Register,
    cancel_clocks,
    finish_clock,
    open_deadline,
    refuse,
    register,
    start_clock,
    work_calendar,
)
from ..details.disclosure import (
    REASONS_BY_TYPE,
    RECEIPT_ON_ARRIVAL,
    RECEIPT_ON_SENDING,
    ApplicantType,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    DisclosureDetail,
    ReplyReason,
    ReplyType,
    ReviewOutcome,
    ThirdPartyConsultation,
)
from ..models import Case, Deadline
from .consultation import CONSULTATION_LIMIT_WD, consultation_days, consultations, excluded_days
from .forms import (
    AbandonForm,
    AnswerForm,
    ConfirmForm,
    ConsultForm,
    CorrectionForm,
    CorrectionReceivedForm,
    DisclosureOpenForm,
    ExtendForm,
    FollowupForm,
    ReplyForm,
)

KEY = "disclosure"
REPLY = "reply"  # rules.md "disclosure reply": 20 WD (+20), art. 33
CORRECTION = "correction_notice"  # rules.md "disclosure correction_notice": 7 WD, art. 30
CONSULTATION_ANSWER = "consultation_answer"  # rules: 15 WD from the party's receipt
# art. 30 asks for a 合理的补正期限 without a number (rules.md §3): the default
# when the notice states none is practice (M): the configurable rule
# ``disclosure applicant_correction`` (RuleSetting per region).
APPLICANT_CORRECTION = "applicant_correction"
INDICATOR_ONTIME = "DISCLOSURE_ONTIME_REPLY_RATE"


def correction_period_wd() -> int:
    return effective_rule(KEY, APPLICANT_CORRECTION).amount


def _detail(ctx: EventContext) -> DisclosureDetail:
    return ctx.detail  # type: ignore[return-value]




# --------------------------------------------------------------------- events
OPEN_STATES = ("received", "extended")
EVENTS: tuple[EventType, ...] = (
    EventType("confirm_receipt", "确认收到申请", target="received", form=ConfirmForm,
              sources=("submitted",),
              help="当面提交、邮寄需签收的，收到申请之日为收到（签收）之日；平常信函、互联网渠道、传真的，"
                   "为与申请人确认之日，即本次登记的日期（第三十一条）。答复期限自收到申请之日起20个工作日"
                   "（第三十三条）。"),
    EventType("request_correction", "一次性告知补正", target="correction_requested",
              form=CorrectionForm,
              help="申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正，说明补正事项和合理的补正期限；"
                   "只能告知一次（第三十条）。"),
    EventType("correction_received", "收到补正后的申请", target="received",
              form=CorrectionReceivedForm, sources=("correction_requested",),
              help="答复期限自收到补正的申请之日起重新计算（第三十条）。"),
    EventType("abandon", "视为放弃申请", target="abandoned", form=AbandonForm,
              help="申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理（第三十条）。"
                   "只能在补正期限届满后登记。"),
    EventType("consult", "征求第三方意见", allowed_in=OPEN_STATES, form=ConsultForm,
              help="公开可能损害第三方合法权益的，书面征求第三方意见，第三方15个工作日内提出（第三十二条）；"
                   "共同制作或其他机关的信息，征求其他机关意见（第三十四条）。所需时间不计入答复期限"
                   "（第三十三条第三款）。"),
    EventType("consult_answer", "收到第三方意见", allowed_in=OPEN_STATES, form=AnswerForm,
              help="登记收到意见（或逾期未提出意见）之日；征求意见所需的工作日（每项最多15个）从答复期限中扣除，"
                   "系统重新计算答复期限（第三十二条至第三十四条）。"),
    EventType("extend", "延长答复期限", target="extended", form=ExtendForm,
              help="需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长不超过20个工作日；"
                   "须在答复期限届满前，只能延长一次（第三十三条第二款）。"),
    EventType("reply", "作出答复", target="replied", form=ReplyForm,
              help="按第三十六条作出答复；答复类型和具体情形按年度报告（国办公开办函〔2021〕30号）分类。"),
    EventType("followup", "登记复议、诉讼情况",
              allowed_in=("received", "correction_requested", "extended", "replied", "abandoned"),
              form=FollowupForm,
              help="申请人就本申请的处理申请行政复议或提起行政诉讼的，登记日期和结果（年度报告第四部分）；"
                   "结果变化时再次登记。"),
)

FOLLOWUP_REGISTERS = {"reconsideration": "reconsideration", "litigation": "litigation"}


# ------------------------------------------------------------------- register
@register
class DisclosureRegister(Register):
    key = KEY
    label = "政府信息公开申请"
    bulk_import = True
    process_key = "disclosure"
    detail_model = DisclosureDetail
    open_form = DisclosureOpenForm
    events = EVENTS
    number_prefix = "依申请"
    # may record a filing made while the case was in an earlier state
    order_exempt = ("followup",)
    # 更正登记信息: the 收到申请之日 (answer clock start, art. 31) is corrected
    # too, and follows a corrected 收到日期 when it was that day (in person).
    correction_extra = ("received_on",)
    correction_links = {"started_on": ("received_on",)}

    # -- declarations -------------------------------------------------------------
    def title_for(self, data: Mapping[str, Any]) -> str:
        content = " ".join(str(data.get("content") or "").split())
        return content or f"{data.get('applicant', '')}的申请"

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> DisclosureDetail:
        return staging.create(
            DisclosureDetail, case=case, applicant=str(data.get("applicant") or "").strip(),
            applicant_type=data.get("applicant_type") or ApplicantType.PERSON,
            channel=data.get("channel") or Channel.IN_PERSON,
            submitted_on=data.get("submitted_on") or case.started_on,
            content=str(data.get("content") or "").strip(),
            form_wanted=data.get("form_wanted") or "")

    @staticmethod
    def receipt_date(case: Case, detail: DisclosureDetail,
                     confirmed_on: datetime.date) -> datetime.date | None:
        """收到申请之日 by the channel (art. 31)."""
        if not detail.channel:
            return None
        if detail.channel in RECEIPT_ON_ARRIVAL:
            return case.started_on  # (一) in person; (二) post signed for
        return confirmed_on  # (二) ordinary letter, (三) online, fax: the day confirmed

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        d: DisclosureDetail = detail  # type: ignore[assignment]
        receipt = (self.receipt_date(case, d, on) if case.state == "submitted"
                   else d.received_on)
        return {
            # arts. 31, 33: the reply period runs from the receipt; no reply before it.
            "receipt_date": receipt,
            # art. 30: one 补正 notice only.
            "correction_already_requested": d.correction_requested_on is not None,
            # art. 30: abandoned only once the applicant's period has run out.
            "correction_period_expired": d.correction_due is not None and on > d.correction_due,
            # art. 33②: extension with the 工作机构负责人's consent and notice to the applicant.
            "extension_approved": bool(str(data.get("approver") or "").strip()),
            "applicant_notified": bool(data.get("notified_on")),
        }

    def available_events(self, case: Case) -> list[EventType]:
        # The state is the engine's (each event's declared sources); what the
        # case's own data rules out is hidden here.
        events = super().available_events(case)
        keys = {e.key for e in events}
        hidden = set()
        if "consult_answer" in keys and not case.consultations.filter(answered_on=None).exists():
            hidden.add("consult_answer")
        if "request_correction" in keys and case.events.filter(kind="request_correction").exists():
            hidden.add("request_correction")  # once only (art. 30)
        return [e for e in events if e.key not in hidden]

    # -- hooks --------------------------------------------------------------------
    def on_open(self, ctx: EventContext) -> None:
        # No clock yet: the reply period runs from the receipt date of art. 31,
        # fixed when the receipt is confirmed.
        d = _detail(ctx)
        if d.channel in RECEIPT_ON_ARRIVAL:
            ctx.messages.append(f"请登记“确认收到申请”：答复期限自{fmt_date(ctx.case.started_on)}"
                                f"起算（{LAW}第三十一条、第三十三条）。")

    # -- the reply clock ------------------------------------------------------------
    def _start_reply_clock(self, ctx: EventContext) -> Deadline:
        """20 WD (+20 once extended) from the receipt or the corrected application's
        receipt (arts. 30, 33), moved later by the consultations' working days
        (art. 33③; see the module docstring for how they are counted)."""
        d = _detail(ctx)
        base = d.correction_received_on or d.received_on
        assert base is not None
        cal = work_calendar()
        days, used = excluded_days(ctx.case, base, cal)
        start = cal.add_working_days(base, len(days)).date if days else base
        shift = ""
        if days:
            parties = "、".join(f"{c.party}（{fmt_date(c.sent_on, with_year=False)}发出，"
                               f"{fmt_date(c.answered_on, with_year=False)}"
                               f"{'收到意见' if c.answer != ConsultationAnswer.NO_ANSWER else '逾期未提出意见'}）"
                               for c in used if c.answered_on)
            shift = (f"征求意见所需时间不计入答复期限（{LAW}第三十三条第三款）：征求{parties}，"
                     f"自发出次日至收到意见之日计{len(days)}个工作日（至多算到对方自收到征求意见书之日起"
                     f"{CONSULTATION_LIMIT_WD}个工作日届满，第三十二条、第三十四条；重叠的日子只计一次），"
                     f"起算日相应顺延{len(days)}个工作日")
        return start_clock(ctx, REPLY, start, extended=d.extended,
                           extension=d.extension_days if d.extended else None,
                           event_on=base, shift=shift)

    # -- the parties' own periods --------------------------------------------------------
    def _correction_due(self, ctx: EventContext, on: datetime.date,
                        given: datetime.date | None) -> tuple[datetime.date, bool]:
        if given is not None:
            return given, False  # the period the notice states (art. 30)
        result = compute_deadline(KEY, APPLICANT_CORRECTION, on, region=ctx.case.region)
        return result.due, result.provisional

    def recompute_party_periods(self, first: datetime.date, last: datetime.date) -> int:
        """Calendar change: recompute the provisional 补正 periods and consulted
        parties' periods still running, with an event on each case."""
        from ..clocks import record_recomputation

        changed = 0
        for d in (DisclosureDetail.objects.select_related("case__region")
                  .filter(case__state="correction_requested", correction_due_provisional=True,
                          correction_due__gte=first, correction_requested_on__lte=last)):
            result = compute_deadline(KEY, APPLICANT_CORRECTION, d.correction_requested_on,
                                      region=d.case.region)
            if (result.due, result.provisional) == (d.correction_due, True):
                continue
            record_recomputation(d.case, "节假日安排调整，重新计算补正期限",
                                 {"step": APPLICANT_CORRECTION, "old_due": d.correction_due.isoformat(),
                                  "new_due": result.due.isoformat()},
                                 f"申请人补正期限：{d.correction_due} → {result.due}（节假日安排调整）")
            d.correction_due, d.correction_due_provisional = result.due, result.provisional
            d.save(update_fields=["correction_due", "correction_due_provisional"])
            changed += 1
        for c in (ThirdPartyConsultation.objects.select_related("case__region")
                  .filter(answered_on=None, answer_due_provisional=True, answer_due__gte=first,
                          received_on__lte=last)):
            result = compute_deadline(KEY, CONSULTATION_ANSWER, c.received_on, region=c.case.region)
            if (result.due, result.provisional) == (c.answer_due, True):
                continue
            record_recomputation(c.case, "节假日安排调整，重新计算征求意见期限",
                                 {"step": CONSULTATION_ANSWER, "party": c.party,
                                  "old_due": c.answer_due.isoformat(), "new_due": result.due.isoformat()},
                                 f"{c.party}提出意见期限：{c.answer_due} → {result.due}（节假日安排调整）")
            c.answer_due, c.answer_due_provisional = result.due, result.provisional
            c.save(update_fields=["answer_due", "answer_due_provisional"])
            changed += 1
        return changed

    @staticmethod
    def _set_answer_due(case: Case, c: ThirdPartyConsultation, received: datetime.date) -> None:
        result = compute_deadline(KEY, CONSULTATION_ANSWER, received, region=case.region)
        c.received_on, c.answer_due, c.answer_due_provisional = (received, result.due,
                                                                 result.provisional)

    # -- 收到 (art. 31) ----------------------------------------------------------------
    def _on_confirm_receipt(self, ctx: EventContext) -> None:
        d, on, case = _detail(ctx), ctx.event.occurred_on, ctx.case
        receipt = self.receipt_date(case, d, on)
        assert receipt is not None  # the gate on receipt_date
        d.received_on = receipt
        if d.channel == Channel.ORDINARY_POST and on > case.started_on:
            ctx.messages.append(
                f"以平常信函提交的，应当于收到申请的当日与申请人确认（{LAW}第三十一条第二项）；"
                f"本申请{fmt_date(case.started_on)}收到，{fmt_date(on)}确认，收到申请之日为确认之日。")
        start_clock(ctx, REPLY, receipt)  # art. 33: 20 WD
        if ctx.data.get("needs_correction"):
            start_clock(ctx, CORRECTION, receipt)  # art. 30: 7 WD

    # -- 补正 (art. 30) -------------------------------------------------------------------
    def _on_request_correction(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        items = str(ctx.data.get("items") or "").strip()
        if not items:
            refuse(f"告知补正须一次性说明需要补正的事项（{LAW}第三十条）。")
        due, provisional = self._correction_due(ctx, on, ctx.data.get("correction_due"))
        if due <= on:
            refuse("补正期限应晚于告知补正的日期。")
        if open_deadline(ctx.case, CORRECTION) is None:
            # Not marked at confirmation: the 7 WD still ran from the receipt.
            assert d.received_on is not None
            start_clock(ctx, CORRECTION, d.received_on)
        notice = finish_clock(ctx, CORRECTION, on)
        if notice is not None and notice.status == Deadline.Status.MISSED:
            ctx.messages.append(f"应当自收到申请之日起7个工作日内一次性告知补正（{LAW}第三十条），"
                                f"该期限已于{fmt_date(notice.due)}届满，本次告知已逾期。")
        # The reply period restarts from the corrected application (art. 30).
        cancel_clocks(ctx, REPLY)
        d.correction_requested_on, d.correction_items, d.correction_due = on, items, due
        d.correction_due_provisional = provisional

    def _on_correction_received(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.correction_due and on > d.correction_due:
            ctx.messages.append(f"补正期限已于{fmt_date(d.correction_due)}届满；申请人无正当理由逾期不补正的，"
                                f"视为放弃申请（{LAW}第三十条）。已按收到补正的申请继续办理。")
        d.correction_received_on = on
        self._start_reply_clock(ctx)  # art. 30: from the receipt of the corrected application

    def _on_abandon(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        # 30号: 其他处理 — 逾期不补正、行政机关不再处理.
        d.reply_type, d.reply_reason = ReplyType.OTHER, ReplyReason.OVERDUE_CORRECTION

    # -- 征求意见 (arts. 32–34) ---------------------------------------------------------
    def _on_consult(self, ctx: EventContext) -> None:
        party = str(ctx.data.get("party") or "").strip()
        if not party:
            refuse("请填写征求意见对象。")
        kind = ctx.data.get("kind") or ConsultationKind.THIRD_PARTY
        if kind not in ConsultationKind.values:
            refuse(f"征求意见的类别应为：{'、'.join(ConsultationKind.labels)}。")
        if any(c.party == party and c.answered_on is None for c in consultations(ctx.case)):
            refuse(f"已向“{party}”征求意见，尚未收到回复。")
        on = ctx.event.occurred_on
        delivery = ctx.data.get("delivery") or Delivery.IN_PERSON
        if delivery not in Delivery.values:
            refuse(f"送达方式应为：{'、'.join(Delivery.labels)}。")
        received = ctx.data.get("received_on") or (on if delivery in RECEIPT_ON_SENDING else None)
        if received is not None and received < on:
            refuse("对方收到征求意见书的日期不能早于发出日期。")
        c = ThirdPartyConsultation(case=ctx.case, kind=kind, party=party, sent_on=on,
                                   delivery=delivery)
        if received is not None:
            self._set_answer_due(ctx.case, c, received)  # arts. 32, 34: 15 WD from receipt
        else:
            ctx.messages.append("对方提出意见的15个工作日自其收到征求意见书之日起计算（第三十二条、第三十四条）；"
                                "邮寄送达的，请在登记回复时填写对方收到的日期。")
        staging.insert(c)

    def _on_consult_answer(self, ctx: EventContext) -> None:
        on = ctx.event.occurred_on
        party = str(ctx.data.get("party") or "").strip()
        found = [c for c in consultations(ctx.case)
                 if c.answered_on is None and (not party or c.party == party)][:2]
        if not found:
            refuse(f"没有向“{party}”发出且尚未回复的征求意见。" if party
                    else "没有尚未回复的征求意见，请先登记“征求第三方意见”。")
        if len(found) > 1 and not party:
            refuse("有多项征求意见尚未回复，请填写征求意见对象。")
        c = found[0]
        if on < c.sent_on:
            refuse(f"收到意见的日期不能早于发出征求意见书的日期（{fmt_date(c.sent_on)}）。")
        answer = ctx.data.get("answer") or ConsultationAnswer.AGREE
        if answer not in ConsultationAnswer.values:
            refuse(f"意见应为：{'、'.join(ConsultationAnswer.labels)}。")
        received = ctx.data.get("received_on")
        if received is not None:
            if received < c.sent_on or received > on:
                refuse("对方收到征求意见书的日期应在发出日期和收到意见日期之间。")
            self._set_answer_due(ctx.case, c, received)
        if c.answer_due is None:
            refuse(f"请填写对方收到征求意见书的日期：提出意见的15个工作日自该日起计算"
                   f"（{LAW}第三十二条、第三十四条）。")
        cal = work_calendar()
        limit = c.answer_due
        if answer == ConsultationAnswer.NO_ANSWER:
            if on <= limit:
                refuse(f"征求意见的对象应当自收到征求意见书之日起15个工作日内提出意见"
                        f"（{LAW}第三十二条、第三十四条），{fmt_date(limit)}之后才能登记逾期未提出意见。")
            if c.kind == ConsultationKind.OTHER_AGENCY:
                ctx.messages.append(f"其他机关逾期未提出意见的，视为同意公开（{LAW}第三十四条）。")
        days, total = consultation_days(cal, c.sent_on, on, limit)
        if on > limit and answer != ConsultationAnswer.NO_ANSWER:
            ctx.messages.append(
                f"对方提出意见的期限已于{fmt_date(limit)}届满（自收到征求意见书之日起{CONSULTATION_LIMIT_WD}"
                f"个工作日，{LAW}第三十二条、第三十四条）；本次征求意见用时{total}个工作日，"
                f"只扣除至期限届满的{len(days)}个工作日。")
        c.answered_on, c.answer, c.excluded_days = on, answer, len(days)
        staging.save(c, update_fields=["answered_on", "answer", "excluded_days", "received_on",
                                       "answer_due", "answer_due_provisional"])
        self._start_reply_clock(ctx)  # supersedes the running clock (art. 33③)

    # -- 延长 (art. 33) ------------------------------------------------------------------
    def _on_extend(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        deadline = open_deadline(ctx.case, REPLY)
        if deadline is not None and on > deadline.due:
            refuse(f"答复期限已于{fmt_date(deadline.due)}届满，届满后不能再延长（{LAW}第三十三条第二款）。")
        notified = ctx.data.get("notified_on")
        days = ctx.data.get("extension_days") or 20
        if not isinstance(days, int) or not 1 <= days <= 20:
            refuse(f"延长的期限最长不得超过20个工作日（{LAW}第三十三条第二款），请填写1至20。")
        d.extended, d.extended_on, d.extension_days = True, on, days
        d.extension_approver = str(ctx.data.get("approver") or "").strip()[:100]
        d.extension_notified_on = notified
        if deadline is not None and notified and notified > deadline.due:
            ctx.messages.append(f"告知申请人延长的日期晚于原答复期限（{fmt_date(deadline.due)}）。")
        cancel_clocks(ctx, CORRECTION)  # the 补正 window is over once the period is extended
        self._start_reply_clock(ctx)  # 20 + the approved ≤20 WD (+ consultations)

    # -- 答复 (arts. 33, 36) -------------------------------------------------------------
    def _on_reply(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        kind = ctx.data.get("reply_type") or ""
        reason = ctx.data.get("reply_reason") or ""
        check_reply(kind, reason)
        deadline = finish_clock(ctx, REPLY, on)
        if deadline is not None and deadline.status == Deadline.Status.MISSED:
            ctx.messages.append(f"答复期限已于{fmt_date(deadline.due)}届满，本次答复已逾期"
                                f"（{LAW}第三十三条）。")
        cancel_clocks(ctx, CORRECTION)  # answered: no 补正 any more
        if any(c.answered_on is None for c in consultations(ctx.case)):
            ctx.messages.append("尚有征求意见未登记回复；征求意见所需时间只在登记回复后从答复期限中扣除。")
        fee = ctx.data.get("fee_amount")
        d.replied_on, d.reply_type, d.reply_reason = on, kind, reason
        d.reply_number = str(ctx.data.get("reply_number") or "")[:100]
        d.fee_amount = Decimal(str(fee)) if fee not in (None, "") else None

    # -- 复议、诉讼 ---------------------------------------------------------------------------
    def _on_followup(self, ctx: EventContext) -> None:
        d, on, case = _detail(ctx), ctx.event.occurred_on, ctx.case
        kind = ctx.data.get("kind")
        if kind not in FOLLOWUP_REGISTERS:
            refuse("请选择行政复议或行政诉讼。")
        outcome = ctx.data.get("outcome") or ReviewOutcome.PENDING
        if outcome not in ReviewOutcome.values:
            refuse(f"结果应为：{'、'.join(ReviewOutcome.labels)}。")
        filed = ctx.data.get("filed_on") or getattr(d, f"{kind}_on") or on
        if filed > on:
            refuse("申请复议（起诉）日期不能晚于登记日期。")
        if filed < (d.received_on or case.started_on):
            refuse("申请复议（起诉）日期不能早于收到申请之日。")
        number = str(ctx.data.get("case_number") or "").strip()[:100]
        linked = None
        if number:
            linked = Case.objects.filter(region=case.region, register=FOLLOWUP_REGISTERS[kind],
                                         number=number).first()
        setattr(d, f"{kind}_on", filed)
        setattr(d, f"{kind}_outcome", outcome)
        setattr(d, f"{kind}_number", number or getattr(d, f"{kind}_number"))
        setattr(d, f"{kind}_case", linked or getattr(d, f"{kind}_case"))
        if kind == "litigation":
            d.litigation_after_reconsideration = bool(ctx.data.get("after_reconsideration"))

    # -- the case page -----------------------------------------------------------------------
    def detail_rows(self, detail: models.Model) -> list[tuple[str, str]]:
        d: DisclosureDetail = detail  # type: ignore[assignment]
        case = d.case
        rows = [
            ("申请人", f"{d.applicant}（{d.get_applicant_type_display()}）"),
            ("申请方式", d.get_channel_display()),
            ("申请日期", fmt_date(d.submitted_on) if d.submitted_on else "—"),
            ("收到日期", fmt_date(case.started_on)),
            ("收到申请之日", (fmt_date(d.received_on) + "（答复期限起算，第三十一条）")
             if d.received_on else "尚未确认收到"),
            ("申请内容", d.content),
            ("获取信息的形式", d.get_form_wanted_display() or "—"),
        ]
        if d.correction_requested_on:
            rows.append(("补正", f"{fmt_date(d.correction_requested_on)}告知：{d.correction_items}；"
                                 f"补正期限{fmt_date(d.correction_due) if d.correction_due else '—'}"
                         + ("（暂定）" if d.correction_due_provisional else "")
                         + (f"；{fmt_date(d.correction_received_on)}收到补正的申请"
                            if d.correction_received_on else "")))
        for c in case.consultations.all():
            text = f"{c.get_kind_display()}，{fmt_date(c.sent_on)}{c.get_delivery_display()}发出"
            if c.received_on:
                text += (f"，{fmt_date(c.received_on)}收到，提出意见期限{fmt_date(c.answer_due)}"
                         + ("（暂定）" if c.answer_due_provisional else ""))
            if c.answered_on:
                text += (f"，{fmt_date(c.answered_on)}{c.get_answer_display()}，"
                         f"不计入答复期限{c.excluded_days}个工作日")
            else:
                text += "，尚未回复"
            rows.append((f"征求意见：{c.party}", text))
        if d.extended:
            rows.append(("延长答复期限", f"{fmt_date(d.extended_on)}，经{d.extension_approver}同意"
                         f"延长{d.extension_days or 20}个工作日"
                         + (f"，{fmt_date(d.extension_notified_on)}告知申请人"
                            if d.extension_notified_on else "")))
        if d.reply_type:
            text = d.get_reply_type_display()
            if d.reply_reason:
                text += f"：{d.get_reply_reason_display()}"
            rows.append(("答复" if d.replied_on else "办理结果",
                         (f"{fmt_date(d.replied_on)} " if d.replied_on else "") + text))
            if d.reply_number:
                rows.append(("答复书文号", d.reply_number))
            if d.fee_amount:
                rows.append(("信息处理费", f"{d.fee_amount}元"))
        from .excel import followup_text

        followups = followup_text(d)
        if followups:
            rows.append(("后续复议诉讼", followups.replace("；", "\n")))
        return rows

    # -- Excel -------------------------------------------------------------------------------
    def export_queryset(self, qs: QuerySet) -> QuerySet:
        """Also the consultations, which the “征求意见” column reads."""
        return super().export_queryset(qs).prefetch_related(
            Prefetch("consultations",
                     queryset=ThirdPartyConsultation.objects.order_by("sent_on", "id")))


def check_reply(kind: str, reason: str) -> None:
    """The reply type and its sub-category as the 30号 table has them."""
    if kind not in ReplyType.values:
        refuse(f"答复类型应为：{'、'.join(ReplyType.labels)}。")
    label = ReplyType(kind).label
    allowed = REASONS_BY_TYPE[kind]
    if kind == ReplyType.PARTIAL:
        # 区分处理 (art. 37) counts only as 部分公开; the withheld part's reason may be noted.
        allowed = REASONS_BY_TYPE[ReplyType.WITHHELD]
        if reason and reason not in allowed:
            refuse(f"部分公开的，具体情形只能填写不予公开的理由：{'、'.join(ReplyReason(r).label for r in allowed)}。")
        return
    if not allowed:
        if reason:
            refuse(f"“{label}”不填写具体情形。")
        return
    if reason == ReplyReason.OVERDUE_CORRECTION:
        refuse(f"申请人逾期不补正的，请登记“视为放弃申请”（{LAW}第三十条）。")
    if reason not in allowed:
        refuse(f"“{label}”须选择具体情形：{'、'.join(ReplyReason(r).label for r in allowed)}。")


