"""行政应诉登记簿：本机关为被告的行政诉讼案件，答辩举证期限和负责人出庭应诉.

The procedure (states, transitions, the appearance gates and the 15-day
defence clock) is declared once in ``fazhi.procedures.definitions.LITIGATION``
(design/rules.md §2). This module maps the register's events onto it, keeps the
detail and the hearings (``details/litigation.py``), and offers the figures the
indicator layer needs (``appearance_stats``).

Legal sources, abbreviated in comments: 《中华人民共和国行政诉讼法》 (行诉法);
最高人民法院《关于适用〈中华人民共和国行政诉讼法〉的解释》 (解释);
《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》 (出庭规定, 法释〔2020〕3号).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet

from fazhi.core import staging
from fazhi.core.actions import ActionRefused
from fazhi.core.templatetags.fazhi_tags import cn_date

from ..base import (
    EventContext,
    EventType,
    Register,
    cancel_clocks,
    finish_clock,
    open_deadline,
    register,
    start_clock,
)
from ..clocks import first_open_deadline
from ..details.litigation import (
    AbsenceReason,
    AppealDecision,
    AppealResult,
    Appearance,
    Hearing,
    JudgmentKind,
    Level,
    LitigationDetail,
    Outcome,
)
from ..models import Case, CaseEvent, Deadline
from .forms import (
    AppealDecisionForm,
    AppealForm,
    CloseForm,
    DefenceForm,
    HearingForm,
    JudgmentForm,
    LitigationOpenForm,
    NoticeForm,
    RemandForm,
    SuggestionForm,
    WithdrawForm,
)

KEY = "litigation"
DEFENCE = "defence"  # step key of rules.md "litigation defence": 15 CD, 行诉法 art. 67
APPEALED = "appealed"  # the procedure's state after an appeal
REMANDED = "remanded"  # 发回重审 (行诉法 art. 89)
# 行诉法 art. 85: 15 days from service of a judgment, 10 of a ruling.
APPEAL_STEPS = {JudgmentKind.JUDGMENT: "appeal_judgment", JudgmentKind.RULING: "appeal_ruling"}
SUGGESTION_STATES = ("heard", "judged", "appealed", "hearing_scheduled", REMANDED, "closed",
                     "withdrawn")




# ------------------------------------------------------------------- register


@register
class LitigationRegister(Register):
    key = KEY
    label = "行政应诉"
    process_key = "litigation"
    detail_model = LitigationDetail
    open_form = LitigationOpenForm
    number_prefix = "应诉"
    bulk_import = True
    order_after_every_event = True
    # its date only has to follow the receipt (checked by the engine)
    order_exempt = ("defence_late",)
    events = (
        EventType("defence", "提交答辩状和证据", target="defended", form=DefenceForm,
                  help="收到起诉状副本之日起十五日内提交答辩状、证据和所依据的规范性文件"
                       "（行诉法第六十七条）；逾期提供证据且未经人民法院准许延期的，视为没有相应证据"
                       "（行诉法第三十四条第二款）。"),
        EventType("defence_late", "补交答辩状和证据", allowed_in=("hearing_scheduled", "heard"),
                  form=DefenceForm,
                  help="已收到开庭通知但尚未登记答辩举证的，在此登记实际提交日期。期限届满后提供的证据，"
                       "未经准许延期的视为没有相应证据（行诉法第三十四条第二款）。"),
        EventType("notice", "收到开庭通知", target="hearing_scheduled", form=NoticeForm,
                  help="人民法院应当在开庭三日前送达出庭通知书；通知负责人出庭的，应当载明（出庭规定第五条）。"),
        EventType("hearing", "开庭审理（出庭应诉）", target="heard", form=HearingForm,
                  help="被诉行政机关负责人应当出庭应诉；不能出庭的，应当委托行政机关相应的工作人员出庭，"
                       "不得仅委托律师出庭（行诉法第三条第三款；解释第一百二十八条）。仅律师出庭或无人出庭的，"
                       "开庭照常登记，记为未履行出庭应诉义务（出庭规定第六条第二款、第十二条）。不能出庭的正当理由"
                       "限于不可抗力、意外事件、需要履行他人不能代替的公务和其他正当理由，并应提交加盖公章的"
                       "书面说明（出庭规定第八条、第九条）。同一审级出庭一次即可（出庭规定第七条）。"),
        EventType("judicial_suggestion", "收到司法建议", allowed_in=SUGGESTION_STATES,
                  form=SuggestionForm,
                  help="负责人未出庭且未说明理由或理由不成立、负责人和相应工作人员均不出庭等情形，人民法院应当"
                       "向监察机关、被诉行政机关的上一级行政机关提出司法建议（出庭规定第十二条）。"),
        EventType("judgment", "作出判决、裁定或调解", target="judged", form=JudgmentForm,
                  help="记录人民法院的判决、裁定或调解书（行诉法第六十条、第六十九条至第七十八条）；"
                       "一审判决、裁定自送达之日起计算上诉期限（判决十五日、裁定十日，行诉法第八十五条）；"
                       "二审、再审的，同时填写上诉处理结果。"),
        EventType("appeal_decision", "本机关上诉决定", allowed_in=("judged",), form=AppealDecisionForm,
                  help="在上诉期限内决定是否上诉（判决书送达之日起十五日、裁定书送达之日起十日，"
                       "行诉法第八十五条）。"),
        EventType("appeal", "提起上诉", target="appealed", form=AppealForm,
                  help="不服判决的，十五日内；不服裁定的，十日内向上一级人民法院上诉（行诉法第八十五条）。"),
        EventType("remand", "发回重审", target=REMANDED, form=RemandForm,
                  help="第二审人民法院裁定撤销原判决，发回原审人民法院重审（行诉法第八十九条第一款第三项、"
                       "第四项）；重审按第一审程序进行，对重审判决上诉的，不得再次发回重审（第八十九条第二款）。"),
        EventType("close", "结案（裁判生效）", target="closed", form=CloseForm,
                  help="一审裁判在上诉期限届满后未上诉而生效（行诉法第八十五条）、或二审裁判生效时结案。"
                       "上诉后未开庭即作出裁判或准许撤回上诉的，在此填写上诉处理结果。"),
        EventType("withdraw", "原告撤诉", target="withdrawn", form=WithdrawForm,
                  help="原告申请撤诉，人民法院裁定准许（行诉法第六十二条）。"),
    )

    # -- declarations -----------------------------------------------------------
    def title_for(self, data: Mapping[str, Any]) -> str:
        unit = data.get("unit")
        return f"{data.get('plaintiff', '')}诉{unit or ''}{data.get('cause', '')}"

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        """Facts for the gates: the hearing states who appeared (a lawyer
        alone or nobody is recorded, as a breach); a first-instance decision
        takes effect only once the appeal period has run (行诉法 art. 85);
        发回重审 only at second instance and once (art. 89)."""
        d: LitigationDetail = detail  # type: ignore[assignment]
        appearance = data.get("appearance", "")
        stated = ((appearance == Appearance.HEAD and bool(data.get("head_name")))
                  or (appearance == Appearance.STAFF and bool(data.get("staff_name")))
                  or appearance in (Appearance.LAWYER_ONLY, Appearance.NONE))
        appeal = self.appeal_clock(case)
        return {"appearance_stated": stated,
                "judgment_effective": appeal is None or on > appeal.due,
                "second_instance": case.state == APPEALED or d.level != Level.FIRST,
                "remanded_before": d.remanded_on is not None}

    @staticmethod
    def appeal_clock(case: Case) -> Deadline | None:
        return first_open_deadline(case, *APPEAL_STEPS.values())

    def available_events(self, case: Case) -> list[EventType]:
        events = super().available_events(case)
        if any(e.key == "defence_late" for e in events) and open_deadline(case, DEFENCE) is None:
            events = [e for e in events if e.key != "defence_late"]
        return events

    # -- hooks ----------------------------------------------------------------------
    def create_detail(self, case: Case, data: Mapping[str, Any]) -> LitigationDetail:
        return staging.create(
            LitigationDetail, case=case, court_case_number=data["court_case_number"], court=data["court"],
            plaintiff=data["plaintiff"], cause=data["cause"], act_sued=data.get("act_sued") or "",
            after_reconsideration=bool(data.get("after_reconsideration")))

    def on_open(self, ctx: EventContext) -> None:
        # 行诉法 art. 67: 答辩状 and evidence within 15 days of receiving the
        # complaint; periods follow 民诉 art. 85 (行诉法 art. 101): start day not
        # counted, a last day on a rest day rolls to the next working day.
        start_clock(ctx, DEFENCE, ctx.case.started_on)

    def _on_defence(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        on = ctx.event.occurred_on
        deadline = finish_clock(ctx, DEFENCE, on)
        if deadline is None:
            raise ActionRefused("本案的答辩举证已经登记（或已不再适用），不能重复登记。")
        detail.defence_filed_on = on
        detail.extension_approved = bool(ctx.data.get("extension_approved"))
        late = deadline.status == Deadline.Status.MISSED
        # 行诉法 art. 34②: evidence not supplied in time, without a court-approved
        # extension (解释 art. 34), counts as no evidence.
        detail.evidence_late = late and not detail.extension_approved
        if detail.evidence_late:
            ctx.messages.append(
                f"答辩举证期限已于{cn_date(deadline.due)}届满，本次提交已逾期：逾期提供的证据视为没有"
                "相应证据（行诉法第三十四条第二款）。如经人民法院准许延期提供证据，请在登记时注明。")
        elif late:
            ctx.messages.append("提交日期晚于十五日期限，已登记为经人民法院准许延期提供证据（解释第三十四条）。")

    _on_defence_late = _on_defence

    def _on_notice(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        after_appeal = ctx.event.from_state == APPEALED
        level = ctx.data.get("level") or (Level.SECOND if after_appeal else Level.FIRST)
        if after_appeal and level == Level.FIRST:
            raise ActionRefused("上诉后的开庭应为二审或再审，不能选择一审。")
        if not after_appeal and level != Level.FIRST:
            raise ActionRefused("本案尚未上诉，开庭审级应为一审。")
        hearing_on = ctx.data["hearing_on"]
        detail.level = level
        detail.hearing_planned_on = hearing_on
        detail.appearance_summoned = bool(ctx.data.get("summoned"))
        if (hearing_on - ctx.event.occurred_on).days < 3:
            ctx.messages.append("出庭通知书应当在开庭三日前送达（出庭规定第五条），本次通知距开庭不足三日。")
        pending = open_deadline(ctx.case, DEFENCE)
        if pending is not None and pending.due < ctx.event.occurred_on:
            ctx.messages.append(
                f"尚未登记答辩举证，期限已于{cn_date(pending.due)}届满：未提供证据的，视为没有相应证据"
                "（行诉法第三十四条第二款）。提交后请用“补交答辩状和证据”登记。")

    def _on_hearing(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        data = ctx.data
        if staging.of(ctx.case) is not None:
            notice = max((e for e in staging.children(ctx.case, CaseEvent) if e.kind == "notice"),
                         key=lambda e: (e.occurred_on, staging.order_of(e)), default=None)
        else:
            notice = (CaseEvent.objects.filter(case=ctx.case, kind="notice")
                      .order_by("-occurred_on", "-id").first())
        hearing = staging.create(
            Hearing, case=ctx.case, event=ctx.event, notified_on=notice.occurred_on if notice else None,
            held_on=ctx.event.occurred_on, level=detail.level, summoned=detail.appearance_summoned,
            appearance=data["appearance"], head_name=data.get("head_name") or "",
            head_post=data.get("head_post") or "", head_rank=data.get("head_rank") or "",
            staff_name=data.get("staff_name") or "", staff_post=data.get("staff_post") or "",
            absence_reason=data.get("absence_reason") or "",
            absence_proof=data.get("absence_proof") or "",
            lawyer_attended=bool(data.get("lawyer_attended")))
        if hearing.appearance in (Appearance.LAWYER_ONLY, Appearance.NONE):
            who = "仅委托律师出庭" if hearing.appearance == Appearance.LAWYER_ONLY else "无人出庭"
            ctx.messages.append(
                f"本次开庭被诉行政机关{who}，负责人和相应工作人员均未出庭，未履行出庭应诉义务"
                "（行诉法第三条第三款；解释第一百二十八条），计入出庭应诉率的分母、不计入分子。"
                "人民法院应当向监察机关、被诉行政机关的上一级行政机关提出司法建议（出庭规定第十二条第一款"
                "第三项）；收到后请登记“收到司法建议”。")
        elif hearing.appearance == Appearance.STAFF:
            if hearing.absence_reason == AbsenceReason.NONE:
                ctx.messages.append("负责人未出庭且未说明理由的，人民法院应当向监察机关、上一级行政机关"
                                    "提出司法建议（出庭规定第十二条第一款第一项）。")
            elif detail.appearance_summoned:
                ctx.messages.append("人民法院已通知负责人出庭：负责人不能出庭的，应当在开庭前提交加盖公章的"
                                    "书面说明（出庭规定第八条、第九条）。")

    def _on_judgment(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        data, on = ctx.data, ctx.event.occurred_on
        result = data.get("appeal_result") or ""
        if result == AppealResult.REMANDED:
            raise ActionRefused("发回重审请登记“发回重审”（行诉法第八十九条）。")
        if detail.level == Level.FIRST:
            if result:
                raise ActionRefused("一审裁判不填写“上诉处理结果”。")
            detail.judgment_kind = data["judgment_kind"]
            detail.outcome = data["outcome"]
            detail.judged_on = on
            detail.final_outcome = detail.outcome
            served = data.get("served_on") or on
            if served < on:
                raise ActionRefused("送达日期不能早于裁判日期。")
            detail.served_on = served
            detail.appeal_decision, detail.appeal_decision_on, detail.appeal_decision_by = "", None, ""
            step = APPEAL_STEPS.get(detail.judgment_kind)
            if step is not None:  # a 调解书 is not appealed
                start_clock(ctx, step, served)  # 行诉法 art. 85
        else:
            if not result:
                raise ActionRefused("二审（再审）裁判须选择“上诉处理结果”。")
            self._apply_appeal_result(detail, data.get("judgment_kind") or "", result,
                                      data.get("outcome") or "", on)

    @staticmethod
    def _apply_appeal_result(detail: LitigationDetail, kind: str, result: str, outcome: str,
                             on: datetime.date) -> None:
        if result == AppealResult.AMENDED and not outcome:
            raise ActionRefused("改判的，请选择改判结果。")
        detail.appeal_result = result
        detail.appeal_judgment_kind = kind or (
            JudgmentKind.RULING if result == AppealResult.WITHDRAWN else JudgmentKind.JUDGMENT)
        detail.appeal_outcome = outcome if result == AppealResult.AMENDED else ""
        detail.appeal_judged_on = on
        # 维持 or 撤回上诉: the first-instance outcome takes effect.
        detail.final_outcome = detail.appeal_outcome or detail.outcome

    def _on_appeal_decision(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        decision = ctx.data.get("decision")
        if decision not in AppealDecision.values:
            raise ActionRefused(f"请选择：{'、'.join(AppealDecision.labels)}。")
        clock = self.appeal_clock(ctx.case)
        if clock is None:
            raise ActionRefused("本案裁判没有上诉期限（调解书或终审裁判），不需要作出上诉决定。")
        if ctx.event.occurred_on > clock.due:
            ctx.messages.append(f"上诉期限已于{cn_date(clock.due)}届满（行诉法第八十五条），"
                                "逾期不提起上诉的，第一审裁判发生法律效力。")
        detail.appeal_decision = decision
        detail.appeal_decision_on = ctx.event.occurred_on
        detail.appeal_decision_by = str(ctx.data.get("approver") or "").strip()[:100]

    def _on_appeal(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        for step in APPEAL_STEPS.values():
            clock = finish_clock(ctx, step, ctx.event.occurred_on)
            if clock is not None and clock.status == Deadline.Status.MISSED:
                ctx.messages.append(
                    f"上诉期限已于{cn_date(clock.due)}届满（{clock.basis}），本次上诉已逾期；"
                    "是否受理由第二审人民法院决定（耽误期限的顺延见民事诉讼法第八十六条）。")
        detail.appealed = True
        detail.appealed_by = ctx.data["appealed_by"]
        detail.appealed_on = ctx.event.occurred_on

    def _on_close(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        data = ctx.data
        result = data.get("appeal_result") or ""
        if result == AppealResult.REMANDED:
            raise ActionRefused("发回重审请登记“发回重审”（行诉法第八十九条）。")
        clock = self.appeal_clock(ctx.case)
        if clock is not None:
            # The period ran out without an appeal: the decision took effect (art. 85).
            clock.status, clock.done_on = Deadline.Status.MET, clock.due
            staging.save(clock, update_fields=["status", "done_on"])
        if ctx.event.from_state == APPEALED:
            if not result:
                raise ActionRefused("上诉后未开庭即结案的，须选择“上诉处理结果”（维持、改判或准许撤回上诉）。")
            self._apply_appeal_result(detail, data.get("appeal_judgment_kind") or "", result,
                                      data.get("appeal_outcome") or "",
                                      data.get("appeal_judged_on") or ctx.event.occurred_on)
        elif result or data.get("appeal_outcome") or data.get("appeal_judgment_kind"):
            raise ActionRefused("本案不是在上诉阶段结案，不填写上诉处理结果；二审裁判请用“作出判决、裁定或调解”登记。")

    def _on_remand(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        on = ctx.event.occurred_on
        # 行诉法 art. 89①(三)(四): the judgment is set aside; the retrial is a
        # new first instance, whose judgment can be appealed again (art. 89②).
        detail.appeal_result = AppealResult.REMANDED
        detail.appeal_judgment_kind = JudgmentKind.RULING
        detail.appeal_outcome = ""
        detail.appeal_judged_on = on
        detail.remanded_on = on
        detail.final_outcome = ""
        detail.level = Level.FIRST
        # The set-aside judgment's appeal period is replaced by the retrial's
        # (a step's clock is met once: constraint deadline_met_once_per_step).
        if staging.of(ctx.case) is not None:
            for clock in staging.children(ctx.case, Deadline):
                if clock.step in APPEAL_STEPS.values() and clock.status == Deadline.Status.MET:
                    clock.status = Deadline.Status.SUPERSEDED
        else:
            Deadline.objects.filter(case=ctx.case, step__in=APPEAL_STEPS.values(),
                                    status=Deadline.Status.MET).update(
                status=Deadline.Status.SUPERSEDED)

    def _on_judicial_suggestion(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        content = str(ctx.data.get("content") or "").strip()
        if not content:
            raise ActionRefused("请填写司法建议的内容（出庭规定第十二条）。")
        detail.judicial_suggestion_on = ctx.event.occurred_on
        detail.judicial_suggestion = content[:300]

    def _on_withdraw(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        detail.final_outcome = Outcome.WITHDRAWN
        detail.withdrawn_after_change = bool(ctx.data.get("after_change"))
        pending = open_deadline(ctx.case, DEFENCE)
        if pending is not None and ctx.event.occurred_on <= pending.due:
            # Withdrawn within the period: nothing is owed any more. After
            # the period the engine settles the clock as missed.
            cancel_clocks(ctx, DEFENCE)

    # -- the case page ------------------------------------------------------------
    def detail_rows(self, detail: models.Model) -> list[tuple[str, str]]:
        d: LitigationDetail = detail  # type: ignore[assignment]
        yes_no = {True: "是", False: "否"}
        rows = [
            ("案号", d.court_case_number), ("受理法院", d.court), ("原告", d.plaintiff),
            ("被告（承办单位）", str(d.case.unit)), ("案由", d.cause),
            ("被诉行政行为", d.act_sued or "—"),
            ("收到起诉状副本日期", cn_date(d.case.started_on)),
            ("复议后起诉", yes_no[d.after_reconsideration]),
            ("答辩举证日期", cn_date(d.defence_filed_on) or "尚未登记"),
        ]
        if d.evidence_late:
            rows.append(("逾期举证", "是：逾期提供的证据视为没有相应证据（行诉法第三十四条第二款）"))
        elif d.extension_approved:
            rows.append(("延期举证", "经人民法院准许延期提供证据（解释第三十四条）"))
        if d.hearing_planned_on and d.case.state == "hearing_scheduled":
            rows.append(("通知开庭日期", f"{cn_date(d.hearing_planned_on)}（{d.get_level_display()}）"
                         + ("，法院通知负责人出庭" if d.appearance_summoned else "")))
        for hearing in d.case.hearings.all():
            rows.append((f"开庭（{hearing.get_level_display()}）", hearing_text(hearing)))
        if d.judged_on:
            rows.append(("一审裁判", f"{cn_date(d.judged_on)} {d.get_judgment_kind_display()}："
                                     f"{d.get_outcome_display()}"
                         + (f"；{cn_date(d.served_on)}送达" if d.served_on else "")))
        if d.appeal_decision:
            rows.append(("本机关上诉决定", f"{cn_date(d.appeal_decision_on)} {d.get_appeal_decision_display()}"
                         + (f"（{d.appeal_decision_by}批准）" if d.appeal_decision_by else "")))
        if d.remanded_on:
            rows.append(("发回重审", f"{cn_date(d.remanded_on)}第二审人民法院裁定撤销原判决，发回重审"
                                     "（行诉法第八十九条）"))
        if d.judicial_suggestion_on:
            rows.append(("司法建议", f"{cn_date(d.judicial_suggestion_on)}：{d.judicial_suggestion}"
                                     "（出庭规定第十二条）"))
        if d.appealed:
            rows.append(("上诉", f"{cn_date(d.appealed_on)} {d.get_appealed_by_display()}上诉"))
        if d.appeal_result:
            text = f"{cn_date(d.appeal_judged_on)} {d.get_appeal_judgment_kind_display()}：" \
                   f"{d.get_appeal_result_display()}"
            if d.appeal_outcome:
                text += f"，改判为{d.get_appeal_outcome_display()}"
            rows.append(("二审（再审）", text))
        if d.withdrawn_after_change:
            rows.append(("撤诉情形", "被告改变被诉行政行为后原告撤诉（行诉法第六十二条）"))
        if d.final_outcome:
            rows.append(("生效裁判结果", d.get_final_outcome_display()))
            rows.append(("是否败诉", yes_no[d.lost] + "（按本系统配置的败诉口径）"))
        return rows

    # -- Excel ------------------------------------------------------------------------
    def export_queryset(self, qs: QuerySet) -> QuerySet:
        """Also the hearings, which the per-hearing columns read."""
        return super().export_queryset(qs).prefetch_related(
            Prefetch("hearings", queryset=Hearing.objects.order_by("held_on", "id")))


def hearing_text(hearing: Hearing) -> str:
    """One line of a hearing for the case page."""
    parts = [cn_date(hearing.held_on)]
    if hearing.appearance == Appearance.HEAD:
        parts.append(f"{hearing.head_post}{hearing.head_name}出庭（{hearing.get_head_rank_display()}）")
    elif hearing.appearance == Appearance.STAFF:
        reason = hearing.get_absence_reason_display()
        proof = f"，{hearing.absence_proof}" if hearing.absence_proof else ""
        parts.append(f"负责人未出庭（{reason}{proof}），由{hearing.staff_post}{hearing.staff_name}出庭")
    else:
        parts.append(hearing.get_appearance_display())
    if hearing.breach:
        parts.append("未履行出庭应诉义务（行诉法第三条第三款）")
    if hearing.lawyer_attended:
        parts.append("同时委托律师出庭")
    if hearing.summoned:
        parts.append("法院通知负责人出庭")
    return "；".join(parts)


