"""行政执法案件登记簿的表单：立案登记和作出决定（金额、清单事项）。其他办理经过的
表单由明细字段声明生成（``EventType.fields``）。"""

from __future__ import annotations

from decimal import Decimal

from django import forms

from fazhi.core.forms import DateInput

from ..details.enforcement_case import (
    EnforcementKind,
    MajorReason,
    PartyType,
    Procedure,
    Sector,
)


class EnforcementCaseOpenForm(forms.Form):
    """立案登记；执法主体（承办单位）、编号、立案日期和附件由 CaseOpenBase 提供。"""

    title = forms.CharField(label="案由", max_length=300,
                            help_text="如：某某超市销售过期食品案、某某公司建设项目环评审批")
    kind = forms.ChoiceField(label="执法类别", choices=EnforcementKind.choices)
    sector = forms.ChoiceField(label="适用期限规定", choices=Sector.choices, initial=Sector.GENERAL,
                               required=False,
                               help_text="行业规定另有期限的（如市场监管处罚信息公示），选该行业")
    party_type = forms.ChoiceField(label="当事人类型", choices=PartyType.choices)
    party_name = forms.CharField(label="当事人", max_length=200)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    procedure = forms.ChoiceField(label="程序", choices=Procedure.choices, initial=Procedure.ORDINARY,
                                  required=False)
    act_ended_on = forms.DateField(label="违法行为发生（终了）日期", required=False, widget=DateInput(),
                                   help_text="有连续或者继续状态的，填行为终了之日（行政处罚法第三十六条第二款）")
    discovered_on = forms.DateField(label="发现违法行为日期", required=False, widget=DateInput(),
                                    help_text="留空则以立案日期为发现之日")
    safety_related = forms.BooleanField(label="涉及生命健康安全、金融安全且有危害后果", required=False)
    powers_published = forms.BooleanField(label="执法主体、职权和依据已事前公示", required=False,
                                          initial=True)
    is_major = forms.BooleanField(label="重大执法决定（须法制审核）", required=False)
    major_reason = forms.ChoiceField(label="需法制审核的情形", required=False,
                                     choices=[("", "请选择"), *MajorReason.choices])

    field_order = ["unit", "number", "started_on", "title", "kind", "sector", "party_type",
                   "party_name", "credit_code", "procedure", "act_ended_on", "discovered_on",
                   "safety_related", "powers_published", "is_major", "major_reason", "files"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        unit = self.fields.get("unit")
        if unit is not None:
            unit.label = "执法主体"
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "立案日期"
            started.help_text = "行政处罚案件自立案之日起九十日内作出决定（行政处罚法第六十条）"


class DecisionForm(forms.Form):
    """The decision's amounts and the cited list item; the amounts are kept as
    text in the event record (JSON) and as decimals on the detail."""

    fine_amount = forms.DecimalField(label="罚款金额（元）", required=False, min_value=Decimal("0"),
                                     max_digits=14, decimal_places=2)
    amount_involved = forms.DecimalField(label="涉案金额（元）", required=False,
                                         min_value=Decimal("0"), max_digits=14, decimal_places=2)
    leniency_ref = forms.CharField(label="适用的不罚轻罚清单事项", required=False, max_length=120,
                                   help_text="按公布的清单填写，如：市场监管第3项；未适用清单的，选择法定依据")

    def clean_fine_amount(self) -> str:
        value = self.cleaned_data.get("fine_amount")
        return "" if value is None else str(value)

    def clean_amount_involved(self) -> str:
        value = self.cleaned_data.get("amount_involved")
        return "" if value is None else str(value)
