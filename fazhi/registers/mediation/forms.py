"""人民调解登记簿的表单：登记纠纷（调解组织从本县的调委会中选）、调委会和调解员。"""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.core.forms import DateInput, StyledForm
from fazhi.org.models import Unit

from ..details.mediation import CommitteeKind, DisputeType, MediationCommittee
from ..suggestion.forms import LiveChoiceIterator


class CountyCommitteeField(forms.ModelChoiceField):
    """The committees of the county of the form's 承办单位 list, read when
    rendered or cleaned (CaseOpenBase sets that list after this form is built)."""

    unit_field: forms.ModelChoiceField | None = None
    iterator = LiveChoiceIterator

    def _county_committees(self) -> Any:
        if self.unit_field is None:
            return MediationCommittee.objects.none()
        return MediationCommittee.objects.filter(
            region__in=self.unit_field.queryset.values("region"), dissolved_on__isnull=True)

    queryset = property(_county_committees, forms.ModelChoiceField._set_queryset)


class MediationOpenForm(forms.Form):
    """登记受理调解的纠纷；指导单位（承办单位）、编号、受理日期和附件由 CaseOpenBase 提供。"""

    title = forms.CharField(label="纠纷简要情况", max_length=300,
                            help_text="如：王某与李某宅基地边界纠纷")
    committee = CountyCommitteeField(label="调解组织", queryset=MediationCommittee.objects.none(),
                                     empty_label="请选择")
    dispute_type = forms.ChoiceField(label="纠纷类型", choices=DisputeType.choices)
    parties = forms.CharField(label="当事人", max_length=300, help_text="各方当事人，用顿号分隔")
    mediator = forms.CharField(label="调解员", max_length=100, required=False)

    field_order = ["unit", "number", "started_on", "committee", "title", "dispute_type",
                   "parties", "mediator", "files"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        if isinstance(field, CountyCommitteeField):
            field.unit_field = self.fields.get("unit")  # type: ignore[assignment]
        unit = self.fields.get("unit")
        if unit is not None:
            unit.label = "指导单位"
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "受理日期"


class CommitteeForm(StyledForm):
    name = forms.CharField(label="名称", max_length=200, help_text="如：朝城镇王庄村人民调解委员会")
    kind = forms.ChoiceField(label="类型", choices=CommitteeKind.choices)
    unit = forms.ModelChoiceField(label="指导单位", queryset=Unit.objects.none(),
                                  empty_label="请选择")
    established_on = forms.DateField(label="设立日期", widget=DateInput())

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class MediatorForm(StyledForm):
    name = forms.CharField(label="姓名", max_length=50)
    full_time = forms.BooleanField(label="专职人民调解员", required=False)
    joined_on = forms.DateField(label="选聘日期", widget=DateInput())
