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
import random
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CharField, Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from fazhi.core.actions import ActionRefused, Actor
from fazhi.core.forms import DateInput
from fazhi.org.models import Region, Unit
from fazhi.procedures.definitions import get_process

from .base import (
    EventContext,
    EventType,
    OpenCase,
    Register,
    cancel_clocks,
    case_deadlines,
    case_events,
    finish_clock,
    open_deadline,
    register,
    start_clock,
)
from .details.litigation import (
    AbsenceReason,
    AppealResult,
    Appearance,
    Appellant,
    HeadRank,
    Hearing,
    JudgmentKind,
    Level,
    LitigationDetail,
    Outcome,
    lost_outcomes,
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

KEY = "litigation"
DEFENCE = "defence"  # step key of rules.md "litigation defence": 15 CD, 行诉法 art. 67
APPEALED = "appealed"  # the procedure's state after an appeal


def _cn(value: datetime.date | None) -> str:
    from fazhi.core.templatetags.fazhi_tags import cn_date

    return cn_date(value)


def _blank(choices: list[tuple[str, str]], label: str = "—") -> list[tuple[str, str]]:
    return [("", label), *choices]


# ---------------------------------------------------------------------- forms
class LitigationOpenForm(forms.Form):
    """登记应诉案件；承办单位（被告）、编号、收到日期和附件由 CaseOpenBase 提供。"""

    court_case_number = forms.CharField(label="案号", max_length=100,
                                        help_text="应诉通知书上的案号，如：（2025）鲁1522行初45号")
    court = forms.CharField(label="受理法院", max_length=100, help_text="如：莘县人民法院")
    plaintiff = forms.CharField(label="原告", max_length=200, help_text="多个原告用顿号分隔")
    cause = forms.CharField(label="案由", max_length=100,
                            help_text="如：行政处罚、行政强制、工伤认定、政府信息公开")
    act_sued = forms.CharField(label="被诉行政行为", max_length=300, required=False,
                               help_text="文书名称和文号")
    after_reconsideration = forms.BooleanField(label="经行政复议后起诉", required=False)

    field_order = ["unit", "number", "started_on", "court_case_number", "court", "plaintiff",
                   "cause", "act_sued", "after_reconsideration", "files"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "收到起诉状副本日期"
            started.help_text = "答辩举证期限自次日起算十五日（行诉法第六十七条）"


class DefenceForm(DatedEventForm):
    date_label = "提交日期"
    extension_approved = forms.BooleanField(
        label="经人民法院准许延期提供证据", required=False,
        help_text="因不可抗力等正当事由，在期限内书面申请并经人民法院准许的（解释第三十四条）")

    field_order = ["occurred_on", "extension_approved", "note", "files"]


class NoticeForm(DatedEventForm):
    date_label = "收到开庭通知日期"
    hearing_on = forms.DateField(label="开庭日期", widget=DateInput())
    level = forms.ChoiceField(label="审级", required=False,
                              choices=_blank(Level.choices, "自动（上诉后为二审，否则为一审）"))
    summoned = forms.BooleanField(
        label="法院通知负责人出庭", required=False,
        help_text="出庭通知书写明负责人出庭的（出庭规定第四条、第五条）")

    field_order = ["occurred_on", "hearing_on", "level", "summoned", "note", "files"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        on, hearing_on = data.get("occurred_on"), data.get("hearing_on")
        if on and hearing_on and hearing_on < on:
            self.add_error("hearing_on", "开庭日期不能早于收到开庭通知的日期。")
        return data


class HearingForm(DatedEventForm):
    date_label = "开庭日期"
    appearance = forms.ChoiceField(label="出庭情况", choices=Appearance.choices)
    head_name = forms.CharField(label="出庭负责人", max_length=50, required=False)
    head_post = forms.CharField(label="负责人职务", max_length=100, required=False,
                                help_text="如：局长、副局长、副镇长")
    head_rank = forms.ChoiceField(label="负责人类别", required=False,
                                  choices=_blank(HeadRank.choices),
                                  help_text="出庭规定第二条")
    staff_name = forms.CharField(label="出庭工作人员", max_length=50, required=False,
                                 help_text="负责人不能出庭时委托的本机关相应工作人员")
    staff_post = forms.CharField(label="工作人员职务", max_length=100, required=False)
    absence_reason = forms.ChoiceField(label="负责人未出庭原因", required=False,
                                       choices=_blank(AbsenceReason.choices),
                                       help_text="出庭规定第八条")
    absence_proof = forms.CharField(label="未出庭证明材料", max_length=300, required=False,
                                    help_text="向人民法院提交的加盖公章的书面说明（出庭规定第九条）")
    lawyer_attended = forms.BooleanField(label="同时委托律师出庭", required=False)

    field_order = ["occurred_on", "appearance", "head_name", "head_post", "head_rank",
                   "staff_name", "staff_post", "absence_reason", "absence_proof",
                   "lawyer_attended", "note", "files"]

    HEAD_FIELDS = ("head_name", "head_post", "head_rank")
    STAFF_FIELDS = ("staff_name", "staff_post", "absence_reason", "absence_proof")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        appearance = data.get("appearance")
        if appearance == Appearance.HEAD:
            for name in self.HEAD_FIELDS:
                if not data.get(name):
                    self.add_error(name, "负责人出庭的，请填写此项。")
            keep: tuple[str, ...] = self.HEAD_FIELDS
        elif appearance == Appearance.STAFF:
            for name in ("staff_name", "staff_post", "absence_reason"):
                if not data.get(name):
                    self.add_error(name, "相应工作人员出庭的，请填写此项。")
            reason = data.get("absence_reason")
            if reason and reason != AbsenceReason.NONE and not data.get("absence_proof"):
                self.add_error("absence_proof", "负责人因正当理由不能出庭的，应当提交加盖公章的"
                                                "书面说明和证明材料（出庭规定第九条）。")
            keep = self.STAFF_FIELDS
        else:
            # Lawyer only or nobody: the form is valid so that the procedure's
            # gate (行诉法 art. 3③) refuses it with its own reason.
            keep = ()
        for name in (*self.HEAD_FIELDS, *self.STAFF_FIELDS):
            if name not in keep and name in data:
                data[name] = ""
        return data


# Outcomes recorded by a judgment; 准予撤诉 has its own event.
JUDGMENT_OUTCOMES = [(v, lbl) for v, lbl in Outcome.choices if v != Outcome.WITHDRAWN]


class JudgmentForm(DatedEventForm):
    date_label = "裁判日期"
    judgment_kind = forms.ChoiceField(label="裁判文书", choices=JudgmentKind.choices)
    outcome = forms.ChoiceField(label="裁判结果", required=False, choices=_blank(JUDGMENT_OUTCOMES),
                                help_text="二审维持原裁判或准许撤回上诉的，可不填")
    appeal_result = forms.ChoiceField(label="上诉处理结果（二审、再审填写）", required=False,
                                      choices=_blank(AppealResult.choices, "—（一审不填）"))

    field_order = ["occurred_on", "judgment_kind", "outcome", "appeal_result", "note", "files"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        result = data.get("appeal_result")
        if not data.get("outcome") and result not in (AppealResult.UPHELD, AppealResult.WITHDRAWN):
            self.add_error("outcome", "请选择裁判结果。")
        return data


class AppealForm(DatedEventForm):
    date_label = "上诉日期"
    appealed_by = forms.ChoiceField(label="上诉人", choices=Appellant.choices)

    field_order = ["occurred_on", "appealed_by", "note", "files"]


class CloseForm(DatedEventForm):
    date_label = "结案（裁判生效）日期"
    appeal_result = forms.ChoiceField(
        label="上诉处理结果", required=False, choices=_blank(AppealResult.choices),
        help_text="仅在上诉后未开庭审理即作出裁判、或准许撤回上诉时填写")
    appeal_judgment_kind = forms.ChoiceField(label="二审裁判文书", required=False,
                                             choices=_blank(JudgmentKind.choices))
    appeal_outcome = forms.ChoiceField(label="改判结果", required=False,
                                       choices=_blank(JUDGMENT_OUTCOMES))
    appeal_judged_on = forms.DateField(label="二审裁判日期", required=False, widget=DateInput(),
                                       help_text="留空则为结案日期")

    field_order = ["occurred_on", "appeal_result", "appeal_judgment_kind", "appeal_outcome",
                   "appeal_judged_on", "note", "files"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("appeal_result") == AppealResult.AMENDED and not data.get("appeal_outcome"):
            self.add_error("appeal_outcome", "改判的，请选择改判结果。")
        return data


class WithdrawForm(DatedEventForm):
    date_label = "准予撤诉日期"
    after_change = forms.BooleanField(
        label="被告改变被诉行政行为后原告撤诉", required=False,
        help_text="行诉法第六十二条：被告改变其所作的行政行为，原告同意并申请撤诉")

    field_order = ["occurred_on", "after_change", "note", "files"]


# ------------------------------------------------------------------- register


@register
class LitigationRegister(Register):
    key = KEY
    label = "行政应诉"
    process_key = "litigation"
    detail_model = LitigationDetail
    open_form = LitigationOpenForm
    number_prefix = "应诉"
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
                       "不得仅委托律师出庭（行诉法第三条第三款；解释第一百二十八条）。不能出庭的正当理由限于"
                       "不可抗力、意外事件、需要履行他人不能代替的公务和其他正当理由，并应提交加盖公章的"
                       "书面说明（出庭规定第八条、第九条）。同一审级出庭一次即可（出庭规定第七条）。"),
        EventType("judgment", "作出判决、裁定或调解", target="judged", form=JudgmentForm,
                  help="记录人民法院的判决、裁定或调解书（行诉法第六十条、第六十九条至第七十八条）；"
                       "二审、再审的，同时填写上诉处理结果。"),
        EventType("appeal", "提起上诉", target="appealed", form=AppealForm,
                  help="不服判决的，十五日内；不服裁定的，十日内向上一级人民法院上诉（行诉法第八十五条）。"),
        EventType("close", "结案（裁判生效）", target="closed", form=CloseForm,
                  help="一审裁判未上诉而生效、或二审裁判生效时结案。上诉后未开庭即作出裁判或准许撤回上诉的，"
                       "在此填写上诉处理结果。"),
        EventType("withdraw", "原告撤诉", target="withdrawn", form=WithdrawForm,
                  help="原告申请撤诉，人民法院裁定准许（行诉法第六十二条）。"),
    )

    # -- declarations -----------------------------------------------------------
    def title_for(self, data: Mapping[str, Any]) -> str:
        unit = data.get("unit")
        return f"{data.get('plaintiff', '')}诉{unit or ''}{data.get('cause', '')}"

    def facts(self, case: Case, detail: models.Model, data: Mapping[str, Any],
              on: datetime.date) -> dict[str, Any]:
        """Facts for the gates of hearing_scheduled → heard (行诉法 art. 3③;
        解释 art. 128): someone of the agency appeared, and not a lawyer alone."""
        appearance = data.get("appearance", "")
        recorded = ((appearance == Appearance.HEAD and bool(data.get("head_name")))
                    or (appearance == Appearance.STAFF and bool(data.get("staff_name"))))
        return {"appearance_recorded": recorded,
                "lawyer_only": appearance == Appearance.LAWYER_ONLY}

    def available_events(self, case: Case) -> list[EventType]:
        events = super().available_events(case)
        if any(e.key == "defence_late" for e in events) and open_deadline(case, DEFENCE) is None:
            events = [e for e in events if e.key != "defence_late"]
        return events

    # -- hooks ----------------------------------------------------------------------
    def create_detail(self, case: Case, data: Mapping[str, Any]) -> LitigationDetail:
        return LitigationDetail.objects.create(
            case=case, court_case_number=data["court_case_number"], court=data["court"],
            plaintiff=data["plaintiff"], cause=data["cause"], act_sued=data.get("act_sued") or "",
            after_reconsideration=bool(data.get("after_reconsideration")))

    def on_open(self, ctx: EventContext) -> None:
        # 行诉法 art. 67: 答辩状 and evidence within 15 days of receiving the
        # complaint; periods follow 民诉 art. 85 (行诉法 art. 101): start day not
        # counted, a last day on a rest day rolls to the next working day.
        start_clock(ctx, DEFENCE, ctx.case.started_on)

    def on_event(self, ctx: EventContext) -> None:
        self._check_order(ctx)
        handler: Callable[[EventContext], None] = getattr(self, f"_on_{ctx.event.kind}")
        handler(ctx)

    def _check_order(self, ctx: EventContext) -> None:
        """Events are recorded in the order they happened (a hearing cannot
        precede its notice, a judgment its hearing)."""
        if ctx.event.kind == "defence_late":
            return  # its date only has to follow the receipt (checked by the engine)
        last = (CaseEvent.objects.filter(case=ctx.case).exclude(pk=ctx.event.pk)
                .exclude(kind__in=("recomputed", "defence_late"))
                .order_by("-occurred_on", "-id").first())
        if last is not None and ctx.event.occurred_on < last.occurred_on:
            raise ActionRefused(
                f"{ctx.event.label}的日期（{_cn(ctx.event.occurred_on)}）早于上一项办理经过"
                f"“{last.label}”的日期（{_cn(last.occurred_on)}），请核对日期。")

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
                f"答辩举证期限已于{_cn(deadline.due)}届满，本次提交已逾期：逾期提供的证据视为没有"
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
                f"尚未登记答辩举证，期限已于{_cn(pending.due)}届满：未提供证据的，视为没有相应证据"
                "（行诉法第三十四条第二款）。提交后请用“补交答辩状和证据”登记。")

    def _on_hearing(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        data = ctx.data
        notice = (CaseEvent.objects.filter(case=ctx.case, kind="notice")
                  .order_by("-occurred_on", "-id").first())
        hearing = Hearing.objects.create(
            case=ctx.case, event=ctx.event, notified_on=notice.occurred_on if notice else None,
            held_on=ctx.event.occurred_on, level=detail.level, summoned=detail.appearance_summoned,
            appearance=data["appearance"], head_name=data.get("head_name") or "",
            head_post=data.get("head_post") or "", head_rank=data.get("head_rank") or "",
            staff_name=data.get("staff_name") or "", staff_post=data.get("staff_post") or "",
            absence_reason=data.get("absence_reason") or "",
            absence_proof=data.get("absence_proof") or "",
            lawyer_attended=bool(data.get("lawyer_attended")))
        if hearing.appearance == Appearance.STAFF:
            if hearing.absence_reason == AbsenceReason.NONE:
                ctx.messages.append("负责人未出庭且未说明正当理由的，人民法院可以向监察机关、上一级行政机关"
                                    "提出司法建议（出庭规定第十二条）。")
            elif detail.appearance_summoned:
                ctx.messages.append("人民法院已通知负责人出庭：负责人不能出庭的，应当在开庭前提交加盖公章的"
                                    "书面说明（出庭规定第八条、第九条）。")

    def _on_judgment(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        data, on = ctx.data, ctx.event.occurred_on
        result = data.get("appeal_result") or ""
        if detail.level == Level.FIRST:
            if result:
                raise ActionRefused("一审裁判不填写“上诉处理结果”。")
            detail.judgment_kind = data["judgment_kind"]
            detail.outcome = data["outcome"]
            detail.judged_on = on
            detail.final_outcome = detail.outcome
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

    def _on_appeal(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        detail.appealed = True
        detail.appealed_by = ctx.data["appealed_by"]
        detail.appealed_on = ctx.event.occurred_on

    def _on_close(self, ctx: EventContext) -> None:
        detail: LitigationDetail = ctx.detail  # type: ignore[assignment]
        data = ctx.data
        result = data.get("appeal_result") or ""
        if ctx.event.from_state == APPEALED:
            if not result:
                raise ActionRefused("上诉后未开庭即结案的，须选择“上诉处理结果”（维持、改判或准许撤回上诉）。")
            self._apply_appeal_result(detail, data.get("appeal_judgment_kind") or "", result,
                                      data.get("appeal_outcome") or "",
                                      data.get("appeal_judged_on") or ctx.event.occurred_on)
        elif result or data.get("appeal_outcome") or data.get("appeal_judgment_kind"):
            raise ActionRefused("本案不是在上诉阶段结案，不填写上诉处理结果；二审裁判请用“作出判决、裁定或调解”登记。")

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
            ("收到起诉状副本日期", _cn(d.case.started_on)),
            ("复议后起诉", yes_no[d.after_reconsideration]),
            ("答辩举证日期", _cn(d.defence_filed_on) or "尚未登记"),
        ]
        if d.evidence_late:
            rows.append(("逾期举证", "是：逾期提供的证据视为没有相应证据（行诉法第三十四条第二款）"))
        elif d.extension_approved:
            rows.append(("延期举证", "经人民法院准许延期提供证据（解释第三十四条）"))
        if d.hearing_planned_on and d.case.state == "hearing_scheduled":
            rows.append(("通知开庭日期", f"{_cn(d.hearing_planned_on)}（{d.get_level_display()}）"
                         + ("，法院通知负责人出庭" if d.appearance_summoned else "")))
        for hearing in d.case.hearings.all():
            rows.append((f"开庭（{hearing.get_level_display()}）", hearing_text(hearing)))
        if d.judged_on:
            rows.append(("一审裁判", f"{_cn(d.judged_on)} {d.get_judgment_kind_display()}："
                                     f"{d.get_outcome_display()}"))
        if d.appealed:
            rows.append(("上诉", f"{_cn(d.appealed_on)} {d.get_appealed_by_display()}上诉"))
        if d.appeal_result:
            text = f"{_cn(d.appeal_judged_on)} {d.get_appeal_judgment_kind_display()}：" \
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
    def excel_columns(self) -> list[ExcelColumn]:
        return _excel_columns(self)

    def export_queryset(self, qs: QuerySet) -> QuerySet:
        """Also the hearings, which the per-hearing columns read."""
        return super().export_queryset(qs).prefetch_related(
            Prefetch("hearings", queryset=Hearing.objects.order_by("held_on", "id")))

    def import_row(self, values: dict[str, Any], region: Region, actor: Actor) -> Case:
        return _import_row(self, values, region, actor)


def hearing_text(hearing: Hearing) -> str:
    """One line of a hearing for the case page."""
    parts = [_cn(hearing.held_on)]
    if hearing.appearance == Appearance.HEAD:
        parts.append(f"{hearing.head_post}{hearing.head_name}出庭（{hearing.get_head_rank_display()}）")
    elif hearing.appearance == Appearance.STAFF:
        reason = hearing.get_absence_reason_display()
        proof = f"，{hearing.absence_proof}" if hearing.absence_proof else ""
        parts.append(f"负责人未出庭（{reason}{proof}），由{hearing.staff_post}{hearing.staff_name}出庭")
    else:
        parts.append(hearing.get_appearance_display())
    if hearing.lawyer_attended:
        parts.append("同时委托律师出庭")
    if hearing.summoned:
        parts.append("法院通知负责人出庭")
    return "；".join(parts)


# ------------------------------------------------------------------ statistics
def appearance_stats(cases: models.QuerySet) -> dict[str, Any]:
    """Figures for 出庭应诉率 and 败诉率 over ``cases`` (any queryset of Case;
    other registers' cases are ignored), computed by the database.

    Definitions (design/rules.md §2 metrics — M, no statutory formula):

    * ``heard``: cases with at least one hearing (开庭); ``heard_levels``: the
      distinct (case, 审级) pairs with a hearing — one appearance per 审级 is
      enough (出庭规定 art. 7), so a case heard at first and second instance
      counts twice.
    * ``head_present_levels``: those pairs where a qualifying 负责人 (出庭规定
      art. 2: 正职, 副职, deputy-level or other co-managing leader) appeared at
      least once. ``appearance_rate`` = head_present_levels ÷ heard_levels.
      ``appearance_rate_cases`` = cases with a head present at some hearing ÷
      heard (the variant some assessments use).
    * ``concluded``: cases in a final state (结案 or 撤诉). ``lost``: concluded
      cases whose effective outcome is one of ``lost_outcomes()`` (configurable;
      default 撤销, 部分撤销, 确认违法/无效, 履行, 给付, 变更, 赔偿 — 行诉法
      arts. 70–78). ``lost_rate`` = lost ÷ concluded. 驳回 (诉讼请求 or 起诉) and
      撤诉 are counted separately, never as lost.

    Rates are floats in [0, 1], or None when the denominator is 0.
    """
    cases = cases.filter(register=KEY)
    hearings = Hearing.objects.filter(case__in=cases.values("pk"))
    head = Q(appearance=Appearance.HEAD) & ~Q(head_rank="")
    pair = Concat(Cast("case_id", CharField()), Value(":"), "level", output_field=CharField())
    h = hearings.aggregate(
        heard=Count("case_id", distinct=True),
        heard_levels=Count(pair, distinct=True),
        head_present_levels=Count(pair, distinct=True, filter=head),
        head_present_cases=Count("case_id", distinct=True, filter=head),
        staff_levels=Count(pair, distinct=True, filter=Q(appearance=Appearance.STAFF)),
        summoned_levels=Count(pair, distinct=True, filter=Q(summoned=True)),
    )
    final = [s.key for s in get_process(KEY).states if s.final]
    concluded = Q(state__in=final)
    outcome = "litigation__final_outcome"
    c = cases.aggregate(
        cases=Count("pk"),
        concluded=Count("pk", filter=concluded),
        lost=Count("pk", filter=concluded & Q(**{f"{outcome}__in": sorted(lost_outcomes())})),
        rejected=Count("pk", filter=concluded & Q(**{outcome: Outcome.REJECT_CLAIM})),
        dismissed=Count("pk", filter=concluded & Q(**{outcome: Outcome.DISMISS_SUIT})),
        withdrawn=Count("pk", filter=concluded & Q(**{outcome: Outcome.WITHDRAWN})),
        withdrawn_after_change=Count("pk", filter=concluded & Q(
            **{outcome: Outcome.WITHDRAWN, "litigation__withdrawn_after_change": True})),
        appealed=Count("pk", filter=Q(litigation__appealed=True)),
        evidence_late=Count("pk", filter=Q(litigation__evidence_late=True)),
    )

    def rate(num: int, den: int) -> float | None:
        return num / den if den else None

    return {
        **c, **h,
        "appearance_rate": rate(h["head_present_levels"], h["heard_levels"]),
        "appearance_rate_cases": rate(h["head_present_cases"], h["heard"]),
        "lost_rate": rate(c["lost"], c["concluded"]),
    }



# ----------------------------------------------------------------------- Excel
# Several hearings of one case share a row: one per line within the cell. Every
# per-hearing value is single-line (dates, choices, names, a CharField), so the
# line break is a safe separator.
SEP = "\n"
HEARING_KEYS = ("notified_on", "level", "summoned", "head_present", "head_name", "head_post",
                "head_rank", "staff_name", "staff_post", "absence_reason", "absence_proof",
                "lawyer_attended")


# The export getters read the case's prefetched hearings, events and deadlines
# (``LitigationRegister.export_queryset``), so the export runs a fixed number
# of queries however many cases it has.
def _hearings(case: Case) -> list[Hearing]:
    return sorted(case.hearings.all(), key=lambda h: (h.held_on, h.pk))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _per_hearing(get: Callable[[Hearing], Any]) -> Callable[[Case], str]:
    def cell(case: Case) -> str:
        return SEP.join(_text(get(h)) for h in _hearings(case))

    return cell


def _multi(parse: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def parse_all(value: Any) -> list[Any]:
        if value in (None, ""):
            return []
        if not isinstance(value, str):
            return [parse(value)]
        return [parse(part) for part in value.replace("\r\n", SEP).split(SEP)]

    return parse_all


def _ignored(value: Any) -> None:  # noqa: ARG001 - an export-only column
    return None


def _defence_deadline(case: Case) -> Deadline | None:
    """The latest defence clock that was not superseded."""
    clocks = [d for d in case_deadlines(case, DEFENCE) if d.status != Deadline.Status.SUPERSEDED]
    return clocks[-1] if clocks else None


def _pending_notice(case: Case) -> CaseEvent | None:
    """The last hearing notice not (yet) followed by a hearing."""
    notices = sorted(case_events(case, "notice"), key=lambda e: (e.occurred_on, e.pk))
    return notices[-1] if len(notices) > len(case.hearings.all()) else None


def _pending_value(case: Case, key: str) -> Any:
    notice = _pending_notice(case)
    if notice is None:
        return None
    value = notice.data.get(key)
    if key == "hearing_on":
        return parse_date(value)
    return bool(value)


def _excel_columns(reg: LitigationRegister) -> list[ExcelColumn]:
    def d(case: Case) -> LitigationDetail:
        return case.litigation  # type: ignore[attr-defined]

    choice = choice_parser
    only = "仅导出，导入时按办理经过重新计算"
    many = "多次开庭的，每次一行（单元格内换行），与“开庭日期”逐行对应"
    return [
        ExcelColumn("number", "编号", lambda c: c.number, width=24, note="留空则自动编号"),
        ExcelColumn("unit", "承办单位", lambda c: str(c.unit), required=True, width=18,
                    note="被告行政机关，填写本县单位名称或简称"),
        ExcelColumn("started_on", "收到起诉状日期", lambda c: c.started_on, parse_date,
                    required=True, width=14, note="收到起诉状副本之日，答辩举证期限自次日起算十五日"),
        ExcelColumn("court_case_number", "案号", lambda c: d(c).court_case_number,
                    required=True, width=26),
        ExcelColumn("court", "法院", lambda c: d(c).court, required=True, width=18),
        ExcelColumn("plaintiff", "原告", lambda c: d(c).plaintiff, required=True, width=20),
        ExcelColumn("cause", "案由", lambda c: d(c).cause, required=True, width=16),
        ExcelColumn("act_sued", "被诉行政行为", lambda c: d(c).act_sued, width=30),
        ExcelColumn("after_reconsideration", "复议后起诉", lambda c: d(c).after_reconsideration,
                    parse_bool, width=10, note="是/否"),
        ExcelColumn("defence_filed_on", "答辩日期", lambda c: d(c).defence_filed_on, parse_date,
                    width=14, note="提交答辩状和证据的日期"),
        ExcelColumn("extension_approved", "经准许延期举证", lambda c: d(c).extension_approved,
                    parse_bool, width=12, note="是/否（解释第三十四条）"),
        ExcelColumn("defence_due", "答辩期限届满日",
                    lambda c: getattr(_defence_deadline(c), "due", None), _ignored, width=14,
                    note=only),
        ExcelColumn("defence_status", "答辩期限状态",
                    lambda c: (x.get_status_display() if (x := _defence_deadline(c)) else ""),
                    _ignored, width=12, note=only),
        ExcelColumn("notified_on", "开庭通知日期", _per_hearing(lambda h: h.notified_on),
                    _multi(parse_date), width=14, note=many + "；留空则同开庭日期"),
        ExcelColumn("held_on", "开庭日期", _per_hearing(lambda h: h.held_on), _multi(parse_date),
                    width=14, note="每次开庭一行（单元格内换行）"),
        ExcelColumn("level", "审级", _per_hearing(lambda h: h.get_level_display()),
                    _multi(choice(Level.choices)), width=8, note=many + "；留空则第一次为一审、其后为二审"),
        ExcelColumn("summoned", "法院通知负责人出庭", _per_hearing(lambda h: h.summoned),
                    _multi(parse_bool), width=12, note=many + "；是/否"),
        ExcelColumn("head_present", "负责人是否出庭", _per_hearing(lambda h: h.head_present),
                    _multi(parse_bool), width=12, note=many + "；是/否"),
        ExcelColumn("head_name", "出庭负责人", _per_hearing(lambda h: h.head_name),
                    _multi(parse_text), width=12, note=many),
        ExcelColumn("head_post", "职务", _per_hearing(lambda h: h.head_post), _multi(parse_text),
                    width=12, note=many + "；出庭负责人的职务"),
        ExcelColumn("head_rank", "负责人类别", _per_hearing(lambda h: h.get_head_rank_display()),
                    _multi(choice(HeadRank.choices)), width=16,
                    note=many + "；正职负责人、副职负责人、参与分管的副职级别负责人、其他参与分管的负责人"),
        ExcelColumn("staff_name", "出庭工作人员", _per_hearing(lambda h: h.staff_name),
                    _multi(parse_text), width=12, note=many + "；负责人未出庭时出庭的相应工作人员"),
        ExcelColumn("staff_post", "工作人员职务", _per_hearing(lambda h: h.staff_post),
                    _multi(parse_text), width=12, note=many),
        ExcelColumn("absence_reason", "未出庭原因",
                    _per_hearing(lambda h: h.get_absence_reason_display()),
                    _multi(choice(AbsenceReason.choices)), width=16,
                    note=many + "；不可抗力、意外事件、需要履行他人不能代替的公务、其他正当理由、未说明正当理由"),
        ExcelColumn("absence_proof", "未出庭证明材料", _per_hearing(lambda h: h.absence_proof),
                    _multi(parse_text), width=24, note=many),
        ExcelColumn("lawyer_attended", "委托律师出庭", _per_hearing(lambda h: h.lawyer_attended),
                    _multi(parse_bool), width=10,
                    note=many + "；是/否。不得仅委托律师出庭（行诉法第三条第三款）"),
        ExcelColumn("pending_notified_on", "待开庭通知日期",
                    lambda c: getattr(_pending_notice(c), "occurred_on", None), parse_date,
                    width=14, note="已收到开庭通知、尚未开庭的：收到通知的日期"),
        ExcelColumn("pending_hearing_on", "待开庭日期",
                    lambda c: _pending_value(c, "hearing_on"), parse_date, width=14,
                    note="通知的开庭日期"),
        ExcelColumn("pending_level", "待开庭审级",
                    lambda c: d(c).get_level_display() if _pending_notice(c) else "",
                    choice(Level.choices), width=8, note="留空则上诉后为二审，否则为一审"),
        ExcelColumn("pending_summoned", "待开庭通知负责人出庭",
                    lambda c: _pending_value(c, "summoned"), parse_bool, width=12, note="是/否"),
        ExcelColumn("judgment_kind", "裁判文书", lambda c: d(c).get_judgment_kind_display(),
                    choice(JudgmentKind.choices), width=10, note="一审：判决、裁定或调解书"),
        ExcelColumn("outcome", "裁判结果", lambda c: d(c).get_outcome_display(),
                    choice(JUDGMENT_OUTCOMES), width=20, note="一审裁判结果"),
        ExcelColumn("judged_on", "裁判日期", lambda c: d(c).judged_on, parse_date, width=14,
                    note="一审裁判日期"),
        ExcelColumn("appealed", "是否上诉", lambda c: d(c).appealed, parse_bool, width=10),
        ExcelColumn("appealed_by", "上诉人", lambda c: d(c).get_appealed_by_display(),
                    choice(Appellant.choices), width=12),
        ExcelColumn("appealed_on", "上诉日期", lambda c: d(c).appealed_on, parse_date, width=14),
        ExcelColumn("appeal_judgment_kind", "二审裁判文书",
                    lambda c: d(c).get_appeal_judgment_kind_display(),
                    choice(JudgmentKind.choices), width=10),
        ExcelColumn("appeal_result", "上诉处理结果", lambda c: d(c).get_appeal_result_display(),
                    choice(AppealResult.choices), width=18,
                    note="驳回上诉，维持原裁判；改判；准许撤回上诉"),
        ExcelColumn("appeal_outcome", "二审改判结果", lambda c: d(c).get_appeal_outcome_display(),
                    choice(JUDGMENT_OUTCOMES), width=20),
        ExcelColumn("appeal_judged_on", "二审裁判日期", lambda c: d(c).appeal_judged_on,
                    parse_date, width=14),
        ExcelColumn("withdrawn_on", "撤诉日期",
                    lambda c: c.closed_on if c.state == "withdrawn" else None, parse_date,
                    width=14, note="人民法院裁定准许撤诉的日期"),
        ExcelColumn("withdrawn_after_change", "改变行为后撤诉",
                    lambda c: d(c).withdrawn_after_change, parse_bool, width=12,
                    note="是/否（行诉法第六十二条）"),
        ExcelColumn("closed_on", "结案日期", lambda c: c.closed_on if c.state == "closed" else None,
                    parse_date, width=14, note="裁判生效、结案的日期"),
        ExcelColumn("final_outcome", "生效裁判结果", lambda c: d(c).get_final_outcome_display(),
                    _ignored, width=20, note=only),
        ExcelColumn("lost", "是否败诉", lambda c: d(c).lost if d(c).final_outcome else "",
                    _ignored, width=10, note=only + "（按配置的败诉口径）"),
        ExcelColumn("state", "状态", lambda c: reg.state_label(c.state),
                    choice(reg.state_choices()), width=14,
                    note="可不填；填写的，须与按以上经过办理后的状态一致"),
    ]






def _hearing_rows(reg: LitigationRegister, values: Mapping[str, Any]) -> list[dict[str, Any]]:
    headers = {c.key: c.header for c in reg.excel_columns()}
    held = values.get("held_on") or []
    n = len(held)
    columns: dict[str, list[Any]] = {}
    for key in HEARING_KEYS:
        items = values.get(key) or []
        if all(v in (None, "") for v in items):
            items = [None] * n
        elif not n:
            raise ValidationError(f"填写了“{headers[key]}”，但没有“开庭日期”。")
        elif len(items) != n:
            raise ValidationError(f"“{headers[key]}”有{len(items)}行，与“开庭日期”的{n}行不一致"
                                  "（多次开庭的，每次一行，逐行对应）。")
        columns[key] = items
    rows = []
    for i, held_on in enumerate(held):
        if held_on is None:
            raise ValidationError(f"“开庭日期”第{i + 1}行为空。")
        row = {key: columns[key][i] for key in HEARING_KEYS}
        row["held_on"] = held_on
        row["level"] = row["level"] or (Level.FIRST if i == 0 else Level.SECOND)
        row["notified_on"] = row["notified_on"] or held_on
        rows.append(row)
    return rows


def _hearing_steps(h: Mapping[str, Any]) -> list[tuple[str, datetime.date | None, dict[str, Any]]]:
    if h["head_present"]:
        appearance = Appearance.HEAD
    elif h["staff_name"]:
        appearance = Appearance.STAFF
    elif h["lawyer_attended"]:
        appearance = Appearance.LAWYER_ONLY  # refused by the gate, with its reason
    else:
        appearance = Appearance.NONE
    hearing = {k: h[k] for k in ("head_name", "head_post", "head_rank", "staff_name",
                                 "staff_post", "absence_reason", "absence_proof",
                                 "lawyer_attended")}
    return [
        ("notice", h["notified_on"], {"hearing_on": h["held_on"], "level": h["level"],
                                      "summoned": h["summoned"]}),
        ("hearing", h["held_on"], {"appearance": appearance, **hearing}),
    ]


def _steps(reg: LitigationRegister, values: Mapping[str, Any]
           ) -> list[tuple[str, datetime.date | None, dict[str, Any]]]:
    """The row's history as events, in the order the procedure takes them."""
    v = values
    hearings = _hearing_rows(reg, v)
    first = [h for h in hearings if h["level"] == Level.FIRST]
    later = [h for h in hearings if h["level"] != Level.FIRST]
    steps: list[tuple[str, datetime.date | None, dict[str, Any]]] = []
    for h in first:
        steps += _hearing_steps(h)
    if v.get("judged_on"):
        steps.append(("judgment", v["judged_on"], {"judgment_kind": v.get("judgment_kind"),
                                                   "outcome": v.get("outcome")}))
    if v.get("appealed") or v.get("appealed_on"):
        if not v.get("appealed_on"):
            raise ValidationError("“是否上诉”为“是”的，须填写“上诉日期”。")
        steps.append(("appeal", v["appealed_on"], {"appealed_by": v.get("appealed_by")}))
    for h in later:
        steps += _hearing_steps(h)
    appeal = {"appeal_result": v.get("appeal_result"),
              "appeal_judgment_kind": v.get("appeal_judgment_kind"),
              "appeal_outcome": v.get("appeal_outcome")}
    if later and v.get("appeal_judged_on"):
        steps.append(("judgment", v["appeal_judged_on"], {
            "judgment_kind": appeal["appeal_judgment_kind"] or JudgmentKind.JUDGMENT,
            "outcome": appeal["appeal_outcome"], "appeal_result": appeal["appeal_result"]}))
    if v.get("pending_notified_on") or v.get("pending_hearing_on"):
        if not (v.get("pending_notified_on") and v.get("pending_hearing_on")):
            raise ValidationError("“待开庭通知日期”和“待开庭日期”须同时填写。")
        steps.append(("notice", v["pending_notified_on"], {
            "hearing_on": v["pending_hearing_on"], "level": v.get("pending_level"),
            "summoned": v.get("pending_summoned")}))
    if v.get("closed_on"):
        close: dict[str, Any] = {}
        if v.get("appealed_on") and not later:  # decided on the papers, or appeal withdrawn
            close = {**appeal, "appeal_judged_on": v.get("appeal_judged_on")}
        steps.append(("close", v["closed_on"], close))
    if v.get("withdrawn_on"):
        steps.append(("withdraw", v["withdrawn_on"],
                      {"after_change": v.get("withdrawn_after_change")}))
    defence_on = v.get("defence_filed_on")
    if defence_on:
        defence = {"extension_approved": v.get("extension_approved")}
        notices = [on for key, on, _ in steps if key == "notice" and on]
        if not notices or defence_on <= min(notices):
            steps.insert(0, ("defence", defence_on, defence))
        else:
            # Filed after the hearing notice: recorded as a late filing where its
            # date falls among the later steps.
            at = next((i for i, s in enumerate(steps) if i > 0 and s[1] and s[1] > defence_on),
                      len(steps))
            steps.insert(at, ("defence_late", defence_on, defence))
    return steps


def _import_row(reg: LitigationRegister, values: dict[str, Any], region: Region,
                actor: Actor) -> Case:
    steps = _steps(reg, values)  # before anything is saved: a bad row fails early
    case = replay_open(reg, region, actor, values.get("unit") or "", {k: values.get(k) for k in (
        "number", "started_on", "court_case_number", "court", "plaintiff", "cause", "act_sued",
        "after_reconsideration")})
    for key, on, fields in steps:
        case = replay_event(reg, case, actor, key, on, fields)
    check_state(reg, case, values.get("state"))
    return case


# ------------------------------------------------------------------------ demo
# (unit short name, [(案由, the act sued, whether 出庭规定 art. 4 makes the court
# summon the head: food/drug, ecology/resources, public health, high concern)])
DEMO_DEFENDANTS: list[tuple[str, list[tuple[str, str, bool]]]] = [
    ("县市场监管局", [("行政处罚", "行政处罚决定书（食品安全）", True),
                     ("行政处罚", "行政处罚决定书（价格违法）", False),
                     ("行政登记", "撤销公司登记决定", False)]),
    ("县自然资源和规划局", [("行政处罚", "行政处罚决定书（非法占用土地）", True),
                          ("不动产登记", "不动产登记行为", False),
                          ("行政强制", "责令退还非法占用土地决定", True)]),
    ("县综合执法局", [("行政强制", "限期拆除违法建设决定书", True),
                     ("行政处罚", "行政处罚决定书（占道经营）", False)]),
    ("县人力资源社会保障局", [("工伤认定", "不予认定工伤决定书", False),
                            ("劳动保障监察", "劳动保障监察处理决定书", False)]),
    ("县公安局", [("治安管理处罚", "行政处罚决定书（治安管理）", False),
                 ("道路交通管理", "道路交通安全违法行为处罚决定", False)]),
    ("县住房城乡建设局", [("房屋征收补偿", "房屋征收补偿决定", True)]),
    ("县政府办公室", [("政府信息公开", "政府信息公开申请答复书", False)]),
]
TOWN_CAUSES = [("行政强制", "强制拆除房屋行为", True), ("不履行法定职责", "未依申请履行查处职责", False)]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ["建国", "志强", "海涛", "红梅", "立新", "振华", "秀英", "文博", "玉兰", "光明", "晓东",
         "春燕", "德胜", "永刚", "丽娜", "伟", "静", "磊", "敏", "军", "学文", "庆华"]
COMPANY_TRADES = ["商贸", "建材", "食品", "养殖", "物流", "置业", "农业科技", "机械"]
# A realistic spread: most suits are dismissed on the merits, withdrawn or thrown out.
OUTCOME_WEIGHTS = {
    Outcome.REJECT_CLAIM: 40, Outcome.DISMISS_SUIT: 12, Outcome.WITHDRAWN: 14, Outcome.REVOKE: 8,
    Outcome.PARTLY_REVOKE: 2, Outcome.CONFIRM_ILLEGAL: 6, Outcome.CONFIRM_VOID: 1,
    Outcome.PERFORM: 4, Outcome.PAY: 1, Outcome.ALTER: 1, Outcome.COMPENSATE: 2,
    Outcome.MEDIATION: 2, Outcome.OTHER: 1,
}
APPEAL_MODES = ("upheld", "amended", "paper", "appeal_withdrawn")


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _posts(unit: Unit) -> tuple[str, str, str]:
    """(principal, deputy, staff) posts for the kind of unit."""
    if unit.kind == Unit.Kind.TOWN:
        return "镇长", "副镇长", "综合行政执法办公室主任"
    if unit.kind in (Unit.Kind.STREET, Unit.Kind.GOV_OFFICE):
        return "主任", "副主任", "法制工作负责人"
    return "局长", "副局长", "法制股股长"


def _demo_hearing(rng: random.Random, unit: Unit, people: dict[str, str], summoned: bool,
                  level: str) -> dict[str, Any]:
    principal, deputy, staff = _posts(unit)
    lawyer = rng.random() < 0.6
    roll = rng.random()
    head_rate = 0.95 if summoned else (0.85 if level == Level.FIRST else 0.7)
    if roll < head_rate:
        if rng.random() < (0.5 if summoned else 0.3):
            return {"appearance": Appearance.HEAD, "head_name": people["principal"],
                    "head_post": principal, "head_rank": HeadRank.PRINCIPAL,
                    "lawyer_attended": lawyer}
        return {"appearance": Appearance.HEAD, "head_name": people["deputy"],
                "head_post": f"党组成员、{deputy}" if rng.random() < 0.3 else deputy,
                "head_rank": HeadRank.DEPUTY, "lawyer_attended": lawyer}
    reason, proof = rng.choice([
        (AbsenceReason.DUTY, "加盖公章的情况说明（附县政府常务会议通知）"),
        (AbsenceReason.DUTY, "加盖公章的情况说明（参加上级督导检查）"),
        (AbsenceReason.OTHER, "加盖公章的情况说明（因病住院，附诊断证明）"),
    ])
    return {"appearance": Appearance.STAFF, "staff_name": people["staff"], "staff_post": staff,
            "absence_reason": reason, "absence_proof": proof, "lawyer_attended": True}


def _demo_steps(rng: random.Random, plan: dict[str, Any], people: dict[str, str]
                ) -> list[tuple[str, datetime.date, dict[str, Any]]]:
    """A case's history from receipt to its end (the loader stops at today)."""
    day = datetime.timedelta(days=1)
    unit, outcome, summoned = plan["unit"], plan["outcome"], plan["summoned"]
    received = plan["received"]
    steps: list[tuple[str, datetime.date, dict[str, Any]]] = []
    # 行诉法 art. 67: most units answer within the 15 days; a few are late.
    defence_on = received + day * (rng.randint(17, 24) if plan["late"] else rng.randint(5, 14))
    steps.append(("defence", defence_on, {}))
    if outcome == Outcome.WITHDRAWN and rng.random() < 0.5:
        steps.append(("withdraw", defence_on + day * rng.randint(5, 20),
                      {"after_change": rng.random() < 0.5}))
        return steps
    notice_on = defence_on + day * rng.randint(10, 30)
    hearing_on = notice_on + day * rng.randint(7, 21)
    steps.append(("notice", notice_on, {"hearing_on": hearing_on, "summoned": summoned}))
    steps.append(("hearing", hearing_on, _demo_hearing(rng, unit, people, summoned, Level.FIRST)))
    if outcome == Outcome.WITHDRAWN:
        steps.append(("withdraw", hearing_on + day * rng.randint(7, 30),
                      {"after_change": rng.random() < 0.5}))
        return steps
    kind = {Outcome.DISMISS_SUIT: JudgmentKind.RULING, Outcome.OTHER: JudgmentKind.RULING,
            Outcome.MEDIATION: JudgmentKind.MEDIATION}.get(outcome, JudgmentKind.JUDGMENT)
    judged_on = hearing_on + day * rng.randint(14, 45)
    steps.append(("judgment", judged_on, {"judgment_kind": kind, "outcome": outcome}))
    mode = plan["appeal"]
    if not mode:
        steps.append(("close", judged_on + day * rng.randint(16, 25), {}))
        return steps
    lost = outcome in lost_outcomes()
    appeal_on = judged_on + day * rng.randint(5, 12)
    steps.append(("appeal", appeal_on,
                  {"appealed_by": Appellant.DEFENDANT if lost else Appellant.PLAINTIFF}))
    amended_to = Outcome.REJECT_CLAIM if lost else Outcome.REVOKE
    if mode in ("upheld", "amended"):
        notice2 = appeal_on + day * rng.randint(30, 60)
        hearing2 = notice2 + day * rng.randint(7, 20)
        judged2 = hearing2 + day * rng.randint(14, 40)
        steps.append(("notice", notice2, {"hearing_on": hearing2, "summoned": summoned}))
        steps.append(("hearing", hearing2, _demo_hearing(rng, unit, people, summoned, Level.SECOND)))
        result = AppealResult.AMENDED if mode == "amended" else AppealResult.UPHELD
        steps.append(("judgment", judged2, {
            "judgment_kind": JudgmentKind.JUDGMENT, "appeal_result": result,
            "outcome": amended_to if result == AppealResult.AMENDED else ""}))
        steps.append(("close", judged2 + day * rng.randint(7, 15), {}))
    else:
        # 二审 decided on the papers (行诉法 art. 86), or the appeal withdrawn.
        decided = appeal_on + day * rng.randint(40, 90)
        result = AppealResult.UPHELD if mode == "paper" else AppealResult.WITHDRAWN
        steps.append(("close", decided + day * rng.randint(5, 12), {
            "appeal_result": result, "appeal_judged_on": decided,
            "appeal_judgment_kind": (JudgmentKind.JUDGMENT if mode == "paper"
                                     else JudgmentKind.RULING)}))
    return steps


def load_demo(region: Region, units: dict[str, Unit], actor: Actor, today: datetime.date,
              rng: random.Random) -> int:
    """Demo cases of the previous calendar year and this year to date, replayed
    through the same forms and actions as the web pages. Returns how many."""
    from .base import get_register

    reg: LitigationRegister = get_register(KEY)  # type: ignore[assignment]
    defendants = [(units[name], causes) for name, causes in DEMO_DEFENDANTS if name in units]
    defendants += [(u, TOWN_CAUSES) for name, u in units.items()
                   if name.endswith(("镇", "街道"))][:4]
    if not defendants:
        return 0
    people = {u.pk: {"principal": _person(rng), "deputy": _person(rng), "staff": _person(rng)}
              for u, _ in defendants}
    last_year = datetime.date(today.year - 1, 1, 1)
    this_year = datetime.date(today.year, 1, 1)
    # Every outcome type once, in cases received early enough to have ended,
    # then a weighted spread; a few appeals of each kind.
    outcomes = list(Outcome.values)
    outcomes += rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()), k=12)
    plans = []
    appeals = list(APPEAL_MODES)
    for i, outcome in enumerate(outcomes):
        early = i < len(Outcome.values)
        received = last_year + datetime.timedelta(days=rng.randint(0, 200 if early else 330))
        appeal = ""
        if (outcome not in (Outcome.WITHDRAWN, Outcome.MEDIATION) and received.month <= 6
                and (appeals and early or rng.random() < 0.15)):
            appeal = appeals.pop(0) if appeals else rng.choice(("upheld", "upheld", "paper"))
        plans.append({"received": received, "outcome": outcome, "appeal": appeal})
    elapsed = (today - this_year).days
    for _ in range(max(2, round(len(outcomes) * elapsed / 365))):
        outcome = rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]
        plans.append({"received": this_year + datetime.timedelta(days=rng.randint(0, max(0, elapsed))),
                      "outcome": outcome, "appeal": "upheld" if rng.random() < 0.1 else ""})
    plans.sort(key=lambda p: p["received"])
    code = (region.code or "371522")[2:6]
    serial: dict[int, int] = {}
    count = 0
    for plan in plans:
        received = plan["received"]
        if received > today:
            continue
        unit, causes = rng.choice(defendants)
        cause, act, summoned = rng.choice(causes)
        plan.update(unit=unit, summoned=summoned, late=rng.random() < 0.12)
        year = received.year
        serial[year] = serial.get(year, rng.randint(8, 30)) + rng.randint(1, 6)
        acted = received - datetime.timedelta(days=rng.randint(30, 150))
        if rng.random() < 0.6:
            plaintiff = f"{rng.choice(SURNAMES)}某{'某' if rng.random() < 0.5 else ''}"
        else:
            plaintiff = f"{region.name}某{rng.choice(COMPANY_TRADES)}有限公司"
        data = {"unit": unit, "started_on": received, "plaintiff": plaintiff, "cause": cause,
                "court_case_number": f"（{year}）鲁{code}行初{serial[year]}号",
                "court": f"{region.name}人民法院",
                "act_sued": f"{acted.year}年{acted.month}月{acted.day}日作出的{act}",
                "after_reconsideration": rng.random() < 0.2}
        case: Case = OpenCase(actor, reg, region=region, unit=unit, data=data,
                              is_demo=True).execute()  # type: ignore[assignment]
        for key, on, fields in _demo_steps(rng, plan, people[unit.pk]):
            if on > today:
                break
            case = replay_event(reg, case, actor, key, on, fields)
        count += 1
    return count
