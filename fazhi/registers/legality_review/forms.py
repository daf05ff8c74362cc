"""合法性审查登记簿的表单：登记送审。各项办理经过的表单由明细字段声明生成
（``EventType.fields``）。"""

from __future__ import annotations

from django import forms

from ..details.legality_review import MatterKind, ReviewerKind


class LegalityReviewOpenForm(forms.Form):
    """登记送审；送审单位（承办单位）、编号、收到日期和附件由 CaseOpenBase 提供。"""

    title = forms.CharField(label="送审事项名称", max_length=300,
                            help_text="如：《莘县城区停车管理办法（送审稿）》、某某镇土地流转合同")
    matter_kind = forms.ChoiceField(label="审查事项类别", choices=MatterKind.choices)
    reviewer_kind = forms.ChoiceField(label="审查机构", choices=ReviewerKind.choices)
    reviewer_name = forms.CharField(label="审查人员或机构名称", max_length=200, required=False)

    field_order = ["unit", "number", "started_on", "title", "matter_kind", "reviewer_kind",
                   "reviewer_name", "files"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        unit = self.fields.get("unit")
        if unit is not None:
            unit.label = "送审单位"
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "收到送审材料日期"
            started.help_text = "审查期限自次日起按工作日计算"
