"""人大代表建议和政协提案登记簿的表单：登记交办、协办单位送达意见。其余办理经过的
表单由明细字段声明生成（``EventType.fields``）。"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator

from fazhi.org.models import Unit

from ..details.suggestion import Source


class LiveChoiceIterator(ModelChoiceIterator):
    """Reads the field's queryset when iterated, not when built: the widget's
    choices are made when the form is, before CaseOpenBase sets the units."""

    def __iter__(self):  # noqa: ANN204
        self.queryset = self.field.queryset
        return super().__iter__()

    def __len__(self) -> int:
        self.queryset = self.field.queryset
        return super().__len__()

    def __bool__(self) -> bool:
        self.queryset = self.field.queryset
        return super().__bool__()


class CountyUnitsField(forms.ModelMultipleChoiceField):
    """Units of the county of the form's 承办单位 list, read when rendered or
    cleaned: CaseOpenBase sets that list after the register's form is built."""

    unit_field: forms.ModelChoiceField | None = None
    iterator = LiveChoiceIterator

    def _county_units(self) -> Any:
        if self.unit_field is None:
            return Unit.objects.none()
        return Unit.objects.filter(region__in=self.unit_field.queryset.values("region")
                                   ).order_by("kind", "name")

    queryset = property(_county_units, forms.ModelMultipleChoiceField._set_queryset)


class SuggestionOpenForm(forms.Form):
    """登记交办；主办单位（承办单位）、编号、交办日期和附件由 CaseOpenBase 提供。"""

    title = forms.CharField(label="建议（提案）标题", max_length=300,
                            help_text="如：关于加强农村道路交通安全管理的建议")
    source = forms.ChoiceField(label="来源", choices=Source.choices)
    proposers = forms.CharField(label="提出人", max_length=300,
                                help_text="代表（委员）姓名，多人联名的用顿号分隔")
    session = forms.CharField(label="届次会议", max_length=100, required=False,
                              help_text="如：县十九届人大三次会议")
    assigned_by = forms.CharField(label="交办机关", max_length=100, required=False,
                                  help_text="如：县人大常委会代表工作室、县政协提案委员会")
    co_units = CountyUnitsField(
        label="协办单位", queryset=Unit.objects.none(), required=False,
        help_text="协办单位在规定期限内（默认交办后一个月）将协办意见送主办单位")
    wide_ranging = forms.BooleanField(
        label="涉及面广、处理难度大，自交办之日起六个月内答复", required=False,
        help_text="《代表法》第五十一条第二款；政协提案按本地规定")
    extension_reason = forms.CharField(label="按六个月办理的理由", max_length=300, required=False)

    field_order = ["unit", "number", "started_on", "title", "source", "proposers", "session",
                   "assigned_by", "co_units", "wide_ranging", "extension_reason", "files"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # 协办单位: any unit of the county (the 主办 unit's list may be one unit).
        co_units = self.fields["co_units"]
        if isinstance(co_units, CountyUnitsField):
            co_units.unit_field = self.fields.get("unit")  # type: ignore[assignment]
        unit = self.fields.get("unit")
        if unit is not None:
            unit.label = "主办单位"
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "交办日期"
            started.help_text = "答复期限自交办之日起按月计算"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("wide_ranging") and not str(data.get("extension_reason") or "").strip():
            self.add_error("extension_reason", "按六个月办理的，请写明涉及面广、处理难度大的情况。")
        return data


class CoOpinionForm(forms.Form):
    """协办单位送达协办意见。"""

    co_unit = forms.CharField(label="协办单位", max_length=200,
                              help_text="登记时列明的协办单位的简称或全称")
    co_opinion = forms.CharField(label="协办意见", widget=forms.Textarea(attrs={"rows": 3}))
