"""litigation: forms."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.forms import DateInput

from ..base import (
    with_blank,
)
from ..details.litigation import (
    AbsenceReason,
    AppealDecision,
    AppealResult,
    Appearance,
    Appellant,
    HeadRank,
    JudgmentKind,
    Level,
    Outcome,
)
from ..forms import DatedEventForm


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
                              choices=with_blank(Level.choices, "自动（上诉后为二审，否则为一审）"))
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
                                  choices=with_blank(HeadRank.choices),
                                  help_text="出庭规定第二条")
    staff_name = forms.CharField(label="出庭工作人员", max_length=50, required=False,
                                 help_text="负责人不能出庭时委托的本机关相应工作人员")
    staff_post = forms.CharField(label="工作人员职务", max_length=100, required=False)
    absence_reason = forms.ChoiceField(label="负责人未出庭原因", required=False,
                                       choices=with_blank(AbsenceReason.choices),
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


# 发回重审 has its own event (行诉法 art. 89), not a result of the judgment form.
APPEAL_RESULTS = [(v, lbl) for v, lbl in AppealResult.choices if v != AppealResult.REMANDED]

# Outcomes recorded by a judgment; 准予撤诉 has its own event.
JUDGMENT_OUTCOMES = [(v, lbl) for v, lbl in Outcome.choices if v != Outcome.WITHDRAWN]


class JudgmentForm(DatedEventForm):
    date_label = "裁判日期"
    judgment_kind = forms.ChoiceField(label="裁判文书", choices=JudgmentKind.choices)
    outcome = forms.ChoiceField(label="裁判结果", required=False, choices=with_blank(JUDGMENT_OUTCOMES),
                                help_text="二审维持原裁判或准许撤回上诉的，可不填")
    served_on = forms.DateField(
        label="裁判文书送达日期", required=False, widget=DateInput(),
        help_text="上诉期限自判决书送达之日起十五日、裁定书送达之日起十日（行诉法第八十五条）；留空为裁判日期")
    appeal_result = forms.ChoiceField(label="上诉处理结果（二审、再审填写）", required=False,
                                      choices=with_blank(APPEAL_RESULTS, "—（一审不填）"))

    field_order = ["occurred_on", "judgment_kind", "outcome", "served_on", "appeal_result", "note",
                   "files"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        served, on = data.get("served_on"), data.get("occurred_on")
        if served and on and served < on:
            self.add_error("served_on", "送达日期不能早于裁判日期。")
        result = data.get("appeal_result")
        if not data.get("outcome") and result not in (AppealResult.UPHELD, AppealResult.WITHDRAWN):
            self.add_error("outcome", "请选择裁判结果。")
        return data


class AppealForm(DatedEventForm):
    date_label = "上诉日期"
    appealed_by = forms.ChoiceField(label="上诉人", choices=Appellant.choices)

    field_order = ["occurred_on", "appealed_by", "note", "files"]


class AppealDecisionForm(DatedEventForm):
    date_label = "决定日期"
    decision = forms.ChoiceField(label="本机关的决定", choices=AppealDecision.choices)
    approver = forms.CharField(label="批准人", max_length=100, required=False,
                               help_text="决定上诉或不上诉的本机关负责人")

    field_order = ["occurred_on", "decision", "approver", "note", "files"]


class RemandForm(DatedEventForm):
    date_label = "发回重审裁定日期"


class SuggestionForm(DatedEventForm):
    date_label = "收到司法建议日期"
    content = forms.CharField(label="司法建议内容", max_length=300,
                              help_text="人民法院向监察机关、上一级行政机关提出的司法建议（出庭规定第十二条）")

    field_order = ["occurred_on", "content", "note", "files"]


class CloseForm(DatedEventForm):
    date_label = "结案（裁判生效）日期"
    appeal_result = forms.ChoiceField(
        label="上诉处理结果", required=False, choices=with_blank(APPEAL_RESULTS),
        help_text="仅在上诉后未开庭审理即作出裁判、或准许撤回上诉时填写")
    appeal_judgment_kind = forms.ChoiceField(label="二审裁判文书", required=False,
                                             choices=with_blank(JudgmentKind.choices))
    appeal_outcome = forms.ChoiceField(label="改判结果", required=False,
                                       choices=with_blank(JUDGMENT_OUTCOMES))
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


