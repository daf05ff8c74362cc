"""法治督察与整改登记簿的表单：登记督察发现的问题（所属督察从本县的督察中选）、登记督察。
其余办理经过的表单由明细字段声明生成（``EventType.fields``）。"""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.forms import DateInput, StyledForm
from fazhi.org.models import Unit

from ..details.rectification import Inspection, InspectionKind
from ..suggestion.forms import LiveChoiceIterator


class CountyInspectionField(forms.ModelChoiceField):
    """The inspections of the county of the form's 承办单位 list, read when
    rendered or cleaned (CaseOpenBase sets that list after this form is built)."""

    unit_field: forms.ModelChoiceField | None = None
    iterator = LiveChoiceIterator

    def _county_inspections(self) -> Any:
        if self.unit_field is None:
            return Inspection.objects.none()
        return Inspection.objects.filter(region__in=self.unit_field.queryset.values("region"))

    queryset = property(_county_inspections, forms.ModelChoiceField._set_queryset)


class RectificationOpenForm(forms.Form):
    """登记督察发现的问题；责任单位（承办单位）、编号、发现日期和附件由 CaseOpenBase 提供。"""

    title = forms.CharField(label="问题摘要", max_length=300,
                            help_text="如：行政处罚案卷未载明法制审核意见")
    inspection = CountyInspectionField(label="所属督察", queryset=Inspection.objects.none(),
                                       empty_label="请选择", required=False,
                                       help_text="先在“督察”中登记督察，再登记其发现的问题")
    problem = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}))
    typical_case = forms.BooleanField(label="通报典型案例", required=False)
    rectify_by = forms.DateField(label="整改期限", widget=DateInput(),
                                 help_text="督察组在整改通知中确定的整改到位日期")

    field_order = ["unit", "number", "started_on", "inspection", "title", "problem",
                   "typical_case", "rectify_by", "files"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["inspection"]
        if isinstance(field, CountyInspectionField):
            field.unit_field = self.fields.get("unit")  # type: ignore[assignment]
        unit = self.fields.get("unit")
        if unit is not None:
            unit.label = "责任单位"
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "发现（交办）日期"
            started.help_text = "督察组反馈问题、下达整改通知的日期"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, due = data.get("started_on"), data.get("rectify_by")
        if start and due and due < start:
            self.add_error("rectify_by", "整改期限不能早于发现问题的日期。")
        return data


class InspectionForm(StyledForm):
    title = forms.CharField(label="督察名称", max_length=200, help_text="如：2026年度行政执法专项督察")
    kind = forms.ChoiceField(label="督察类型", choices=InspectionKind.choices)
    inspector = forms.CharField(label="督察组织单位", max_length=200,
                                help_text="如：县委依法治县办、聊城市委依法治市办督察组")
    started_on = forms.DateField(label="督察开始日期", widget=DateInput())
    ended_on = forms.DateField(label="督察结束日期", widget=DateInput(), required=False)
    units = forms.ModelMultipleChoiceField(label="被督察单位", queryset=Unit.objects.none(),
                                           widget=forms.SelectMultiple(attrs={"size": 8}))
    note = forms.CharField(label="督察情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["units"].queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "结束日期不能早于开始日期。")
        return data
