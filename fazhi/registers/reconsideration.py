"""行政复议登记簿：复议机构收到的行政复议申请，从受理审查到作出决定.

The procedure (states, transitions, the gates on ``acceptance_period_expired``
and ``correction_period_expired``, and the four clocks) is declared once in
``fazhi.procedures.definitions.RECONSIDERATION`` (design/rules.md §1). This
module maps the register's events onto it, keeps the detail
(``details/reconsideration.py``) and runs the clocks:

* open: 受理审查 5 WD from receipt (arts. 30, 88); 通知补正 5 WD (art. 31)
  when the clerk marks the application as incomplete;
* 补正 notice: finishes the 通知补正 clock and stops the review; the
  correction's receipt restarts it (a new 受理审查 clock, art. 31);
* 受理: decision 60 CD (ordinary, art. 62①) or 30 CD (simple, art. 62②) from
  the acceptance; 视为受理: from the day the review period expired (art. 30);
* 延长: once, ordinary only, approved by the 复议机构负责人, before expiry:
  the decision clock is superseded by one of 90 CD (art. 62①);
* 中止 / 恢复 (art. 39): while suspended the decision clock is set aside; on
  resumption it restarts with its start moved later by the suspended days,
  so the suspended time is not counted (documented in docs/registers.md).

Rules that are not gates in the declaration (补正 only once, no acceptance
after expiry but 视为受理, extension limits, dates in order) are checked in
``on_event``: a refusal there raises ``ActionRefused`` inside the action's
transaction, so nothing of the event is kept.

Article numbers in comments are of 《中华人民共和国行政复议法》 (2023).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q

from fazhi.core.actions import ActionRefused, Actor
from fazhi.core.forms import DateInput
from fazhi.org.models import Region, Unit
from fazhi.procedures.definitions import RECONSIDERATION_LAW as LAW
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
from .details.reconsideration import (
    MERITS_TYPES,
    AcceptanceDecision,
    ActKind,
    ApplicantType,
    Channel,
    DecisionType,
    Procedure,
    ReconsiderationDetail,
)
from .excel import ExcelColumn, choice_parser, parse_bool, parse_date, parse_text
from .models import Case, CaseEvent, Deadline

CORRECTION_PERIOD_WD = 10  # applicant's period to correct (art. 31; art. 88: 十日 = WD)


def _calendar() -> WorkCalendar:
    from fazhi.workdays.services import current_calendar

    return current_calendar()


# ------------------------------------------------------------------- forms
class ReconsiderationOpenForm(forms.Form):
    title = forms.CharField(label="事由", max_length=300,
                            help_text="简要写明申请事项，如：不服县市场监管局罚款决定")
    applicant = forms.CharField(label="申请人", max_length=200, help_text="多人的用顿号分隔")
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    respondent = forms.CharField(label="被申请人", max_length=200,
                                 help_text="作出被申请复议的行政行为的行政机关，如：县市场监管局")
    contested_act = forms.CharField(label="被申请复议的行政行为", max_length=300,
                                    help_text="行政行为的名称、文号，或未履行的法定职责")
    act_kind = forms.ChoiceField(label="行政行为类别", required=False,
                                 choices=[("", "—"), *ActKind.choices])
    channel = forms.ChoiceField(label="收到方式", choices=Channel.choices,
                                help_text="收到日期填在“收到（立案）日期”")
    procedure = forms.ChoiceField(
        label="审理程序", choices=Procedure.choices,
        help_text="事实清楚、权利义务关系明确、争议不大的案件可以适用简易程序（第五十三条）")
    needs_correction = forms.BooleanField(
        label="申请材料不齐全或者表述不清楚，需要通知补正", required=False,
        help_text="勾选后同时计算“通知补正”期限：自收到申请之日起5个工作日（第三十一条）")


class RequestCorrectionForm(forms.Form):
    items = forms.CharField(label="补正事项", widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="一次性载明需要补正的事项（第三十一条）")
    correction_due = forms.DateField(
        label="补正期限届满日", required=False, widget=DateInput(),
        help_text="留空则按通知之日起10个工作日计算；经复议机构同意延长的，填写延长后的日期")


class AcceptForm(forms.Form):
    procedure = forms.ChoiceField(label="审理程序", required=False,
                                  choices=[("", "按登记的程序"), *Procedure.choices])


class RefuseForm(forms.Form):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="须说明理由（第三十条）")
    competent_body = forms.CharField(
        label="告知的有管辖权的行政复议机关", max_length=200, required=False,
        help_text="不属于本机关管辖的，应当告知申请人有管辖权的行政复议机关（第三十条）")
    decision_number = forms.CharField(label="不予受理决定书文号", max_length=100, required=False)


class SwitchProcedureForm(forms.Form):
    procedure = forms.ChoiceField(label="转为", choices=Procedure.choices)
    approver = forms.CharField(
        label="批准人", max_length=100, required=False,
        help_text="受理后简易程序转为普通程序，须经行政复议机构负责人批准（第五十五条）")


class HearingForm(forms.Form):
    notice_on = forms.DateField(label="听证通知日期", required=False, widget=DateInput(),
                                help_text="应于举行听证的5日前书面通知当事人（第五十一条）")
    respondent_head = forms.CharField(label="参加听证的被申请人负责人", max_length=100,
                                      required=False, help_text="被申请人的负责人应当参加听证（第五十一条）")


class ExtendForm(forms.Form):
    approver = forms.CharField(label="批准延长的行政复议机构负责人", max_length=100,
                               help_text="经行政复议机构负责人批准（第六十二条第一款）")
    notified_on = forms.DateField(label="书面告知当事人日期", required=False, widget=DateInput())


class SuspendForm(forms.Form):
    ground = forms.CharField(label="中止理由", max_length=300,
                             help_text="第三十九条所列情形，如：案件涉及法律适用问题需要有权机关作出解释")


class DecideForm(forms.Form):
    decision_type = forms.ChoiceField(
        label="决定类型",
        choices=[(value, label) for value, label in DecisionType.choices if value in MERITS_TYPES])
    decision_number = forms.CharField(label="复议决定书文号", max_length=100, required=False,
                                      help_text="复议决定书请作为附件上传")


class MediateForm(forms.Form):
    decision_number = forms.CharField(label="调解书文号", max_length=100, required=False,
                                      help_text="调解书请作为附件上传（第七十三条）")


class WithdrawForm(forms.Form):
    settled = forms.BooleanField(label="当事人和解后撤回", required=False,
                                 help_text="和解协议请作为附件上传（第七十四条）")
    reason = forms.CharField(label="说明", max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))
    decision_number = forms.CharField(label="文书文号", max_length=100, required=False)


# ------------------------------------------------------------------ events
EVENTS: tuple[EventType, ...] = (
    EventType("request_correction", "通知补正", target="correction_requested",
              form=RequestCorrectionForm,
              help="自收到申请之日起5个工作日内一次性书面通知补正；补正通知只能发出一次（第三十一条）。"),
    EventType("correction_received", "收到补正材料", target="received",
              help="日期填收到补正材料之日；受理审查期限自该日重新起算（第三十一条）。"),
    EventType("abandon", "视为放弃申请", target="abandoned",
              help="申请人无正当理由逾期不补正的，视为放弃行政复议申请（第三十一条）。"),
    EventType("accept", "受理", target="accepted", form=AcceptForm,
              help="审查期限内决定受理；复议决定期限自受理之日起算（第三十条、第六十二条）。"),
    EventType("deem_accepted", "视为受理", target="accepted",
              help="审查期限届满未作出不予受理决定的，自届满之日起视为受理（第三十条）。"
                   "只能在审查期限届满后登记。"),
    EventType("refuse", "不予受理", target="rejected", form=RefuseForm,
              help="只能在受理审查期限内决定，并说明理由（第三十条）。"),
    EventType("switch_procedure", "转换审理程序",
              allowed_in=("received", "correction_requested", "accepted"), form=SwitchProcedureForm,
              help="受理前可调整拟适用的程序；受理后只能经行政复议机构负责人批准由简易程序转为普通程序"
                   "（第五十五条），复议决定期限改按普通程序自受理之日起60日计算。"),
    EventType("hearing", "听证", allowed_in=("accepted",), form=HearingForm,
              help="重大、疑难、复杂的案件应当组织听证（第五十条、第五十一条）。"),
    EventType("extend", "延长审理期限", allowed_in=("accepted",), form=ExtendForm,
              help="仅适用普通程序；情况复杂的，经行政复议机构负责人批准可延长不超过30日，"
                   "须在期限届满前决定，只能延长一次（第六十二条第一款）。"),
    EventType("suspend", "中止审理", target="suspended", form=SuspendForm,
              help="中止期间不计入复议决定期限（第三十九条）。"),
    EventType("resume", "恢复审理", target="accepted",
              help="中止的原因消除后恢复审理；复议决定期限扣除中止的日数后继续计算（第三十九条）。"),
    EventType("decide", "作出复议决定", target="decided", form=DecideForm,
              help="第六十一条至第六十九条；复议决定书作为附件上传。"),
    EventType("mediate", "调解结案", target="mediated", form=MediateForm,
              help="调解达成协议的，制作行政复议调解书（第七十三条）。"),
    EventType("withdraw", "准予撤回（含和解）", target="terminated", form=WithdrawForm,
              help="申请人撤回申请（含和解后撤回），终止行政复议（第四十一条、第七十四条）。"),
    EventType("terminate", "终止", target="terminated", form=ReasonForm,
              help="第四十一条所列情形。"),
    EventType("dismiss", "驳回申请", target="dismissed", form=ReasonForm,
              help="受理后发现不符合受理条件的，决定驳回申请（第三十三条）。"),
)

# How a case ended → the event that ends it that way (used by the import).
CLOSING_EVENT: dict[str, str] = {
    **{t: "decide" for t in MERITS_TYPES},
    DecisionType.MEDIATION: "mediate",
    DecisionType.SETTLEMENT: "withdraw",
    DecisionType.TERMINATED: "terminate",
    DecisionType.DISMISS_APPLICATION: "dismiss",
    DecisionType.ABANDONED: "abandon",
}


def _refuse(message: str) -> None:
    raise ActionRefused(message)


def _detail(ctx: EventContext) -> ReconsiderationDetail:
    return ctx.detail  # type: ignore[return-value]


# ---------------------------------------------------------------- register
@register
class ReconsiderationRegister(Register):
    key = "reconsideration"
    label = "行政复议"
    process_key = "reconsideration"
    detail_model = ReconsiderationDetail
    open_form = ReconsiderationOpenForm
    events = EVENTS
    number_prefix = "复受"

    # -- detail ---------------------------------------------------------------
    def create_detail(self, case: Case, data: Mapping[str, Any]) -> ReconsiderationDetail:
        return ReconsiderationDetail.objects.create(
            case=case,
            applicant=str(data.get("applicant") or "").strip(),
            applicant_type=data.get("applicant_type") or ApplicantType.PERSON,
            respondent=str(data.get("respondent") or "").strip(),
            contested_act=str(data.get("contested_act") or "").strip(),
            act_kind=data.get("act_kind") or "",
            channel=data.get("channel") or Channel.IN_PERSON,
            procedure=data.get("procedure") or Procedure.ORDINARY,
        )

    def detail_rows(self, detail: Any) -> list[tuple[str, str]]:
        rows = super().detail_rows(detail)
        if detail.decision_type:
            rows.append(("是否纠错", "是" if detail.corrected else "否"))
        return rows

    # -- gates ----------------------------------------------------------------
    def facts(self, case: Case, detail: Any, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        acceptance = open_deadline(case, "acceptance")
        return {
            # art. 30: after the 5 WD the application is deemed accepted;
            # refusal is then impossible (gate on received → rejected).
            "acceptance_period_expired": acceptance is not None and on > acceptance.due,
            # art. 31: abandonment only after the applicant's period has run out.
            "correction_period_expired": (detail.correction_due is not None
                                          and on > detail.correction_due),
        }

    # -- clocks ---------------------------------------------------------------
    def on_open(self, ctx: EventContext) -> None:
        received = ctx.case.started_on
        start_clock(ctx, "acceptance", received)  # art. 30: 5 WD
        if ctx.data.get("needs_correction"):
            start_clock(ctx, "correction_notice", received)  # art. 31: 5 WD

    def on_event(self, ctx: EventContext) -> None:
        self._check_order(ctx)
        handler: Callable[[EventContext], None] | None = getattr(self, f"_on_{ctx.event.kind}", None)
        if handler is not None:
            handler(ctx)

    def _check_order(self, ctx: EventContext) -> None:
        """An event cannot predate the step that put the case where it is."""
        since = self._state_since(ctx)
        if since is not None and ctx.event.occurred_on < since:
            _refuse(f"“{ctx.event.label}”的日期（{fmt_date(ctx.event.occurred_on)}）不能早于"
                    f"案件进入“{self.state_label(ctx.case.state)}”的日期（{fmt_date(since)}）。")

    def _state_since(self, ctx: EventContext) -> datetime.date | None:
        last = (CaseEvent.objects.filter(case=ctx.case).exclude(pk=ctx.event.pk)
                .filter(Q(kind="open") | ~Q(from_state=F("to_state")))
                .order_by("-id").first())
        if last is None:
            return None
        if last.kind == "deem_accepted" and _detail(ctx).acceptance_on:
            return _detail(ctx).acceptance_on  # accepted from the day the period expired
        return last.occurred_on

    def _start_decision_clock(self, ctx: EventContext, *, extended: bool = False) -> Deadline:
        """The decision clock from the acceptance, moved later by the days the
        case was suspended (art. 39: suspended time is not counted)."""
        d = _detail(ctx)
        step = "simple_decision" if d.procedure == Procedure.SIMPLE else "decision"
        assert d.acceptance_on is not None
        start = d.acceptance_on + datetime.timedelta(days=d.suspended_days)
        deadline = start_clock(ctx, step, start, extended=extended)
        if d.suspended_days:
            deadline.explanation = (
                f"中止审理期间共{d.suspended_days}日不计入复议决定期限（{LAW}第三十九条）："
                f"受理之日为{fmt_date(d.acceptance_on)}，起算日相应顺延{d.suspended_days}日，"
                f"为{fmt_date(start)}。" + deadline.explanation)
            deadline.save(update_fields=["explanation"])
        return deadline

    # -- 补正 (art. 31) ---------------------------------------------------------
    def _on_request_correction(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.correction_requested_on:
            _refuse(f"补正通知只能一次性发出，本案已于{fmt_date(d.correction_requested_on)}"
                    f"通知过补正（{LAW}第三十一条）。")
        acceptance = open_deadline(ctx.case, "acceptance")
        if acceptance is not None and on > acceptance.due:
            _refuse(f"受理审查期限已于{fmt_date(acceptance.due)}届满，依法视为受理，不能再通知补正；"
                    f"请登记“视为受理”（{LAW}第三十条、第三十一条）。")
        due = ctx.data.get("correction_due") or _calendar().add_working_days(
            on, CORRECTION_PERIOD_WD).date
        if due <= on:
            _refuse("补正期限届满日应晚于补正通知日期。")
        if open_deadline(ctx.case, "correction_notice") is None:
            # Not foreseen at registration: the 5 WD still ran from the receipt.
            start_clock(ctx, "correction_notice", ctx.case.started_on)
        finish_clock(ctx, "correction_notice", on)
        cancel_clocks(ctx, "acceptance")  # the review restarts on the correction (art. 31)
        d.correction_requested_on = on
        d.correction_items = str(ctx.data.get("items") or "")
        d.correction_due = due

    def _on_correction_received(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        d.correction_received_on = on
        start_clock(ctx, "acceptance", on)  # art. 31 → art. 30 again, from the correction

    def _on_abandon(self, ctx: EventContext) -> None:
        self._close(ctx, DecisionType.ABANDONED)

    # -- 受理审查 (art. 30) -------------------------------------------------------
    def _on_accept(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        acceptance = open_deadline(ctx.case, "acceptance")
        if acceptance is not None and on > acceptance.due:
            _refuse(f"受理审查期限已于{fmt_date(acceptance.due)}届满，依法自该日起视为受理，"
                    f"请登记“视为受理”（{LAW}第三十条）。")
        procedure = ctx.data.get("procedure") or d.procedure
        if procedure not in Procedure.values:
            _refuse(f"审理程序“{procedure}”无效。")
        d.procedure = procedure
        finish_clock(ctx, "acceptance", on)
        cancel_clocks(ctx, "correction_notice")
        d.acceptance, d.acceptance_on = AcceptanceDecision.ACCEPTED, on
        self._start_decision_clock(ctx)

    def _on_deem_accepted(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        acceptance = open_deadline(ctx.case, "acceptance")
        if acceptance is None:
            _refuse("没有进行中的受理审查期限，不能登记视为受理。")
        assert acceptance is not None
        if on <= acceptance.due:
            _refuse(f"受理审查期限至{fmt_date(acceptance.due)}届满；届满前应当决定受理或者不予受理，"
                    f"届满后才视为受理（{LAW}第三十条）。")
        # The review ended by operation of law on its last day.
        finish_clock(ctx, "acceptance", acceptance.due)
        cancel_clocks(ctx, "correction_notice")
        d.acceptance, d.acceptance_on = AcceptanceDecision.DEEMED, acceptance.due
        self._start_decision_clock(ctx)

    def _on_refuse(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        reason = self._reason(ctx, "不予受理须说明理由（第三十条）。")
        body = str(ctx.data.get("competent_body") or "").strip()
        cancel_clocks(ctx, "correction_notice")
        finish_clock(ctx, "acceptance", on)
        d.acceptance, d.acceptance_on = AcceptanceDecision.REFUSED, on
        d.closing_reason = reason + (f"；已告知有管辖权的行政复议机关：{body}" if body else "")
        self._close(ctx, DecisionType.NOT_ACCEPTED, reason=None)

    # -- 审理 ----------------------------------------------------------------------
    def _on_switch_procedure(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        new = ctx.data.get("procedure")
        if new not in Procedure.values:
            _refuse("请选择要转为的审理程序。")
        if new == d.procedure:
            _refuse(f"本案已适用{Procedure(new).label}。")
        if ctx.case.state == "accepted":
            if new == Procedure.SIMPLE:
                _refuse(f"受理后只能由简易程序转为普通程序（{LAW}第五十五条），"
                        "普通程序不能转为简易程序。")
            if not str(ctx.data.get("approver") or "").strip():
                _refuse(f"简易程序转为普通程序须经行政复议机构负责人批准，请填写批准人（{LAW}第五十五条）。")
            cancel_clocks(ctx, "simple_decision")
            d.procedure = new
            self._start_decision_clock(ctx)  # 60 CD from the acceptance (art. 62①)
        else:
            d.procedure = new

    def _on_hearing(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        notice = ctx.data.get("notice_on")
        if notice and notice > on:
            _refuse("听证通知日期不能晚于听证日期。")
        if notice and _calendar().add_working_days(notice, 5).date > on:
            ctx.messages.append(f"听证通知距听证不足5个工作日：应当于举行听证的五日前书面通知当事人"
                                f"（{LAW}第五十一条、第八十八条）。")
        d.hearing_held, d.hearing_on = True, on

    def _on_extend(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.procedure != Procedure.ORDINARY:
            _refuse(f"简易程序案件的审理期限不能延长（{LAW}第六十二条第二款）；"
                    "确需延长的，应先经批准转为普通程序（第五十五条）。")
        if d.extended:
            _refuse(f"审理期限只能延长一次，本案已于{fmt_date(d.extended_on)}延长"
                    f"（{LAW}第六十二条第一款：延长期限最多不得超过三十日）。")
        deadline = open_deadline(ctx.case, "decision")
        if deadline is None:
            _refuse("没有进行中的复议决定期限，不能延长。")
        assert deadline is not None
        if on > deadline.due:
            _refuse(f"复议决定期限已于{fmt_date(deadline.due)}届满，届满后不能再延长"
                    f"（{LAW}第六十二条第一款）。")
        approver = str(ctx.data.get("approver") or "").strip()
        if not approver:
            _refuse(f"延长审理期限须经行政复议机构负责人批准，请填写批准人（{LAW}第六十二条第一款）。")
        d.extended, d.extended_on, d.extension_approver = True, on, approver
        if not ctx.data.get("notified_on"):
            ctx.messages.append(f"延长审理期限应当书面告知当事人（{LAW}第六十二条第一款），"
                                "请上传告知书或在说明中记明告知日期。")
        self._start_decision_clock(ctx, extended=True)  # 60 + 30 CD (art. 62①)

    def _on_suspend(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        d.suspended_on = ctx.event.occurred_on
        d.suspension_ground = str(ctx.data.get("ground") or "")[:300]
        # Set aside while suspended (no reminders); resumption starts the continuation.
        Deadline.objects.filter(case=ctx.case, step__in=("decision", "simple_decision"),
                                status=Deadline.Status.OPEN).update(
            status=Deadline.Status.SUPERSEDED)

    def _on_resume(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.suspended_on is not None:
            d.suspended_days += (on - d.suspended_on).days
        d.suspended_on = None
        self._start_decision_clock(ctx, extended=d.extended)

    # -- 结案 -----------------------------------------------------------------------
    def _on_decide(self, ctx: EventContext) -> None:
        kind = ctx.data.get("decision_type")
        if kind not in MERITS_TYPES:
            _refuse(f"复议决定的类型应为：{'、'.join(DecisionType(t).label for t in MERITS_TYPES)}。")
        self._close(ctx, kind, reason=None)

    def _on_mediate(self, ctx: EventContext) -> None:
        self._close(ctx, DecisionType.MEDIATION, reason=None)

    def _on_withdraw(self, ctx: EventContext) -> None:
        text = str(ctx.data.get("reason") or "").strip()
        if not text:
            text = "当事人和解后申请人撤回申请" if ctx.data.get("settled") else "申请人撤回申请"
        _detail(ctx).closing_reason = text
        self._close(ctx, DecisionType.SETTLEMENT, reason=None)

    def _on_terminate(self, ctx: EventContext) -> None:
        self._close(ctx, DecisionType.TERMINATED,
                    reason=self._reason(ctx, f"终止须写明理由（{LAW}第四十一条）。"))

    def _on_dismiss(self, ctx: EventContext) -> None:
        self._close(ctx, DecisionType.DISMISS_APPLICATION,
                    reason=self._reason(ctx, f"驳回申请须写明理由（{LAW}第三十三条）。"))

    @staticmethod
    def _reason(ctx: EventContext, message: str) -> str:
        reason = str(ctx.data.get("reason") or "").strip()
        if not reason:
            _refuse(message)
        return reason

    @staticmethod
    def _close(ctx: EventContext, kind: str, reason: str | None = None) -> None:
        d = _detail(ctx)
        on = ctx.event.occurred_on
        for deadline in Deadline.objects.filter(case=ctx.case, status=Deadline.Status.OPEN,
                                                step__in=("decision", "simple_decision")):
            if on > deadline.due:
                ctx.messages.append(f"{deadline.label}期限已于{fmt_date(deadline.due)}届满，"
                                    f"本次结案逾期{(on - deadline.due).days}日。")
        d.decision_type, d.decided_on = kind, ctx.event.occurred_on
        d.decision_number = str(ctx.data.get("decision_number") or "")[:100]
        if reason is not None:
            d.closing_reason = reason
        d.suspended_on = None

    # -- Excel ------------------------------------------------------------------
    def excel_columns(self) -> list[ExcelColumn]:
        return _columns(self)

    def import_row(self, values: dict[str, Any], region: Region, actor: Actor) -> Case:
        return _import_row(self, values, region, actor)


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


def _columns(reg: ReconsiderationRegister) -> list[ExcelColumn]:
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
        ExcelColumn("correction_due", "补正期限届满日", lambda c: _d(c).correction_due, parse_date,
                    note="留空则按补正通知日期起10个工作日"),
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


def _import_row(reg: ReconsiderationRegister, v: dict[str, Any], region: Region,
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
        "needs_correction": bool(v.get("needs_correction")),
    }).execute()

    # (date, order within a day, event, data)
    steps: list[tuple[datetime.date, int, str, dict[str, Any]]] = []
    if v.get("correction_requested_on"):
        steps.append((v["correction_requested_on"], 0, "request_correction",
                      {"items": v.get("correction_items", ""),
                       "correction_due": v.get("correction_due")}))
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
        steps.append((v["extended_on"], 6, "extend", {"approver": v.get("extension_approver", "")}))
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


# -------------------------------------------------------------------- demo
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田"
GIVEN_NAMES = ("建国", "秀兰", "志强", "桂英", "海燕", "立新", "红梅", "文博", "春生", "玉兰",
               "明亮", "国庆", "淑芬", "振华", "晓东", "丽娟", "金山", "德胜", "凤英", "学军",
               "庆华", "永刚", "素珍", "洪涛", "俊杰", "雪梅", "长青", "保国", "艳丽", "广平")
COMPANY_WORDS = ("惠民", "鑫源", "金穗", "宏达", "鲁西", "瑞丰", "恒通", "兴旺", "福润", "康泰")
COMPANY_TRADES = ("商贸", "农资", "建材", "食品", "物流", "机械", "餐饮管理", "蔬菜种植专业合作社")

# respondent → (contested act, kind, suitable for the simple procedure); "{n}" a number,
# "{amount}" a fine in yuan.
ACTS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "县市场监管局": (
        ("市监罚〔{year}〕{n}号行政处罚决定（罚款{amount}元）", ActKind.PENALTY, True),
        ("查封经营场所的行政强制措施", ActKind.COERCION, False),
        ("食品经营许可申请不予许可决定", ActKind.LICENCE, False),
        ("投诉举报不予立案告知（未履行查处职责）", ActKind.INACTION, True),
    ),
    "县自然资源和规划局": (
        ("不动产登记行为（房屋所有权首次登记）", ActKind.CONFIRMATION, False),
        ("自然资罚〔{year}〕{n}号责令退还非法占用土地的行政处罚决定", ActKind.PENALTY, False),
        ("政府信息公开申请答复", ActKind.DISCLOSURE, True),
    ),
    "县综合执法局": (
        ("限期拆除违法建设决定", ActKind.COERCION, False),
        ("综执罚〔{year}〕{n}号行政处罚决定（罚款{amount}元）", ActKind.PENALTY, True),
        ("扣押经营工具的行政强制措施", ActKind.COERCION, False),
    ),
    "县公安局": (
        ("公（治）行罚决字〔{year}〕{n}号行政拘留五日的处罚决定", ActKind.PENALTY, False),
        ("治安管理处罚决定（罚款{amount}元）", ActKind.PENALTY, True),
        ("道路交通安全违法行为处理决定（罚款200元）", ActKind.PENALTY, True),
    ),
    "县人力资源和社会保障局": (
        ("人社工伤认字〔{year}〕{n}号不予认定工伤决定", ActKind.WORK_INJURY, False),
        ("劳动保障监察投诉处理答复", ActKind.INACTION, True),
    ),
    "县住房和城乡建设局": (
        ("国有土地上房屋征收补偿决定", ActKind.EXPROPRIATION, False),
        ("政府信息公开申请答复", ActKind.DISCLOSURE, True),
    ),
    "县农业农村局": (
        ("农村土地承包经营纠纷处理决定", ActKind.OTHER, False),
        ("农资经营行政处罚决定（罚款{amount}元）", ActKind.PENALTY, True),
    ),
    "朝城镇人民政府": (
        ("未履行集体土地征收补偿安置法定职责", ActKind.INACTION, False),
        ("政府信息公开申请答复", ActKind.DISCLOSURE, True),
    ),
}

WEIGHTS: dict[str, int] = {
    DecisionType.UPHOLD: 30, DecisionType.REJECT_CLAIM: 12, DecisionType.SETTLEMENT: 14,
    DecisionType.REVOKE: 6, DecisionType.PARTLY_REVOKE: 3, DecisionType.CONFIRM_ILLEGAL: 6,
    DecisionType.ALTER: 2, DecisionType.CONFIRM_VOID: 1, DecisionType.ORDER_PERFORM: 3,
    DecisionType.MEDIATION: 5, DecisionType.TERMINATED: 3, DecisionType.DISMISS_APPLICATION: 3,
    DecisionType.NOT_ACCEPTED: 6, DecisionType.ABANDONED: 2,
}
CORRECTION_ITEMS = (
    "请补充提供被申请复议的行政行为的决定书复印件。",
    "请写明具体的行政复议请求和事实理由。",
    "请补充申请人身份证明材料；委托代理的，请提交授权委托书。",
    "请明确被申请人，并补充提供知道该行政行为的日期的证明材料。",
)
REFUSAL_REASONS = (
    ("申请超过法定申请期限，且无正当理由（第二十条）。", ""),
    ("申请事项属于信访事项，不属于行政复议范围（第十一条、第十二条）。", ""),
    ("申请人已就同一行政行为向人民法院提起行政诉讼，人民法院已经依法受理（第三十条）。", ""),
    ("被申请人为市级行政机关，本机关无管辖权（第二十四条）。", "聊城市人民政府"),
)
TERMINATION_REASONS = (
    "作为申请人的自然人死亡，其近亲属放弃行政复议权利（第四十一条）。",
    "申请人对行政拘留不服申请复议后，因同一违法行为涉嫌犯罪，该行政拘留变更为刑事拘留（第四十一条）。",
)
DISMISSAL_REASONS = (
    "受理后查明申请人与被申请复议的行政行为没有利害关系（第三十三条）。",
    "受理后查明申请人提出申请前已就同一事项提起行政诉讼（第三十三条）。",
)
SUSPENSION_GROUNDS = (
    "案件涉及法律适用问题，需要有权机关作出解释或者确认（第三十九条）。",
    "案件审理需要以其他案件的审理结果为依据，而其他案件尚未审结（第三十九条）。",
    "作为申请人的自然人下落不明（第三十九条）。",
)
APPROVERS = ("孙立军", "周慧敏")  # 复议机构负责人 (demo names)


def _demo_applicant(region: Region, rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.72:
        return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES), ApplicantType.PERSON
    name = f"{region.name}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_TRADES)}"
    if not name.endswith("合作社"):
        name += "有限公司"
    return name, ApplicantType.ORGANISATION


def _demo_case(region: Region, unit: Unit, actor: Actor, today: datetime.date,
               rng: random.Random, received: datetime.date, outcome: str | None,
               counters: dict[str, int]) -> None:
    """One case, replayed through the actions up to ``today``. ``outcome``
    None: the case stays open (overdue once its decision period has run)."""
    from .base import get_register

    reg = get_register("reconsideration")
    cal = _calendar()
    days = datetime.timedelta
    year = received.year
    short = region.name[:1]
    respondent = rng.choice(list(ACTS))
    act, kind, simple_ok = rng.choice(ACTS[respondent])
    act = act.format(year=year, n=rng.randint(10, 320),
                     amount=rng.choice((500, 2000, 3000, 5000, 20000, 50000)))
    if "〔" in act and not act.startswith(short):
        act = short + act
    applicant, applicant_type = _demo_applicant(region, rng)
    simple = simple_ok and rng.random() < 0.45 and outcome not in (DecisionType.MEDIATION,)
    needs_correction = outcome == DecisionType.ABANDONED or rng.random() < 0.1
    if kind == ActKind.INACTION:
        title = f"申请责令{respondent}履行法定职责"
    else:
        title = f"不服{respondent}{act.split('（')[0].split('号')[-1] or act}"
    case = OpenCase(actor, reg, region=region, unit=unit, is_demo=True, data={
        "title": title[:300], "started_on": received, "applicant": applicant,
        "applicant_type": applicant_type, "respondent": respondent, "contested_act": act,
        "act_kind": kind, "channel": rng.choice(
            [Channel.IN_PERSON] * 5 + [Channel.POST] * 3 + [Channel.ONLINE] * 3
            + [Channel.FAX, Channel.ORAL]),
        "procedure": Procedure.SIMPLE if simple else Procedure.ORDINARY,
        "needs_correction": needs_correction,
    }).execute()

    steps: list[tuple[datetime.date, str, dict[str, Any]]] = []
    review_from = received
    if needs_correction:
        notice = cal.add_working_days(received, rng.randint(1, 4)).date
        steps.append((notice, "request_correction", {"items": rng.choice(CORRECTION_ITEMS)}))
        if outcome == DecisionType.ABANDONED:
            due = cal.add_working_days(notice, CORRECTION_PERIOD_WD).date
            steps.append((due + days(rng.randint(1, 6)), "abandon", {}))
            outcome = "done"
        else:
            review_from = cal.add_working_days(notice, rng.randint(2, 9)).date
            steps.append((review_from, "correction_received", {}))
    if outcome == DecisionType.NOT_ACCEPTED:
        reason, body = rng.choice(REFUSAL_REASONS)
        counters["refuse"] += 1
        steps.append((cal.add_working_days(review_from, rng.randint(2, 5)).date, "refuse", {
            "reason": reason, "competent_body": body,
            "decision_number": f"{short}政复不受〔{year}〕{counters['refuse']}号"}))
    elif outcome != "done":
        review_due = cal.add_working_days(review_from, 5).date
        if rng.random() < 0.08:  # silence: deemed accepted when the 5 WD ran out (art. 30)
            accepted_on = review_due
            steps.append((review_due + days(rng.randint(1, 3)), "deem_accepted", {}))
        else:
            accepted_on = cal.add_working_days(review_from, rng.randint(1, 5)).date
            steps.append((accepted_on, "accept", {}))
        limit = 30 if simple else 60
        shift = 0
        if simple and rng.random() < 0.15:
            steps.append((accepted_on + days(rng.randint(4, 12)), "switch_procedure",
                          {"procedure": Procedure.ORDINARY, "approver": rng.choice(APPROVERS)}))
            simple, limit = False, 60
        elif not simple:
            if rng.random() < 0.12:
                steps.append((accepted_on + days(rng.randint(12, 22)), "hearing",
                              {"respondent_head": f"{respondent}副局长"}))
            if rng.random() < 0.07:
                start = accepted_on + days(rng.randint(25, 35))
                shift = rng.randint(10, 40)
                steps.append((start, "suspend", {"ground": rng.choice(SUSPENSION_GROUNDS)}))
                steps.append((start + days(shift), "resume", {}))
        extended = not simple and outcome is not None and rng.random() < 0.2
        if extended:
            steps.append((accepted_on + days(shift + rng.randint(48, 58)), "extend",
                          {"approver": rng.choice(APPROVERS), "notified_on": None}))
            limit += 30
        if outcome is not None:
            if extended:
                close = accepted_on + days(shift + rng.randint(62, limit - 1))
            elif rng.random() < 0.05:  # a few decided late
                close = accepted_on + days(shift + limit + rng.randint(3, 12))
            else:
                close = accepted_on + days(shift + rng.randint(max(limit // 3, 8), limit - 1))
            # Never before the last step already planned (a resumption, an extension).
            floor = max(on for on, _, _ in steps)
            close = cal.next_working_day(max(close, floor + days(rng.randint(3, 10))))
            event = CLOSING_EVENT[outcome]
            counters[event] += 1
            number = {"decide": "决", "mediate": "调", "withdraw": "终", "terminate": "终",
                      "dismiss": "驳"}.get(event, "")
            data: dict[str, Any] = {"decision_number": f"{short}政复{number}〔{close.year}〕"
                                                       f"{counters[event]}号"}
            if event == "decide":
                data["decision_type"] = outcome
            elif event == "withdraw":
                data["settled"] = rng.random() < 0.6
            elif event == "terminate":
                data["reason"] = rng.choice(TERMINATION_REASONS)
            elif event == "dismiss":
                data["reason"] = rng.choice(DISMISSAL_REASONS)
            steps.append((close, event, data))

    for on, event, data in steps:
        if on > today:
            break  # the rest has not happened yet
        case = RecordEvent(actor, case, reg, event, occurred_on=on, data=data).execute()


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """Realistic 行政复议 records for last year and this year to date, handled by
    the county's 复议机构 (县司法局): most decided on time, some extended, a few
    with 补正, some decided late or still open past their deadline, and every
    decision type at least once. Returns the number of cases."""
    unit = units["县司法局"]
    cal = _calendar()
    first = datetime.date(today.year - 1, 1, 1)
    span = (today - first).days
    total = 45 + round(45 * today.timetuple().tm_yday / 366)
    received = sorted(cal.next_working_day(first + datetime.timedelta(days=rng.randrange(span)))
                      for _ in range(total))
    # Every decision type at least once, on cases received long enough ago to
    # have ended by today (the longest path here takes about 170 days).
    outcomes: list[str | None] = [None] * total
    mature = [i for i, day in enumerate(received) if (today - day).days >= 180]
    mandatory = list(DecisionType.values)
    for slot, outcome in zip(rng.sample(mature, min(len(mature), len(mandatory))), mandatory,
                             strict=False):
        outcomes[slot] = outcome
    types, weights = zip(*WEIGHTS.items(), strict=True)
    outcomes = [o if o is not None else rng.choices(types, weights=weights)[0] for o in outcomes]
    plan: list[tuple[datetime.date, str | None]] = list(zip(received, outcomes, strict=True))
    # A few open cases past their deadline: received 80–150 days ago, never decided.
    for _ in range(3):
        day = cal.next_working_day(today - datetime.timedelta(days=rng.randint(80, 150)))
        if day >= first:
            plan.append((day, None))
    plan.sort(key=lambda p: p[0])
    counters: dict[str, int] = dict.fromkeys(
        ("refuse", "decide", "mediate", "withdraw", "terminate", "dismiss", "abandon"), 0)
    for day, outcome in plan:
        _demo_case(region, unit, actor, today, rng, day, outcome, counters)
    return len(plan)
