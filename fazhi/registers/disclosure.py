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
  not counted, as for every period here), at most 15 — the third party's or
  other agency's own period (arts. 32, 34), so a late answer or silence never
  stretches the reply period further; overlapping consultations count a day
  once. On each answer the reply clock is superseded by one whose start is
  moved later by that many working days, i.e. the reply is due 20 (+20) + N
  working days after the receipt.
* 延长 (art. 33②): with the 工作机构负责人's consent and notice to the
  applicant (gates), before the period ends, once (the procedure has no
  extended → extended transition): +20 WD.
* 答复 (arts. 33, 36): the reply type and sub-category of the 30号 annual
  report table; the reply clock is settled met or missed.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from fazhi.core.actions import ActionRefused, Actor
from fazhi.core.forms import DateInput
from fazhi.org.models import Region, Unit
from fazhi.procedures.definitions import DISCLOSURE_REGULATION as LAW
from fazhi.workdays.calendar import WorkCalendar, fmt_date

from .base import (
    EventContext,
    EventType,
    OpenCase,
    RecordEvent,
    Register,
    cancel_clocks,
    case_deadlines,
    case_events,
    finish_clock,
    open_deadline,
    register,
    start_clock,
)
from .details.disclosure import (
    REASONS_BY_TYPE,
    RECEIPT_ON_ARRIVAL,
    ApplicantType,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    DisclosureDetail,
    FormWanted,
    ReplyReason,
    ReplyType,
    ReviewOutcome,
    ThirdPartyConsultation,
)
from .excel import (
    ExcelColumn,
    check_state,
    choice_parser,
    parse_bool,
    parse_date,
    parse_text,
    replay_event,
    replay_open,
)
from .forms import DatedEventForm
from .models import Case, CaseEvent, Deadline

KEY = "disclosure"
REPLY = "reply"  # rules.md "disclosure reply": 20 WD (+20), art. 33
CORRECTION = "correction_notice"  # rules.md "disclosure correction_notice": 7 WD, art. 30
CONSULTATION_LIMIT_WD = 15  # the consulted party's period (arts. 32, 34)
# art. 30 asks for a 合理的补正期限 without a number (rules.md §3): the default
# when the notice states none is practice (M), configurable by setting.
DEFAULT_CORRECTION_PERIOD_WD = 15
INDICATOR_ONTIME = "DISCLOSURE_ONTIME_REPLY_RATE"


def correction_period_wd() -> int:
    return int(getattr(settings, "FAZHI_DISCLOSURE_CORRECTION_PERIOD_WD",
                       DEFAULT_CORRECTION_PERIOD_WD))


def _calendar() -> WorkCalendar:
    from fazhi.workdays.services import current_calendar

    return current_calendar()


def _refuse(message: str) -> None:
    raise ActionRefused(message)


def _detail(ctx: EventContext) -> DisclosureDetail:
    return ctx.detail  # type: ignore[return-value]


def _blank(choices: list[tuple[str, str]], label: str = "—") -> list[tuple[str, str]]:
    return [("", label), *choices]


# ---------------------------------------------------------------------- forms
class DisclosureOpenForm(forms.Form):
    """登记申请；承办单位、编号、收到日期和附件由 CaseOpenBase 提供。"""

    applicant = forms.CharField(label="申请人", max_length=200,
                                help_text="公民的姓名，或法人、其他组织的名称（第二十九条）")
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices,
                                       help_text="年度报告按自然人和法人或其他组织五类分列")
    channel = forms.ChoiceField(
        label="申请方式", choices=Channel.choices,
        help_text="当面提交的以收到之日、邮寄需签收的以签收之日为收到申请之日；平常信函、互联网渠道、"
                  "传真以与申请人确认之日为收到申请之日（第三十一条）")
    submitted_on = forms.DateField(label="申请日期", required=False, widget=DateInput(),
                                   help_text="申请书落款或寄出、网上提交的日期；留空同收到日期")
    content = forms.CharField(label="申请内容", widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="申请公开的政府信息的名称、文号或者便于查询的其他特征性描述"
                                        "（第二十九条）")
    form_wanted = forms.ChoiceField(label="获取信息的形式", required=False,
                                    choices=_blank(FormWanted.choices))

    field_order = ["unit", "number", "started_on", "submitted_on", "applicant", "applicant_type",
                   "channel", "content", "form_wanted", "files"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "收到日期"
            started.help_text = ("申请送达本机关之日（挂号信等为签收之日）。答复期限自“确认收到申请”"
                                 "确定的收到申请之日起算（第三十一条、第三十三条）")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        submitted, started = data.get("submitted_on"), data.get("started_on")
        if submitted and started and submitted > started:
            self.add_error("submitted_on", "申请日期不能晚于收到日期。")
        return data


class ConfirmForm(DatedEventForm):
    date_label = "确认日期"
    needs_correction = forms.BooleanField(
        label="申请内容不明确，需要告知补正", required=False,
        help_text="勾选后计算“一次性告知补正”期限：自收到申请之日起7个工作日（第三十条）")

    field_order = ["occurred_on", "needs_correction", "note", "files"]


class CorrectionForm(DatedEventForm):
    date_label = "告知补正日期"
    items = forms.CharField(label="补正事项", widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="一次性说明需要补正的事项（第三十条）")
    correction_due = forms.DateField(
        label="补正期限", required=False, widget=DateInput(),
        help_text="告知申请人的合理补正期限的最后一日；留空按告知之日起15个工作日")

    field_order = ["occurred_on", "items", "correction_due", "note", "files"]


class CorrectionReceivedForm(DatedEventForm):
    date_label = "收到补正申请日期"


class AbandonForm(DatedEventForm):
    date_label = "登记日期"


class ConsultForm(DatedEventForm):
    date_label = "发出征求意见书日期"
    kind = forms.ChoiceField(label="类别", choices=ConsultationKind.choices,
                             help_text="第三方（第三十二条）或共同制作、其他机关（第三十四条）")
    party = forms.CharField(label="征求意见对象", max_length=200)

    field_order = ["occurred_on", "kind", "party", "note", "files"]


class AnswerForm(DatedEventForm):
    date_label = "收到意见日期"
    party = forms.CharField(label="征求意见对象", max_length=200, required=False,
                            help_text="只有一项征求意见未回复的可不填")
    answer = forms.ChoiceField(
        label="意见", choices=ConsultationAnswer.choices,
        help_text="第三方逾期未提出意见的，由本机关依法决定是否公开（第三十二条）；"
                  "其他机关逾期未提出意见的视为同意公开（第三十四条）")

    field_order = ["occurred_on", "party", "answer", "note", "files"]


class ExtendForm(DatedEventForm):
    date_label = "延长日期"
    # Not required here: the procedure's gates refuse with the article (art. 33).
    approver = forms.CharField(label="同意延长的负责人", max_length=100, required=False,
                               help_text="政府信息公开工作机构负责人（第三十三条第二款）")
    notified_on = forms.DateField(label="告知申请人日期", required=False, widget=DateInput(),
                                  help_text="延长答复期限应当告知申请人（第三十三条第二款）")

    field_order = ["occurred_on", "approver", "notified_on", "note", "files"]


class ReplyForm(DatedEventForm):
    date_label = "答复日期"
    reply_type = forms.ChoiceField(label="答复类型", choices=ReplyType.choices)
    reply_reason = forms.ChoiceField(
        label="具体情形", required=False, choices=_blank(ReplyReason.choices),
        help_text="不予公开的理由；无法提供、不予处理、其他处理的具体情形（年度报告分项统计）")
    reply_number = forms.CharField(label="答复书文号", max_length=100, required=False)
    fee_amount = forms.DecimalField(label="信息处理费（元）", required=False, min_value=0,
                                    max_digits=10, decimal_places=2,
                                    help_text="一般不收费（第四十二条）")

    field_order = ["occurred_on", "reply_type", "reply_reason", "reply_number", "fee_amount",
                   "note", "files"]

    def clean_fee_amount(self) -> str | None:
        # As text: the event's data is stored as JSON.
        value = self.cleaned_data.get("fee_amount")
        return None if value is None else str(value)


class FollowupForm(DatedEventForm):
    date_label = "登记日期"
    kind = forms.ChoiceField(label="类别", choices=[("reconsideration", "行政复议"),
                                                   ("litigation", "行政诉讼")])
    filed_on = forms.DateField(label="申请复议（起诉）日期", required=False, widget=DateInput(),
                               help_text="留空：已登记过的保留原日期，否则为登记日期")
    after_reconsideration = forms.BooleanField(label="经行政复议后起诉", required=False)
    outcome = forms.ChoiceField(label="结果", choices=ReviewOutcome.choices,
                                initial=ReviewOutcome.PENDING)
    case_number = forms.CharField(label="复议、应诉案件编号", max_length=100, required=False,
                                  help_text="本县行政复议或行政应诉登记簿中的编号，填写后关联该案件")

    field_order = ["occurred_on", "kind", "filed_on", "after_reconsideration", "outcome",
                   "case_number", "note", "files"]


# --------------------------------------------------------------------- events
OPEN_STATES = ("received", "extended")
EVENTS: tuple[EventType, ...] = (
    EventType("confirm_receipt", "确认收到申请", target="received", form=ConfirmForm,
              help="当面提交、邮寄需签收的，收到申请之日为收到（签收）之日；平常信函、互联网渠道、传真的，"
                   "为与申请人确认之日，即本次登记的日期（第三十一条）。答复期限自收到申请之日起20个工作日"
                   "（第三十三条）。"),
    EventType("request_correction", "一次性告知补正", target="correction_requested",
              form=CorrectionForm,
              help="申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正，说明补正事项和合理的补正期限；"
                   "只能告知一次（第三十条）。"),
    EventType("correction_received", "收到补正后的申请", target="received",
              form=CorrectionReceivedForm,
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

# Two events lead to "received": the procedure's transitions alone would let
# either be recorded from both source states, so each is tied to its own.
EVENT_SOURCES: dict[str, tuple[str, ...]] = {
    "confirm_receipt": ("submitted",),
    "correction_received": ("correction_requested",),
}
FOLLOWUP_REGISTERS = {"reconsideration": "reconsideration", "litigation": "litigation"}


# ------------------------------------------------------------ counting helpers
def consultation_days(calendar: WorkCalendar, sent: datetime.date,
                      answered: datetime.date) -> tuple[list[datetime.date], int]:
    """The working days a consultation takes out of the reply period: from the
    day after sending to the day of the answer (start day not counted), at
    most CONSULTATION_LIMIT_WD (arts. 32, 34). Returns (days, uncapped count)."""
    days: list[datetime.date] = []
    total = 0
    day = sent
    while day < answered:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            total += 1
            if len(days) < CONSULTATION_LIMIT_WD:
                days.append(day)
    return days, total


def excluded_days(case: Case, since: datetime.date,
                  calendar: WorkCalendar | None = None) -> tuple[list[datetime.date],
                                                                 list[ThirdPartyConsultation]]:
    """Working days after ``since`` taken by the case's answered consultations,
    each counted once however many consultations overlap on it."""
    calendar = calendar or _calendar()
    days: set[datetime.date] = set()
    used: list[ThirdPartyConsultation] = []
    for c in case.consultations.exclude(answered_on=None).order_by("sent_on", "id"):
        own = [d for d in consultation_days(calendar, c.sent_on, c.answered_on)[0] if d > since]
        if own:
            used.append(c)
            days.update(own)
    return sorted(days), used


# ------------------------------------------------------------------- register
@register
class DisclosureRegister(Register):
    key = KEY
    label = "政府信息公开申请"
    process_key = "disclosure"
    detail_model = DisclosureDetail
    open_form = DisclosureOpenForm
    events = EVENTS
    number_prefix = "依申请"

    # -- declarations -------------------------------------------------------------
    def title_for(self, data: Mapping[str, Any]) -> str:
        content = " ".join(str(data.get("content") or "").split())
        return content or f"{data.get('applicant', '')}的申请"

    def create_detail(self, case: Case, data: Mapping[str, Any]) -> DisclosureDetail:
        return DisclosureDetail.objects.create(
            case=case, applicant=str(data.get("applicant") or "").strip(),
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
        events = [e for e in super().available_events(case)
                  if case.state in EVENT_SOURCES.get(e.key, (case.state,))]
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

    def on_event(self, ctx: EventContext) -> None:
        sources = EVENT_SOURCES.get(ctx.event.kind)
        if sources is not None and ctx.event.from_state not in sources:
            _refuse(f"当前状态为“{self.state_label(ctx.event.from_state)}”，不能{ctx.event.label}；"
                    f"只能在{'、'.join(f'“{self.state_label(s)}”' for s in sources)}时办理。")
        self._check_order(ctx)
        handler: Callable[[EventContext], None] | None = getattr(self, f"_on_{ctx.event.kind}",
                                                                 None)
        if handler is not None:
            handler(ctx)

    def _check_order(self, ctx: EventContext) -> None:
        """An event cannot predate the step that put the case where it is."""
        if ctx.event.kind == "followup":
            return  # may record a filing made while the case was in an earlier state
        last = (CaseEvent.objects.filter(case=ctx.case).exclude(pk=ctx.event.pk)
                .filter(Q(kind="open") | ~Q(from_state=F("to_state")))
                .order_by("-id").first())
        if last is not None and ctx.event.occurred_on < last.occurred_on:
            _refuse(f"“{ctx.event.label}”的日期（{fmt_date(ctx.event.occurred_on)}）不能早于"
                    f"“{last.label}”的日期（{fmt_date(last.occurred_on)}）。")

    # -- the reply clock ------------------------------------------------------------
    def _start_reply_clock(self, ctx: EventContext) -> Deadline:
        """20 WD (+20 once extended) from the receipt or the corrected application's
        receipt (arts. 30, 33), moved later by the consultations' working days
        (art. 33③; see the module docstring for how they are counted)."""
        d = _detail(ctx)
        base = d.correction_received_on or d.received_on
        assert base is not None
        cal = _calendar()
        days, used = excluded_days(ctx.case, base, cal)
        start = cal.add_working_days(base, len(days)).date if days else base
        deadline = start_clock(ctx, REPLY, start, extended=d.extended)
        if days:
            what = "收到补正的申请之日" if d.correction_received_on else "收到申请之日"
            parties = "、".join(f"{c.party}（{fmt_date(c.sent_on, with_year=False)}发出，"
                               f"{fmt_date(c.answered_on, with_year=False)}"
                               f"{'收到意见' if c.answer != ConsultationAnswer.NO_ANSWER else '逾期未提出意见'}）"
                               for c in used if c.answered_on)
            deadline.explanation = (
                f"征求意见所需时间不计入答复期限（{LAW}第三十二条至第三十四条）：征求{parties}，"
                f"自发出次日至收到意见之日计{len(days)}个工作日（每项最多{CONSULTATION_LIMIT_WD}个工作日，"
                f"重叠的日子只计一次）。{what}为{fmt_date(base)}，起算日相应顺延{len(days)}个工作日，"
                f"为{fmt_date(start)}。" + deadline.explanation)
            deadline.save(update_fields=["explanation"])
        return deadline

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
            _refuse(f"告知补正须一次性说明需要补正的事项（{LAW}第三十条）。")
        due = ctx.data.get("correction_due") or _calendar().add_working_days(
            on, correction_period_wd()).date
        if due <= on:
            _refuse("补正期限应晚于告知补正的日期。")
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
            _refuse("请填写征求意见对象。")
        kind = ctx.data.get("kind") or ConsultationKind.THIRD_PARTY
        if kind not in ConsultationKind.values:
            _refuse(f"征求意见的类别应为：{'、'.join(ConsultationKind.labels)}。")
        if ctx.case.consultations.filter(party=party, answered_on=None).exists():
            _refuse(f"已向“{party}”征求意见，尚未收到回复。")
        ThirdPartyConsultation.objects.create(case=ctx.case, kind=kind, party=party,
                                              sent_on=ctx.event.occurred_on)

    def _on_consult_answer(self, ctx: EventContext) -> None:
        on = ctx.event.occurred_on
        party = str(ctx.data.get("party") or "").strip()
        pending = ctx.case.consultations.filter(answered_on=None)
        if party:
            pending = pending.filter(party=party)
        found = list(pending.order_by("sent_on", "id")[:2])
        if not found:
            _refuse(f"没有向“{party}”发出且尚未回复的征求意见。" if party
                    else "没有尚未回复的征求意见，请先登记“征求第三方意见”。")
        if len(found) > 1 and not party:
            _refuse("有多项征求意见尚未回复，请填写征求意见对象。")
        c = found[0]
        if on < c.sent_on:
            _refuse(f"收到意见的日期不能早于发出征求意见书的日期（{fmt_date(c.sent_on)}）。")
        answer = ctx.data.get("answer") or ConsultationAnswer.AGREE
        if answer not in ConsultationAnswer.values:
            _refuse(f"意见应为：{'、'.join(ConsultationAnswer.labels)}。")
        cal = _calendar()
        if answer == ConsultationAnswer.NO_ANSWER:
            limit = cal.add_working_days(c.sent_on, CONSULTATION_LIMIT_WD).date
            if on <= limit:
                _refuse(f"征求意见的对象应当自收到征求意见书之日起15个工作日内提出意见"
                        f"（{LAW}第三十二条、第三十四条），{fmt_date(limit)}之后才能登记逾期未提出意见。")
            if c.kind == ConsultationKind.OTHER_AGENCY:
                ctx.messages.append(f"其他机关逾期未提出意见的，视为同意公开（{LAW}第三十四条）。")
        days, total = consultation_days(cal, c.sent_on, on)
        if total > CONSULTATION_LIMIT_WD and answer != ConsultationAnswer.NO_ANSWER:
            ctx.messages.append(
                f"本次征求意见用时{total}个工作日，超过{CONSULTATION_LIMIT_WD}个工作日"
                f"（{LAW}第三十二条、第三十四条）；只扣除{CONSULTATION_LIMIT_WD}个工作日。")
        c.answered_on, c.answer, c.excluded_days = on, answer, len(days)
        c.save(update_fields=["answered_on", "answer", "excluded_days"])
        self._start_reply_clock(ctx)  # supersedes the running clock (art. 33③)

    # -- 延长 (art. 33) ------------------------------------------------------------------
    def _on_extend(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        deadline = open_deadline(ctx.case, REPLY)
        if deadline is not None and on > deadline.due:
            _refuse(f"答复期限已于{fmt_date(deadline.due)}届满，届满后不能再延长（{LAW}第三十三条第二款）。")
        notified = ctx.data.get("notified_on")
        d.extended, d.extended_on = True, on
        d.extension_approver = str(ctx.data.get("approver") or "").strip()[:100]
        d.extension_notified_on = notified
        if deadline is not None and notified and notified > deadline.due:
            ctx.messages.append(f"告知申请人延长的日期晚于原答复期限（{fmt_date(deadline.due)}）。")
        cancel_clocks(ctx, CORRECTION)  # the 补正 window is over once the period is extended
        self._start_reply_clock(ctx)  # 20 + 20 WD (+ consultations)

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
        if ctx.case.consultations.filter(answered_on=None).exists():
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
            _refuse("请选择行政复议或行政诉讼。")
        outcome = ctx.data.get("outcome") or ReviewOutcome.PENDING
        if outcome not in ReviewOutcome.values:
            _refuse(f"结果应为：{'、'.join(ReviewOutcome.labels)}。")
        filed = ctx.data.get("filed_on") or getattr(d, f"{kind}_on") or on
        if filed > on:
            _refuse("申请复议（起诉）日期不能晚于登记日期。")
        if filed < (d.received_on or case.started_on):
            _refuse("申请复议（起诉）日期不能早于收到申请之日。")
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
                         + (f"；{fmt_date(d.correction_received_on)}收到补正的申请"
                            if d.correction_received_on else "")))
        for c in case.consultations.all():
            text = f"{c.get_kind_display()}，{fmt_date(c.sent_on)}发出"
            if c.answered_on:
                text += (f"，{fmt_date(c.answered_on)}{c.get_answer_display()}，"
                         f"不计入答复期限{c.excluded_days}个工作日")
            else:
                text += "，尚未回复"
            rows.append((f"征求意见：{c.party}", text))
        if d.extended:
            rows.append(("延长答复期限", f"{fmt_date(d.extended_on)}，经{d.extension_approver}同意"
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
        followups = followup_text(d)
        if followups:
            rows.append(("后续复议诉讼", followups.replace("；", "\n")))
        return rows

    # -- Excel -------------------------------------------------------------------------------
    def excel_columns(self) -> list[ExcelColumn]:
        return _excel_columns(self)

    def export_queryset(self, qs: QuerySet) -> QuerySet:
        """Also the consultations, which the “征求意见” column reads."""
        return super().export_queryset(qs).prefetch_related(
            Prefetch("consultations",
                     queryset=ThirdPartyConsultation.objects.order_by("sent_on", "id")))

    def import_row(self, values: dict[str, Any], region: Region, actor: Actor) -> Case:
        return _import_row(self, values, region, actor)


def check_reply(kind: str, reason: str) -> None:
    """The reply type and its sub-category as the 30号 table has them."""
    if kind not in ReplyType.values:
        _refuse(f"答复类型应为：{'、'.join(ReplyType.labels)}。")
    label = ReplyType(kind).label
    allowed = REASONS_BY_TYPE[kind]
    if kind == ReplyType.PARTIAL:
        # 区分处理 (art. 37) counts only as 部分公开; the withheld part's reason may be noted.
        allowed = REASONS_BY_TYPE[ReplyType.WITHHELD]
        if reason and reason not in allowed:
            _refuse(f"部分公开的，具体情形只能填写不予公开的理由：{'、'.join(ReplyReason(r).label for r in allowed)}。")
        return
    if not allowed:
        if reason:
            _refuse(f"“{label}”不填写具体情形。")
        return
    if reason == ReplyReason.OVERDUE_CORRECTION:
        _refuse(f"申请人逾期不补正的，请登记“视为放弃申请”（{LAW}第三十条）。")
    if reason not in allowed:
        _refuse(f"“{label}”须选择具体情形：{'、'.join(ReplyReason(r).label for r in allowed)}。")


# ----------------------------------------------------------------- statistics
# The 30号 columns: 自然人; 法人或其他组织 (five kinds, "其他" their last); 总计.
COLUMNS: tuple[tuple[str, str], ...] = (
    *((str(kind), "其他" if kind == ApplicantType.OTHER_ORG else kind.label)
      for kind in ApplicantType),
    ("total", "总计"),
)
RESULT_HEADINGS: dict[str, str] = {
    ReplyType.GRANTED: "（一）予以公开",
    ReplyType.PARTIAL: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ReplyType.WITHHELD: "（三）不予公开",
    ReplyType.UNAVAILABLE: "（四）无法提供",
    ReplyType.NOT_PROCESSED: "（五）不予处理",
    ReplyType.OTHER: "（六）其他处理",
}


def _table_rows(first: datetime.date, last: datetime.date) -> list[dict[str, Any]]:
    """The rows of the 30号 part 三 table with the condition that counts a case in each.
    新收: arrived in the year; 上年结转: arrived before and not concluded before the
    year; results: concluded (replied, or abandoned → 其他处理) in the year by type;
    结转下年: arrived by the year's end and not concluded by then."""
    concluded = Q(closed_on__gte=first, closed_on__lte=last)
    open_at = lambda day: Q(closed_on__isnull=True) | Q(closed_on__gt=day)  # noqa: E731
    rows: list[dict[str, Any]] = [
        {"key": "new", "label": "一、本年新收政府信息公开申请数量", "level": 0,
         "q": Q(started_on__gte=first, started_on__lte=last)},
        {"key": "carried_in", "label": "二、上年结转政府信息公开申请数量", "level": 0,
         "q": Q(started_on__lt=first) & open_at(first - datetime.timedelta(days=1))},
        {"key": "results", "label": "三、本年度办理结果", "level": 0, "q": None},
    ]
    for kind, heading in RESULT_HEADINGS.items():
        by_type = concluded & Q(disclosure__reply_type=kind)
        reasons = REASONS_BY_TYPE[kind]
        rows.append({"key": kind, "label": heading, "level": 1, "q": by_type,
                     "subtotal": bool(reasons)})
        for i, reason in enumerate(reasons, start=1):
            rows.append({"key": f"{kind}.{reason}", "label": f"{i}.{ReplyReason(reason).label}",
                         "level": 2, "q": by_type & Q(disclosure__reply_reason=reason)})
    rows += [
        {"key": "total", "label": "（七）总计", "level": 1, "q": concluded},
        {"key": "carried_over", "label": "四、结转下年度继续办理", "level": 0,
         "q": Q(started_on__lte=last) & open_at(last)},
    ]
    return rows


def annual_report_table(cases: models.QuerySet, year: int) -> dict[str, Any]:
    """Part 三 of the annual report (国办公开办函〔2021〕30号): applications by
    applicant type, counted in one database query (a filtered COUNT per cell).

    Returns {"year", "columns": [(key, label)], "column_groups": [(heading,
    span)], "rows": [{"key", "label", "level", "subtotal", "values": {column:
    n}}], "cells": {row key: {column: n}}, "ontime_reply_rate": …}. Result rows are keyed by reply type
    ("withheld") and type.reason ("withheld.state_secret"); a type with
    sub-rows also carries its subtotal (the form itself only has the sub-rows).
    """
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    qs = cases.filter(register=KEY)
    rows = _table_rows(first, last)
    aggregates: dict[str, Count] = {}
    for i, row in enumerate(rows):
        if row["q"] is None:
            continue
        for j, (column, _) in enumerate(COLUMNS):
            condition = row["q"] if column == "total" else row["q"] & Q(
                disclosure__applicant_type=column)
            aggregates[f"c{i}_{j}"] = Count("pk", filter=condition)
    counts = qs.aggregate(**aggregates)
    cells: dict[str, dict[str, int]] = {}
    out_rows = []
    for i, row in enumerate(rows):
        values = ({} if row["q"] is None else
                  {column: counts[f"c{i}_{j}"] for j, (column, _) in enumerate(COLUMNS)})
        if values:
            cells[row["key"]] = values
        out_rows.append({"key": row["key"], "label": row["label"], "level": row["level"],
                         "subtotal": row.get("subtotal", False), "values": values})
    return {"year": year, "columns": list(COLUMNS),
            "column_groups": [("自然人", 1), ("法人或其他组织", len(COLUMNS) - 2), ("总计", 1)],
            "rows": out_rows, "cells": cells,
            "ontime_reply_rate": ontime_reply_rate(cases, year)}


def ontime_reply_rate(cases: models.QuerySet, year: int | None = None) -> dict[str, Any]:
    """DISCLOSURE_ONTIME_REPLY_RATE: replies made within the legal period (20 WD,
    with an approved extension 40 WD, consultation time excluded — arts. 32–34)
    ÷ replies (replied in ``year`` if given). A reply is on time when its reply
    clock was settled as met; counted in the database."""
    replied = cases.filter(register=KEY, state="replied")
    if year is not None:
        replied = replied.filter(disclosure__replied_on__year=year)
    met = Deadline.objects.filter(case=OuterRef("pk"), step=REPLY, status=Deadline.Status.MET)
    counts = replied.aggregate(replied=Count("pk"), ontime=Count("pk", filter=Exists(met)))
    rate = round(100 * counts["ontime"] / counts["replied"], 1) if counts["replied"] else None
    return {"code": INDICATOR_ONTIME, "numerator": counts["ontime"],
            "denominator": counts["replied"], "rate": rate}


REVIEW_ROWS: tuple[tuple[str, str, Q], ...] = (
    ("reconsideration", "行政复议", Q()),
    ("litigation_direct", "行政诉讼（未经复议直接起诉）",
     Q(disclosure__litigation_after_reconsideration=False)),
    ("litigation_after", "行政诉讼（复议后起诉）",
     Q(disclosure__litigation_after_reconsideration=True)),
)


def review_table(cases: models.QuerySet, year: int) -> dict[str, dict[str, int]]:
    """Part 四 of the annual report: reconsiderations and suits about disclosure
    applications filed in ``year``, by outcome (维持/纠正/其他/未审结/总计)."""
    qs = cases.filter(register=KEY)
    aggregates: dict[str, Count] = {}
    for key, _, extra in REVIEW_ROWS:
        field = "reconsideration" if key == "reconsideration" else "litigation"
        base = Q(**{f"disclosure__{field}_on__year": year}) & extra
        for outcome in [*ReviewOutcome.values, "total"]:
            condition = base if outcome == "total" else base & Q(
                **{f"disclosure__{field}_outcome": outcome})
            aggregates[f"{key}__{outcome}"] = Count("pk", filter=condition)
    counts = qs.aggregate(**{k.replace("__", "_X_"): v for k, v in aggregates.items()})
    table: dict[str, dict[str, int]] = {}
    for name, value in counts.items():
        key, outcome = name.split("_X_")
        table.setdefault(key, {})[outcome] = value
    return table


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


CONSULTATION_RE = re.compile(
    r"^(?:(第三方|其他机关)\s*)?(?P<party>.+?)[：:]\s*(?P<sent>\d{4}-\d{1,2}-\d{1,2})\s*至\s*"
    r"(?P<answered>\d{4}-\d{1,2}-\d{1,2})?\s*(?:[，,]\s*(?P<answer>.+))?$")


def consultation_text(case: Case) -> str:
    """“第三方 甲公司：2025-10-09至2025-10-20，不同意公开”, one per line."""
    lines = []
    # Sorted here, so that prefetched (export_queryset) or not the order is the same.
    for c in sorted(case.consultations.all(), key=lambda c: (c.sent_on, c.pk)):
        line = f"{c.get_kind_display()} {c.party}：{c.sent_on.isoformat()}至"
        if c.answered_on:
            line += f"{c.answered_on.isoformat()}，{c.get_answer_display()}"
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
        out.append({"kind": kinds[match.group(1) or "第三方"], "party": match["party"].strip(),
                    "sent_on": parse_date(match["sent"]),
                    "answered_on": parse_date(match["answered"]) if match["answered"] else None,
                    "answer": answers.get(answer, "")})
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


def _excel_columns(reg: DisclosureRegister) -> list[ExcelColumn]:
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
                                   "（同意公开、不同意公开、逾期未提出意见）；尚未回复的写到“至”为止"),
        ExcelColumn("extended", "是否延长", lambda c: _d(c).extended, parse_bool),
        ExcelColumn("extended_on", "延长日期", lambda c: _d(c).extended_on, parse_date, width=12),
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
        steps.append((c["sent_on"], 3, "consult", {"kind": c["kind"], "party": c["party"]}))
        if c["answered_on"]:
            steps.append((c["answered_on"], 4, "consult_answer",
                          {"party": c["party"], "answer": c["answer"]}))
    if v.get("extended"):
        steps.append((v["extended_on"], 5, "extend",
                      {"approver": v.get("extension_approver") or "",
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


def _import_row(reg: DisclosureRegister, values: dict[str, Any], region: Region,
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


# ----------------------------------------------------------------------- demo
# (unit short name, weight, requests it typically gets). Land, housing and
# 征收 dominate county disclosure requests; towns get village accounts.
DEMO_UNITS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("县自然资源和规划局", 24, (
        "{town}{village}集体土地征收的征地批复文件、征地补偿安置方案及公告",
        "本人房屋所在地块的国有建设用地使用权出让合同及出让公告",
        "{town}某商住项目的建设用地规划许可证及附图",
        "{town}{village}土地利用总体规划调整方案及批复",
        "对本人举报的{village}违法占地行为的调查处理结果",
    )),
    ("县住房城乡建设局", 15, (
        "城区棚户区改造项目房屋征收补偿方案及社会稳定风险评估报告",
        "某小区商品房预售许可证及竣工验收备案材料",
        "{year}年度老旧小区改造项目清单及资金安排",
        "某住宅项目施工许可证及工程质量监督报告",
    )),
    ("县政府办公室", 12, (
        "县人民政府关于{town}某项目的会议纪要",
        "县政府{year}年第{n}次常务会议研究征地补偿事项的决定",
        "县人民政府作出的某房屋征收决定及公告",
        "县政府与某公司签订的招商引资协议",
    )),
    ("县人力资源社会保障局", 6, (
        "{year}年事业单位公开招聘拟聘用人员名单及考试成绩",
        "某公司职工工伤认定的调查材料",
        "本人养老保险缴费记录及视同缴费年限核定依据",
    )),
    ("县市场监管局", 6, (
        "对本人投诉某超市销售过期食品的处理结果",
        "某公司的食品经营许可审查材料",
        "{year}年度食品安全监督抽检结果",
    )),
    ("县农业农村局", 5, (
        "{town}{village}土地承包经营权确权登记颁证资料",
        "{year}年耕地地力保护补贴发放名单及标准",
    )),
    ("县财政局", 4, (
        "{year}年度{town}专项资金拨付明细",
        "某道路建设项目财政资金使用情况",
    )),
    ("县公安局", 3, (
        "某道路交通事故认定的依据材料",
        "对本人报警事项的处理结果",
    )),
)
TOWN_REQUESTS = (
    "{village}{year}年度村级财务收支明细及集体资产处置情况",
    "{village}拆迁安置补偿名单、面积及补偿标准",
    "{village}{year}年低保户评定名单及评议记录",
)
VILLAGES = ("王庄村", "李楼村", "张寨村", "刘集村", "东关村", "前营村", "北街村", "后屯村")
SURNAMES_DEMO = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁"
GIVEN_DEMO = ("桂芝", "建华", "秀云", "志刚", "玉梅", "国强", "春霞", "新民", "凤琴", "长海",
              "金花", "明远", "保平", "爱莲", "宪军", "荣华", "学良", "翠英", "广志", "书田")
ORGS: dict[str, tuple[str, ...]] = {
    ApplicantType.BUSINESS: ("{county}鑫隆建材有限公司", "{county}丰源食品有限公司",
                             "山东润泽置业有限公司", "{county}宏远物流有限公司"),
    ApplicantType.RESEARCH: ("鲁西农业发展研究所", "聊城城乡规划研究中心"),
    ApplicantType.PUBLIC_WELFARE: ("聊城市绿源环保公益服务中心", "{county}爱心助学志愿者协会"),
    ApplicantType.LEGAL_SERVICE: ("山东鲁衡律师事务所", "{county}明正法律服务所"),
    ApplicantType.OTHER_ORG: ("{county}城南花园小区业主委员会", "{county}东关村股份经济合作社"),
}
APPLICANT_WEIGHTS = {ApplicantType.PERSON: 86, ApplicantType.BUSINESS: 6,
                     ApplicantType.LEGAL_SERVICE: 4, ApplicantType.OTHER_ORG: 2,
                     ApplicantType.PUBLIC_WELFARE: 1, ApplicantType.RESEARCH: 1}
CHANNEL_WEIGHTS = {Channel.ONLINE: 45, Channel.IN_PERSON: 28, Channel.REGISTERED_POST: 16,
                   Channel.ORDINARY_POST: 6, Channel.FAX: 5}
# (reply type, sub-category) → weight, roughly as county reports show them.
OUTCOME_WEIGHTS: dict[tuple[str, str], int] = {
    (ReplyType.GRANTED, ""): 38, (ReplyType.PARTIAL, ""): 8,
    (ReplyType.WITHHELD, ReplyReason.STATE_SECRET): 1,
    (ReplyType.WITHHELD, ReplyReason.PROHIBITED): 1,
    (ReplyType.WITHHELD, ReplyReason.THREE_SAFETIES): 1,
    (ReplyType.WITHHELD, ReplyReason.THIRD_PARTY): 2,
    (ReplyType.WITHHELD, ReplyReason.INTERNAL): 2,
    (ReplyType.WITHHELD, ReplyReason.PROCESS): 3,
    (ReplyType.WITHHELD, ReplyReason.ENFORCEMENT_FILE): 1,
    (ReplyType.WITHHELD, ReplyReason.INQUIRY): 1,
    (ReplyType.UNAVAILABLE, ReplyReason.NOT_HELD): 16,
    (ReplyType.UNAVAILABLE, ReplyReason.NEEDS_CREATION): 4,
    (ReplyType.UNAVAILABLE, ReplyReason.STILL_UNCLEAR): 2,
    (ReplyType.NOT_PROCESSED, ReplyReason.PETITION): 3,
    (ReplyType.NOT_PROCESSED, ReplyReason.REPEATED): 3,
    (ReplyType.NOT_PROCESSED, ReplyReason.PUBLICATION): 1,
    (ReplyType.NOT_PROCESSED, ReplyReason.EXCESSIVE): 1,
    (ReplyType.NOT_PROCESSED, ReplyReason.CONFIRMATION): 1,
    (ReplyType.OTHER, ReplyReason.OVERDUE_CORRECTION): 3,
    (ReplyType.OTHER, ReplyReason.FEE_UNPAID): 1,
    (ReplyType.OTHER, ReplyReason.OTHER): 1,
}
APPROVERS_DEMO = ("马文涛", "韩素梅")  # 政府信息公开工作机构负责人 (demo names)
CORRECTION_ITEMS_DEMO = (
    "请明确所申请信息的名称、文号或者所涉项目、地块的具体位置及时间范围。",
    "申请内容表述为“相关材料”，请具体描述所需政府信息的特征。",
    "请补充申请人身份证明复印件及联系方式。",
)
THIRD_PARTIES = ("{county}鑫隆建材有限公司", "山东润泽置业有限公司", "{county}宏远物流有限公司")


def _demo_applicant(region: Region, rng: random.Random) -> tuple[str, str]:
    types, weights = zip(*APPLICANT_WEIGHTS.items(), strict=True)
    kind = rng.choices(types, weights=weights)[0]
    if kind == ApplicantType.PERSON:
        return rng.choice(SURNAMES_DEMO) + rng.choice(GIVEN_DEMO), kind
    return rng.choice(ORGS[kind]).format(county=region.name), kind


def _demo_request(units: dict[str, Unit], rng: random.Random,
                  year: int) -> tuple[Unit, str]:
    towns = [u for u in units.values()
             if u.kind in (Unit.Kind.TOWN, Unit.Kind.STREET)]
    choices: list[tuple[Unit, tuple[str, ...], int]] = [
        (units[name], requests, weight) for name, weight, requests in DEMO_UNITS if name in units]
    choices += [(town, TOWN_REQUESTS, 2) for town in towns[:6]]
    if not choices:  # a county without these units: any unit will do
        choices = [(u, TOWN_REQUESTS, 1) for u in units.values()]
    unit, requests, _ = rng.choices(choices, weights=[c[2] for c in choices])[0]
    town = rng.choice(towns).short_name if towns else "某镇"
    text = rng.choice(requests).format(town=town, village=rng.choice(VILLAGES), year=year - 1,
                                       n=rng.randint(3, 30))
    return unit, text


def _demo_plan(rng: random.Random, cal: WorkCalendar, arrival: datetime.date, channel: str,
               outcome: tuple[str, str] | None, features: set[str], today: datetime.date,
               region: Region) -> list[tuple[datetime.date, str, dict[str, Any]]]:
    """The case's events in order; ``outcome`` None: never replied (overdue)."""
    add = lambda day, n: cal.add_working_days(day, n).date  # noqa: E731
    days = datetime.timedelta
    steps: list[tuple[datetime.date, str, dict[str, Any]]] = []
    confirm = arrival
    if channel not in RECEIPT_ON_ARRIVAL and rng.random() < 0.25:
        confirm = add(arrival, 1)  # confirmed with the applicant the next working day
    kind, reason = outcome or ("", "")
    correction = ("correction" in features
                  or reason in (ReplyReason.OVERDUE_CORRECTION, ReplyReason.STILL_UNCLEAR))
    steps.append((confirm, "confirm_receipt",
                  {"needs_correction": correction and rng.random() < 0.7}))
    base = confirm
    if correction:
        notice = add(base, rng.randint(2, 6))
        steps.append((notice, "request_correction", {"items": rng.choice(CORRECTION_ITEMS_DEMO)}))
        if reason == ReplyReason.OVERDUE_CORRECTION:
            due = add(notice, correction_period_wd())
            steps.append((due + days(rng.randint(1, 6)), "abandon", {}))
            return steps
        base = add(notice, rng.randint(2, 9))
        steps.append((base, "correction_received", {}))
    excluded = 0
    if "consult" in features or reason == ReplyReason.THIRD_PARTY:
        sent = add(base, rng.randint(2, 6))
        party = rng.choice(THIRD_PARTIES).format(county=region.name)
        steps.append((sent, "consult", {"kind": ConsultationKind.THIRD_PARTY, "party": party}))
        if rng.random() < 0.2:
            answered, answer = add(sent, 16), ConsultationAnswer.NO_ANSWER
            excluded = CONSULTATION_LIMIT_WD
        else:
            excluded = rng.randint(4, 14)
            answered = add(sent, excluded)
            answer = (ConsultationAnswer.DISAGREE if kind in (ReplyType.WITHHELD, ReplyType.PARTIAL)
                      else ConsultationAnswer.AGREE)
        steps.append((answered, "consult_answer", {"party": party, "answer": answer}))
    limit = 20 + excluded
    floor = steps[-1][0]
    if "extend" in features:
        on = max(add(base, limit - rng.randint(1, 4)), floor)
        steps.append((on, "extend", {"approver": rng.choice(APPROVERS_DEMO), "notified_on": on}))
        limit += 20
        floor = on
    if outcome is None:
        return steps
    if "late" in features:
        reply = add(base, limit + rng.randint(1, 6))
    else:
        reply = add(base, rng.randint(min(3, limit), limit))
    reply = max(reply, floor)
    steps.append((reply, "reply", {"reply_type": kind, "reply_reason": reason,
                                   "fee_amount": 100 if reason == ReplyReason.FEE_UNPAID else None}))
    if "followup" in features:
        filed = reply + days(rng.randint(15, 55))
        direct = rng.random() < 0.35
        which = "litigation" if direct else "reconsideration"
        steps.append((filed, "followup", {"kind": which, "outcome": ReviewOutcome.PENDING}))
        decided = filed + days(rng.randint(45, 80))
        result = rng.choices([ReviewOutcome.UPHELD, ReviewOutcome.CORRECTED, ReviewOutcome.OTHER],
                             weights=[6, 2, 1])[0]
        steps.append((decided, "followup", {"kind": which, "outcome": result}))
        if not direct and result == ReviewOutcome.UPHELD and rng.random() < 0.5:
            sued = decided + days(rng.randint(7, 14))
            steps.append((sued, "followup", {"kind": "litigation", "after_reconsideration": True,
                                             "outcome": ReviewOutcome.PENDING}))
    return steps


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """Realistic 依申请公开 records for last year and this year to date: most
    replied on time, some extended, a few with 补正 or third-party
    consultation, a few replied late or still open past their deadline, every
    reply type and sub-category of the annual report at least once, and a few
    followed by reconsideration or litigation. Returns the number of cases."""
    from .base import get_register

    reg = get_register(KEY)
    cal = _calendar()
    first = datetime.date(today.year - 1, 1, 1)
    span = max((today - first).days, 1)
    total = 70 + round(70 * today.timetuple().tm_yday / 366)
    arrivals = sorted(cal.next_working_day(first + datetime.timedelta(days=rng.randrange(span)))
                      for _ in range(total))
    arrivals = [a for a in arrivals if a <= today]
    # Every category at least once, on cases old enough to have been answered.
    mature = [i for i, a in enumerate(arrivals) if (today - a).days >= 150]
    outcomes: list[tuple[str, str] | None] = [None] * len(arrivals)
    picks = rng.sample(mature, min(len(mature), len(OUTCOME_WEIGHTS)))
    for slot, outcome in zip(picks, OUTCOME_WEIGHTS, strict=False):
        outcomes[slot] = outcome
    keys, weights = zip(*OUTCOME_WEIGHTS.items(), strict=True)
    outcomes = [o if o is not None else rng.choices(keys, weights=weights)[0] for o in outcomes]
    features: list[set[str]] = [set() for _ in arrivals]
    for i, outcome in enumerate(outcomes):
        assert outcome is not None
        roll = rng.random()
        if roll < 0.09:
            features[i].add("extend")
        elif roll < 0.13:
            features[i].add("late")
        if rng.random() < 0.05:
            features[i].add("correction")
        if rng.random() < 0.04 and outcome[0] in (ReplyType.GRANTED, ReplyType.PARTIAL):
            features[i].add("consult")
        if outcome[0] in (ReplyType.WITHHELD, ReplyType.UNAVAILABLE, ReplyType.NOT_PROCESSED,
                          ReplyType.PARTIAL) and rng.random() < 0.15:
            features[i].add("followup")
    # A few of each feature for sure, on mature cases whose outcome allows it.
    answered = [i for i in mature if outcomes[i] and outcomes[i][1] != ReplyReason.OVERDUE_CORRECTION]
    for feature, n in (("extend", 3), ("late", 2), ("correction", 2), ("consult", 2),
                       ("followup", 3)):
        for i in rng.sample(answered, min(len(answered), n)):
            features[i].add(feature)
    plan: list[tuple[datetime.date, tuple[str, str] | None, set[str]]] = list(
        zip(arrivals, outcomes, features, strict=True))
    # A few still open past their reply deadline.
    for _ in range(3):
        day = cal.next_working_day(today - datetime.timedelta(days=rng.randint(40, 90)))
        if day >= first:
            plan.append((day, None, set()))
    plan.sort(key=lambda p: p[0])
    replies = 0
    for arrival, outcome, feats in plan:
        unit, content = _demo_request(units, rng, arrival.year)
        applicant, kind = _demo_applicant(region, rng)
        channels, channel_weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
        channel = rng.choices(channels, weights=channel_weights)[0]
        case = OpenCase(actor, reg, region=region, unit=unit, is_demo=True, data={
            "started_on": arrival, "submitted_on": arrival - datetime.timedelta(
                days=rng.choice((0, 0, 0, 1, 2)) if channel.endswith("post") else 0),
            "applicant": applicant, "applicant_type": kind, "channel": channel,
            "content": content, "form_wanted": rng.choice(FormWanted.values)}).execute()
        for on, event, data in _demo_plan(rng, cal, arrival, channel, outcome, feats, today,
                                          region):
            if on > today:
                break  # the rest has not happened yet
            if event == "reply":
                replies += 1
                data = {**data, "reply_number": f"{region.name}依申请答〔{on.year}〕{replies}号"}
            case = RecordEvent(actor, case, reg, event, occurred_on=on, data=data).execute()
    return len(plan)
