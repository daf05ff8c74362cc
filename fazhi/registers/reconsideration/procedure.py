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
from collections.abc import Mapping
from typing import Any

from fazhi.procedures.definitions import RECONSIDERATION_LAW as LAW
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
from ..details.reconsideration import (
    MERITS_TYPES,
    AcceptanceDecision,
    ApplicantType,
    Channel,
    DecisionType,
    Procedure,
    ReconsiderationDetail,
)
from ..models import Case, CaseEvent, Deadline
from .forms import (
    AcceptForm,
    DecideForm,
    ExtendForm,
    HearingForm,
    MediateForm,
    ReasonForm,
    ReconsiderationOpenForm,
    RefuseForm,
    RequestCorrectionForm,
    SuspendForm,
    SwitchProcedureForm,
    WithdrawForm,
)

CORRECTION_PERIOD_WD = 10  # applicant's period to correct (art. 31; art. 88: 十日 = WD)



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

    def previous_date(self, ctx: EventContext, previous: CaseEvent) -> datetime.date:
        if previous.kind == "deem_accepted" and _detail(ctx).acceptance_on:
            return _detail(ctx).acceptance_on  # accepted from the day the period expired
        return previous.occurred_on

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
            refuse(f"补正通知只能一次性发出，本案已于{fmt_date(d.correction_requested_on)}"
                    f"通知过补正（{LAW}第三十一条）。")
        acceptance = open_deadline(ctx.case, "acceptance")
        if acceptance is not None and on > acceptance.due:
            refuse(f"受理审查期限已于{fmt_date(acceptance.due)}届满，依法视为受理，不能再通知补正；"
                    f"请登记“视为受理”（{LAW}第三十条、第三十一条）。")
        due = ctx.data.get("correction_due") or work_calendar().add_working_days(
            on, CORRECTION_PERIOD_WD).date
        if due <= on:
            refuse("补正期限届满日应晚于补正通知日期。")
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
            refuse(f"受理审查期限已于{fmt_date(acceptance.due)}届满，依法自该日起视为受理，"
                    f"请登记“视为受理”（{LAW}第三十条）。")
        procedure = ctx.data.get("procedure") or d.procedure
        if procedure not in Procedure.values:
            refuse(f"审理程序“{procedure}”无效。")
        d.procedure = procedure
        finish_clock(ctx, "acceptance", on)
        cancel_clocks(ctx, "correction_notice")
        d.acceptance, d.acceptance_on = AcceptanceDecision.ACCEPTED, on
        self._start_decision_clock(ctx)

    def _on_deem_accepted(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        acceptance = open_deadline(ctx.case, "acceptance")
        if acceptance is None:
            refuse("没有进行中的受理审查期限，不能登记视为受理。")
        assert acceptance is not None
        if on <= acceptance.due:
            refuse(f"受理审查期限至{fmt_date(acceptance.due)}届满；届满前应当决定受理或者不予受理，"
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
            refuse("请选择要转为的审理程序。")
        if new == d.procedure:
            refuse(f"本案已适用{Procedure(new).label}。")
        if ctx.case.state == "accepted":
            if new == Procedure.SIMPLE:
                refuse(f"受理后只能由简易程序转为普通程序（{LAW}第五十五条），"
                        "普通程序不能转为简易程序。")
            if not str(ctx.data.get("approver") or "").strip():
                refuse(f"简易程序转为普通程序须经行政复议机构负责人批准，请填写批准人（{LAW}第五十五条）。")
            cancel_clocks(ctx, "simple_decision")
            d.procedure = new
            self._start_decision_clock(ctx)  # 60 CD from the acceptance (art. 62①)
        else:
            d.procedure = new

    def _on_hearing(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        notice = ctx.data.get("notice_on")
        if notice and notice > on:
            refuse("听证通知日期不能晚于听证日期。")
        if notice and work_calendar().add_working_days(notice, 5).date > on:
            ctx.messages.append(f"听证通知距听证不足5个工作日：应当于举行听证的五日前书面通知当事人"
                                f"（{LAW}第五十一条、第八十八条）。")
        d.hearing_held, d.hearing_on = True, on

    def _on_extend(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.procedure != Procedure.ORDINARY:
            refuse(f"简易程序案件的审理期限不能延长（{LAW}第六十二条第二款）；"
                    "确需延长的，应先经批准转为普通程序（第五十五条）。")
        if d.extended:
            refuse(f"审理期限只能延长一次，本案已于{fmt_date(d.extended_on)}延长"
                    f"（{LAW}第六十二条第一款：延长期限最多不得超过三十日）。")
        deadline = open_deadline(ctx.case, "decision")
        if deadline is None:
            refuse("没有进行中的复议决定期限，不能延长。")
        assert deadline is not None
        if on > deadline.due:
            refuse(f"复议决定期限已于{fmt_date(deadline.due)}届满，届满后不能再延长"
                    f"（{LAW}第六十二条第一款）。")
        approver = str(ctx.data.get("approver") or "").strip()
        if not approver:
            refuse(f"延长审理期限须经行政复议机构负责人批准，请填写批准人（{LAW}第六十二条第一款）。")
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
            refuse(f"复议决定的类型应为：{'、'.join(DecisionType(t).label for t in MERITS_TYPES)}。")
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
            refuse(message)
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
