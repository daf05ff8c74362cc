"""disclosure: forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fazhi.core.forms import DateInput, DependentSelect

from ..base import (
    with_blank,
)
from ..details.disclosure import (
    REASONS_BY_TYPE,
    ApplicantType,
    Channel,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    FormWanted,
    ReplyReason,
    ReplyType,
    ReviewOutcome,
)
from ..forms import DatedEventForm


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
                                    choices=with_blank(FormWanted.choices))

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
    delivery = forms.ChoiceField(label="送达方式", choices=Delivery.choices, initial=Delivery.IN_PERSON,
                                 required=False)
    received_on = forms.DateField(
        label="对方收到征求意见书日期", required=False, widget=DateInput(),
        help_text="对方提出意见的15个工作日自收到征求意见书之日起计算（第三十二条、第三十四条）；"
                  "直接送达、电子方式留空即为发出当日；邮寄的，收到回执后填写或在登记回复时填写")

    field_order = ["occurred_on", "kind", "party", "delivery", "received_on", "note", "files"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        on, received = data.get("occurred_on"), data.get("received_on")
        if on and received and received < on:
            self.add_error("received_on", "收到日期不能早于发出日期。")
        return data


class AnswerForm(DatedEventForm):
    date_label = "收到意见日期"
    party = forms.CharField(label="征求意见对象", max_length=200, required=False,
                            help_text="只有一项征求意见未回复的可不填")
    answer = forms.ChoiceField(
        label="意见", choices=ConsultationAnswer.choices,
        help_text="第三方逾期未提出意见的，由本机关依法决定是否公开（第三十二条）；"
                  "其他机关逾期未提出意见的视为同意公开（第三十四条）")
    received_on = forms.DateField(
        label="对方收到征求意见书日期", required=False, widget=DateInput(),
        help_text="邮寄送达、发出时尚未登记收到日期的，在此填写（第三十二条、第三十四条）")

    field_order = ["occurred_on", "party", "answer", "received_on", "note", "files"]


class ExtendForm(DatedEventForm):
    date_label = "延长日期"
    # Not required here: the procedure's gates refuse with the article (art. 33).
    approver = forms.CharField(label="同意延长的负责人", max_length=100, required=False,
                               help_text="政府信息公开工作机构负责人（第三十三条第二款）")
    notified_on = forms.DateField(label="告知申请人日期", required=False, widget=DateInput(),
                                  help_text="延长答复期限应当告知申请人（第三十三条第二款）")
    extension_days = forms.IntegerField(
        label="同意延长的工作日数", required=False, min_value=1, max_value=20, initial=20,
        help_text="延长的期限最长不得超过20个工作日（第三十三条第二款）；留空为20个工作日")

    field_order = ["occurred_on", "approver", "extension_days", "notified_on", "note", "files"]


def reply_reasons_by_type() -> dict[str, tuple[str, ...]]:
    """The 具体情形 each 答复类型 offers: 部分公开 the withheld part's reasons;
    逾期不补正 is not a reply (视为放弃申请)."""
    groups = {kind: tuple(r for r in reasons if r != ReplyReason.OVERDUE_CORRECTION)
              for kind, reasons in REASONS_BY_TYPE.items()}
    groups[ReplyType.PARTIAL] = groups[ReplyType.WITHHELD]
    return groups


class ReplyForm(DatedEventForm):
    date_label = "答复日期"
    reply_type = forms.ChoiceField(label="答复类型", choices=ReplyType.choices)
    reply_reason = forms.ChoiceField(
        label="具体情形", required=False, choices=with_blank(ReplyReason.choices),
        widget=DependentSelect("reply_type", reply_reasons_by_type()),
        help_text="不予公开的理由；无法提供、不予处理、其他处理的具体情形（年度报告分项统计）")
    reply_number = forms.CharField(label="答复书文号", max_length=100, required=False)
    fee_amount = forms.DecimalField(label="信息处理费（元）", required=False, min_value=0,
                                    max_digits=10, decimal_places=2,
                                    help_text="一般不收费（第四十二条）")

    field_order = ["occurred_on", "reply_type", "reply_reason", "reply_number", "fee_amount",
                   "note", "files"]

    def clean(self) -> dict:
        # The pair as the 30号 table has it (the handler checks it again).
        from .procedure import check_reply  # the procedure imports these forms

        data = super().clean()
        if "reply_type" in data:
            try:
                check_reply(data["reply_type"], data.get("reply_reason") or "")
            except ValidationError as exc:
                self.add_error("reply_reason", exc.messages[0])
        return data

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


