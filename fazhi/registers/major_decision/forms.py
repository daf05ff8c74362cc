"""重大行政决策登记簿的表单：登记决策事项（开启决策程序）和目录的表单。各项办理经过的
表单由明细字段声明生成（``EventType.fields``）。"""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.forms import DateInput, StyledForm

from ..details.major_decision import DecisionKind


class CatalogueYearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "列入目录年度")
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 2019)  # the 条例 applies from 2019-09-01
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("help_text", "列入本县该年度重大行政决策事项目录的，填目录年度；"
                                       "未列入目录的留空并写明理由（调整目录）")
        super().__init__(**kwargs)


class MajorDecisionOpenForm(forms.Form):
    """登记决策事项；承办单位（条例第十一条）、编号、启动日期和附件由 CaseOpenBase 提供。"""

    title = forms.CharField(label="决策事项名称", max_length=300,
                            help_text="如：莘县城区停车设施建设规划（2026—2030年）")
    decision_kind = forms.ChoiceField(label="决策事项类别", choices=DecisionKind.choices)
    catalogue_year = CatalogueYearField()
    outside_catalogue_reason = forms.CharField(label="未列入目录（调整目录）的理由", required=False,
                                               widget=forms.Textarea(attrs={"rows": 2}))
    co_units = forms.CharField(label="协办单位", max_length=300, required=False)
    participation_required = forms.BooleanField(label="需要公众参与", required=False, initial=True)
    participation_reason = forms.CharField(
        label="公众参与是否需要的理由", max_length=300, required=False,
        help_text="不需要的须写明理由（如：依法不予公开的决策事项，条例第十四条第一款）")
    expert_required = forms.BooleanField(label="需要专家论证", required=False,
                                         help_text="专业性、技术性较强的决策事项（条例第十九条）")
    expert_reason = forms.CharField(label="专家论证是否需要的理由", max_length=300, required=False)
    risk_required = forms.BooleanField(
        label="需要风险评估", required=False,
        help_text="实施可能对社会稳定、公共安全等方面造成不利影响的（条例第二十二条）")
    risk_reason = forms.CharField(label="风险评估是否需要的理由", max_length=300, required=False)
    party_report_required = forms.BooleanField(label="须向同级党委请示报告", required=False,
                                               initial=True, help_text="条例第三十一条")
    not_disclosed = forms.BooleanField(label="依法不予公开", required=False,
                                       help_text="依法不予公开的决策事项不公布（条例第三十二条）")

    field_order = ["unit", "number", "started_on", "title", "decision_kind", "catalogue_year",
                   "outside_catalogue_reason", "co_units", "participation_required",
                   "participation_reason", "expert_required", "expert_reason", "risk_required",
                   "risk_reason", "party_report_required", "not_disclosed", "files"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields.get("unit")
        if unit is not None:
            unit.label = "决策承办单位"
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "决定启动决策程序日期"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("catalogue_year") and not str(data.get("outside_catalogue_reason") or "").strip():
            self.add_error("outside_catalogue_reason",
                           "未列入年度决策事项目录的，须写明理由（调整目录）。")
        for flag, reason, label in (("participation_required", "participation_reason", "公众参与"),
                                    ("expert_required", "expert_reason", "专家论证"),
                                    ("risk_required", "risk_reason", "风险评估")):
            if flag in data and not data.get(flag) and not str(data.get(reason) or "").strip():
                self.add_error(reason, f"不需要{label}的，须写明理由。")
        return data


class AdjustCatalogueForm(forms.Form):
    """调整目录：把决策事项列入某年度目录，或者记录不列入的理由。"""

    catalogue_year = CatalogueYearField()


class CatalogueForm(StyledForm):
    year = forms.IntegerField(label="目录年度", min_value=2019, max_value=2100)
    title = forms.CharField(label="目录名称", max_length=200,
                            help_text="如：莘县人民政府2026年度重大行政决策事项目录")
    document_number = forms.CharField(label="文号", max_length=100, required=False)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.ModelChoiceField(label="编制单位", queryset=units,
                                                    empty_label="请选择")
        self.fields["unit"].widget.attrs["class"] = "form-select"
        self.order_fields(["year", "title", "unit", "document_number"])


class CatalogueApproveForm(StyledForm):
    approved_on = forms.DateField(label="同级党委同意日期", widget=DateInput())
    approval_note = forms.CharField(label="党委同意情况", max_length=300,
                                    help_text="如：经县委常委会会议研究同意")


class CataloguePublishForm(StyledForm):
    published_on = forms.DateField(label="向社会公布日期", widget=DateInput())
    published_where = forms.CharField(label="公布途径", max_length=200,
                                      help_text="如：县政府门户网站")
    document_number = forms.CharField(label="文号", max_length=100, required=False)

