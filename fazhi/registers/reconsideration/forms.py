"""行政复议登记簿的表单：登记申请和各项办理经过。"""

from __future__ import annotations

from django import forms

from fazhi.core.forms import DateInput

from ..details.reconsideration import (
    MERITS_TYPES,
    ActKind,
    ApplicantType,
    Channel,
    DecisionType,
    Delivery,
    Procedure,
    SimpleGround,
)


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
    simple_ground = forms.ChoiceField(
        label="适用简易程序的情形", required=False, choices=[("", "—"), *SimpleGround.choices],
        help_text="第五十三条第一款所列情形；不属于的，须当事人各方同意")
    amount_involved = forms.DecimalField(label="涉及款额（元）", required=False, min_value=0,
                                         max_digits=14, decimal_places=2,
                                         help_text="如罚款数额（第五十三条第一款第三项：三千元以下）")
    parties_consent = forms.BooleanField(
        label="当事人各方同意适用简易程序", required=False,
        help_text="第五十三条第一款以外的案件，须当事人各方同意才能适用简易程序（第五十三条第二款）")
    needs_correction = forms.BooleanField(
        label="申请材料不齐全或者表述不清楚，需要通知补正", required=False,
        help_text="勾选后同时计算“通知补正”期限：自收到申请之日起5个工作日（第三十一条）")

    def clean_amount_involved(self) -> str | None:
        # As text: the opening event's data is stored as JSON.
        value = self.cleaned_data.get("amount_involved")
        return None if value is None else str(value)


class RequestCorrectionForm(forms.Form):
    items = forms.CharField(label="补正事项", widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="一次性载明需要补正的事项（第三十一条）")
    delivery = forms.ChoiceField(label="送达方式", choices=Delivery.choices, initial=Delivery.IN_PERSON)
    notice_received_on = forms.DateField(
        label="申请人收到补正通知日期", required=False, widget=DateInput(),
        help_text="补正期限自申请人收到补正通知之日起10个工作日（第三十一条第二款、第八十八条）；"
                  "直接送达的留空即为通知当日；邮寄等尚未收到的，收到后登记“申请人收到补正通知”")
    correction_due = forms.DateField(
        label="补正期限届满日", required=False, widget=DateInput(),
        help_text="留空则按申请人收到通知之日起10个工作日计算；有正当理由延长合理的补正期限的，填写延长后的日期")



class NoticeReceivedForm(forms.Form):
    delivery = forms.ChoiceField(label="送达方式", required=False,
                                 choices=[("", "按补正通知登记的方式"), *Delivery.choices])


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
    extension_days = forms.IntegerField(
        label="批准延长的日数", required=False, min_value=1, max_value=30, initial=30,
        help_text="适当延长，最多不得超过30日（第六十二条第一款）；留空为30日")
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


