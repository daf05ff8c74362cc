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
* 补正 (art. 31②): the applicant's 10 WD run from the day the applicant
  *received* the notice (recorded with the delivery method; in person = the
  notice date), stored on the detail with its provisional flag and
  recomputed when a year's holidays are loaded (``recompute_party_periods``);
  abandonment is refused until they have run, a late correction warns;
* 延长: once, ordinary only, approved by the 复议机构负责人, before expiry:
  the decision clock is superseded by one extended by the approved length,
  at most 30 CD (art. 62① "适当延长…最多不得超过三十日");
* 简易程序 (art. 53): only for the cases of art. 53① or with all parties'
  consent (art. 53②; gate on received → accepted); a conversion to the
  ordinary procedure after the 30 days have run settles the simple clock as
  missed, it is never erased;
* 中止 / 恢复 (art. 39): while suspended the decision clock is set aside; on
  resumption it restarts with its start moved later by the suspended days.
  That the suspended time is not counted is the usual reading (M), not the
  text of art. 39 (definitions.SUSPENSION_READING).

Rules that are not gates in the declaration (补正 only once, no acceptance
after expiry but 视为受理, extension limits, dates in order) are checked in
``on_event``: a refusal there raises ``ActionRefused`` inside the action's
transaction, so nothing of the event is kept.

Article numbers in comments are of 《中华人民共和国行政复议法》 (2023).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fazhi.core import staging
from fazhi.procedures.deadlines import compute_deadline
from fazhi.procedures.definitions import RECONSIDERATION_LAW as LAW
from fazhi.procedures.definitions import SUSPENSION_READING
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
from ..clocks import open_deadlines, supersede_clocks
from ..details.reconsideration import (
    MERITS_TYPES,
    SIMPLE_AMOUNT_LIMIT,
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
from ..models import Case, CaseEvent, Deadline
from .forms import (
    AcceptForm,
    DecideForm,
    ExtendForm,
    HearingForm,
    MediateForm,
    NoticeReceivedForm,
    ReasonForm,
    ReconsiderationOpenForm,
    RefuseForm,
    RequestCorrectionForm,
    SuspendForm,
    SwitchProcedureForm,
    WithdrawForm,
)

CORRECTION_PERIOD_WD = 10  # applicant's period to correct (art. 31②; art. 88: 十日 = WD)
APPLICANT_CORRECTION = "applicant_correction"  # rules: 10 WD from the applicant's receipt



# ------------------------------------------------------------------ events
EVENTS: tuple[EventType, ...] = (
    EventType("request_correction", "通知补正", target="correction_requested",
              form=RequestCorrectionForm,
              help="自收到申请之日起5个工作日内一次性书面通知补正；补正通知只能发出一次（第三十一条）。"
                   "申请人的补正期限自其收到补正通知之日起10个工作日（第三十一条第二款、第八十八条）。"),
    EventType("correction_notice_received", "申请人收到补正通知", allowed_in=("correction_requested",),
              form=NoticeReceivedForm,
              help="邮寄等方式送达的，日期填申请人收到（签收）补正通知之日；补正期限自该日起算10个工作日"
                   "（第三十一条第二款、第八十八条）。"),
    EventType("correction_received", "收到补正材料", target="received",
              help="日期填收到补正材料之日；受理审查期限自该日重新起算（第三十一条）。"
                   "无正当理由逾期不补正的，视为放弃申请（第三十一条第二款）。"),
    EventType("abandon", "视为放弃申请", target="abandoned",
              help="申请人无正当理由逾期不补正的，视为放弃行政复议申请（第三十一条第二款）；"
                   "只能在自申请人收到补正通知之日起的补正期限届满后登记。"),
    EventType("accept", "受理", target="accepted", form=AcceptForm, sources=("received",),
              help="审查期限内决定受理；复议决定期限自受理之日起算（第三十条、第六十二条）。"),
    EventType("deem_accepted", "视为受理", target="accepted", sources=("received",),
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
              help="仅适用普通程序；情况复杂的，经行政复议机构负责人批准可以适当延长，按批准的日数计算，"
                   "最多不得超过30日；须在期限届满前决定，只能延长一次（第六十二条第一款）。"),
    EventType("suspend", "中止审理", target="suspended", form=SuspendForm,
              help="第三十九条所列情形。中止期间不计入复议决定期限是通行理解（M），第三十九条本身未规定。"),
    EventType("resume", "恢复审理", target="accepted", sources=("suspended",),
              help="中止的原因消除后恢复审理；复议决定期限扣除中止的日数后继续计算（通行理解，M）。"),
    EventType("decide", "作出复议决定", target="decided", form=DecideForm,
              help="第六十一条至第六十九条、第七十一条（行政协议）；复议决定书作为附件上传。"),
    EventType("mediate", "调解结案", target="mediated", form=MediateForm,
              help="调解达成协议的，制作行政复议调解书（第七十三条）。"),
    EventType("withdraw", "准予撤回（含和解）", target="terminated", form=WithdrawForm,
              sources=("received", "correction_requested", "accepted"),
              help="申请人撤回申请（含和解后撤回），终止行政复议（第四十一条、第七十四条）。"),
    EventType("terminate", "终止", target="terminated", form=ReasonForm,
              sources=("suspended", "accepted"),
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


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        refuse(f"涉及款额“{value}”不是有效的数额。")


def simple_procedure_allowed(d: ReconsiderationDetail) -> bool:
    """Whether 简易程序 is lawful for the case (行政复议法 art. 53): one of
    the cases of ① — for 三千元以下 the recorded amount must not exceed it — or
    all parties agreed (②)."""
    if d.parties_consent:
        return True
    ground = d.simple_ground
    if ground == SimpleGround.SMALL_AMOUNT:
        return d.amount_involved is not None and d.amount_involved <= SIMPLE_AMOUNT_LIMIT
    if not ground and d.act_kind == ActKind.DISCLOSURE:
        return True  # 53①(四): a disclosure case, known from the act's kind
    return bool(ground)


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
    correction_exclude = ("procedure",)  # changed by 转换审理程序 (art. 55), not by a correction
    bulk_import = True

    # -- detail ---------------------------------------------------------------
    def create_detail(self, case: Case, data: Mapping[str, Any]) -> ReconsiderationDetail:
        return staging.create(
            ReconsiderationDetail, case=case,
            applicant=str(data.get("applicant") or "").strip(),
            applicant_type=data.get("applicant_type") or ApplicantType.PERSON,
            respondent=str(data.get("respondent") or "").strip(),
            contested_act=str(data.get("contested_act") or "").strip(),
            act_kind=data.get("act_kind") or "",
            channel=data.get("channel") or Channel.IN_PERSON,
            procedure=data.get("procedure") or Procedure.ORDINARY,
            simple_ground=data.get("simple_ground") or "",
            amount_involved=_amount(data.get("amount_involved")),
            parties_consent=bool(data.get("parties_consent")),
        )

    def detail_rows(self, detail: Any) -> list[tuple[str, str]]:
        rows = []
        for label, value in super().detail_rows(detail):
            if label == "补正期限为暂定":
                continue
            if label == "补正期限届满日" and detail.correction_due_provisional:
                value += "（暂定：跨入尚未载入节假日安排的年份，载入后重新计算）"
            elif (label == "补正期限届满日" and detail.correction_requested_on
                  and detail.correction_notice_received_on is None and detail.correction_due is None):
                value = "待登记申请人收到补正通知的日期（补正期限自该日起算）"
            rows.append((label, value))
        if detail.decision_type:
            rows.append(("是否纠错", "是" if detail.corrected else "否"))
        return rows

    # -- gates ----------------------------------------------------------------
    def facts(self, case: Case, detail: Any, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        acceptance = open_deadline(case, "acceptance")
        expired = acceptance is not None and on > acceptance.due
        procedure = data.get("procedure") or detail.procedure
        return {
            # art. 30: after the 5 WD the application is deemed accepted;
            # refusal is then impossible (gate on received → rejected).
            "acceptance_period_expired": expired,
            # art. 31②: abandonment only after the applicant's 10 WD, counted
            # from the day the applicant received the notice, have run out.
            "correction_period_expired": (detail.correction_due is not None
                                          and on > detail.correction_due),
            # art. 53: 简易 only for the cases of ① or with consent (②). A
            # deemed acceptance (after expiry) happens by law; its handler
            # moves an unlawful 简易 to the ordinary procedure instead.
            "simple_procedure": procedure == Procedure.SIMPLE and not expired,
            "simple_procedure_allowed": simple_procedure_allowed(detail),
        }

    # -- 补正 期限 of the applicant (art. 31②) -------------------------------------
    def _set_correction_due(self, ctx: EventContext, received: datetime.date,
                            given: datetime.date | None = None) -> None:
        """The applicant's 10 WD from the receipt of the notice; a later date
        given (a reasonable extension, art. 31②) is kept as given."""
        d = _detail(ctx)
        result = compute_deadline(self.process_key, APPLICANT_CORRECTION, received,
                                  region=ctx.case.region)
        if given is not None and given < result.due:
            refuse(f"补正期限不能短于自申请人收到补正通知之日起10个工作日（{fmt_date(result.due)}）"
                    f"（{LAW}第三十一条第二款、第八十八条）。")
        d.correction_notice_received_on = received
        if given is not None and given != result.due:
            d.correction_due, d.correction_due_provisional = given, False
        else:
            d.correction_due, d.correction_due_provisional = result.due, result.provisional

    def recompute_party_periods(self, first: datetime.date, last: datetime.date) -> int:
        """Calendar change: recompute the provisional 补正 periods still running."""
        from ..clocks import record_recomputation

        changed = 0
        for d in (ReconsiderationDetail.objects.select_related("case__region")
                  .filter(case__state="correction_requested", correction_due_provisional=True,
                          correction_due__gte=first,
                          correction_notice_received_on__lte=last)):
            result = compute_deadline(self.process_key, APPLICANT_CORRECTION,
                                      d.correction_notice_received_on, region=d.case.region)
            if (result.due, result.provisional) == (d.correction_due, True):
                continue
            record_recomputation(
                d.case, "节假日安排调整，重新计算补正期限",
                {"step": APPLICANT_CORRECTION, "old_due": d.correction_due.isoformat(),
                 "new_due": result.due.isoformat()},
                f"申请人补正期限：{d.correction_due} → {result.due}（节假日安排调整）")
            d.correction_due, d.correction_due_provisional = result.due, result.provisional
            d.save(update_fields=["correction_due", "correction_due_provisional"])
            changed += 1
        return changed

    # -- clocks ---------------------------------------------------------------
    def on_open(self, ctx: EventContext) -> None:
        if _detail(ctx).procedure == Procedure.SIMPLE and not simple_procedure_allowed(_detail(ctx)):
            ctx.messages.append(f"本案不属于第五十三条第一款所列情形：适用简易程序须当事人各方同意"
                                f"（{LAW}第五十三条第二款），否则受理时不能按简易程序受理。")
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
        shift = (f"中止审理期间共{d.suspended_days}日不计入复议决定期限（{SUSPENSION_READING}），"
                 f"起算日相应顺延{d.suspended_days}日") if d.suspended_days else ""
        return start_clock(ctx, step, start, extended=extended,
                           extension=d.extension_days if extended else None,
                           event_on=d.acceptance_on, shift=shift)

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
        given = ctx.data.get("correction_due")
        if given is not None and given <= on:
            refuse("补正期限届满日应晚于补正通知日期。")
        delivery = ctx.data.get("delivery") or Delivery.IN_PERSON
        if delivery not in Delivery.values:
            refuse(f"送达方式应为：{'、'.join(Delivery.labels)}。")
        received = ctx.data.get("notice_received_on")
        if received is None and delivery == Delivery.IN_PERSON:
            received = on  # delivered in person: received the day of the notice
        if received is not None and received < on:
            refuse("申请人收到补正通知的日期不能早于补正通知日期。")
        if open_deadline(ctx.case, "correction_notice") is None:
            # Not foreseen at registration: the 5 WD still ran from the receipt.
            start_clock(ctx, "correction_notice", ctx.case.started_on)
        finish_clock(ctx, "correction_notice", on)
        cancel_clocks(ctx, "acceptance")  # the review restarts on the correction (art. 31)
        d.correction_requested_on = on
        d.correction_items = str(ctx.data.get("items") or "")
        d.correction_delivery = delivery
        if received is not None:
            self._set_correction_due(ctx, received, given)
        else:
            # Not yet known (post): the period has not begun; abandonment stays refused.
            d.correction_due, d.correction_due_provisional = given, False
            if given is None:
                ctx.messages.append("补正期限自申请人收到补正通知之日起计算（第三十一条第二款）：申请人收到后，"
                                    "请登记“申请人收到补正通知”。")

    def _on_correction_notice_received(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.correction_requested_on and on < d.correction_requested_on:
            refuse("申请人收到补正通知的日期不能早于补正通知日期。")
        delivery = ctx.data.get("delivery") or d.correction_delivery or Delivery.POST
        if delivery not in Delivery.values:
            refuse(f"送达方式应为：{'、'.join(Delivery.labels)}。")
        d.correction_delivery = delivery
        given = d.correction_due if d.correction_notice_received_on is None else None
        self._set_correction_due(ctx, on, given if given and given > on else None)

    def _on_correction_received(self, ctx: EventContext) -> None:
        d, on = _detail(ctx), ctx.event.occurred_on
        if d.correction_due is not None and on > d.correction_due:
            # art. 31②: 无正当理由逾期不补正的，视为放弃 — the same warning as 公开.
            ctx.messages.append(
                f"补正期限已于{fmt_date(d.correction_due)}届满，本次补正已逾期：申请人无正当理由逾期不补正的，"
                f"视为放弃行政复议申请（{LAW}第三十一条第二款）。有正当理由的，请在说明中记明；"
                "已按收到补正材料重新审查。")
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
        if procedure == Procedure.SIMPLE and not simple_procedure_allowed(d):
            refuse(f"不能按简易程序受理：本案不属于第五十三条第一款所列情形，且未登记当事人各方同意"
                   f"（{LAW}第五十三条）。")
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
        if d.procedure == Procedure.SIMPLE and not simple_procedure_allowed(d):
            d.procedure = Procedure.ORDINARY
            ctx.messages.append(f"本案不属于第五十三条第一款所列情形，且未登记当事人各方同意，不能适用简易程序"
                                f"（{LAW}第五十三条），已按普通程序计算复议决定期限。")
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
            simple = open_deadline(ctx.case, "simple_decision")
            if simple is not None and ctx.event.occurred_on > simple.due:
                # The 30 days of art. 62② have run: the miss is settled and
                # kept on record; the conversion does not erase it.
                finish_clock(ctx, "simple_decision", ctx.event.occurred_on)
                ctx.messages.append(
                    f"简易程序的复议决定期限已于{fmt_date(simple.due)}届满（{LAW}第六十二条第二款），"
                    "该期限记为逾期；转为普通程序后复议决定期限自受理之日起60日计算。")
            else:
                cancel_clocks(ctx, "simple_decision")
            d.procedure = new
            self._start_decision_clock(ctx)  # 60 CD from the acceptance (art. 62①)
        else:
            if new == Procedure.SIMPLE and not simple_procedure_allowed(d):
                ctx.messages.append(f"本案不属于第五十三条第一款所列情形，受理时须登记当事人各方同意才能适用"
                                    f"简易程序（{LAW}第五十三条第二款）。")
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
        days = ctx.data.get("extension_days") or 30
        if not isinstance(days, int) or not 1 <= days <= 30:
            refuse(f"延长期限最多不得超过三十日（{LAW}第六十二条第一款），请填写1至30日。")
        d.extended, d.extended_on, d.extension_approver = True, on, approver
        d.extension_days = days
        if not ctx.data.get("notified_on"):
            ctx.messages.append(f"延长审理期限应当书面告知当事人（{LAW}第六十二条第一款），"
                                "请上传告知书或在说明中记明告知日期。")
        self._start_decision_clock(ctx, extended=True)  # 60 + the approved ≤30 CD (art. 62①)

    def _on_suspend(self, ctx: EventContext) -> None:
        d = _detail(ctx)
        d.suspended_on = ctx.event.occurred_on
        d.suspension_ground = str(ctx.data.get("ground") or "")[:300]
        # Set aside while suspended (no reminders); resumption starts the continuation.
        supersede_clocks(ctx, "decision", "simple_decision")

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
        for deadline in open_deadlines(ctx.case, "decision", "simple_decision"):
            if on > deadline.due:
                ctx.messages.append(f"{deadline.label}期限已于{fmt_date(deadline.due)}届满，"
                                    f"本次结案逾期{(on - deadline.due).days}日。")
        d.decision_type, d.decided_on = kind, ctx.event.occurred_on
        d.decision_number = str(ctx.data.get("decision_number") or "")[:100]
        if reason is not None:
            d.closing_reason = reason
        d.suspended_on = None
