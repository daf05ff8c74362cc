from __future__ import annotations

import datetime

from django import forms

from fazhi.core.forms import DateInput, MultipleFileField, StyledForm, StyledModelForm
from fazhi.core.uploads import EVIDENCE_TYPES, check_upload, check_uploads
from fazhi.org.models import Unit

from .models import ProgressReport, ReportingPeriod, Task
from .status import LIGHT_CHOICES

PLAN_TYPES = (".txt", ".md", ".docx", ".xlsx")


class PlanUploadForm(StyledForm):
    file = forms.FileField(label="计划文件", help_text="支持 .txt、.md、.docx 格式，以及任务分解表（Word 表格或 .xlsx）")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="标题", max_length=200, required=False,
                            help_text="留空则使用文件中的标题")

    def __init__(self, *args, counties=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        counties = counties or []
        self.fields["region"] = forms.ChoiceField(
            label="县（市、区）", choices=[(r.pk, r.name) for r in counties])
        self.fields["region"].widget.attrs["class"] = "form-select"
        self.order_fields(["region", "year", "title", "file"])
        if not self.is_bound:
            self.initial.setdefault("year", datetime.date.today().year)

    def clean_file(self):  # noqa: ANN201
        upload = self.cleaned_data["file"]
        check_upload(upload, PLAN_TYPES)
        return upload


class ReportForm(StyledModelForm):
    files = MultipleFileField(label="佐证材料", required=False,
                              help_text="PDF、图片、Office 文档，可多选")

    class Meta:
        model = ProgressReport
        fields = ["text", "completion"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def clean_files(self):  # noqa: ANN201
        return check_uploads(self.cleaned_data.get("files"), EVIDENCE_TYPES)


class ReturnForm(StyledForm):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}))


class DueDateForm(StyledModelForm):
    class Meta:
        model = Task
        fields = ["due_date"]
        widgets = {"due_date": DateInput()}


class PeriodForm(StyledModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["name", "start", "end", "due"]
        widgets = {"start": DateInput(), "end": DateInput(), "due": DateInput()}

    def clean(self):  # noqa: ANN201
        data = super().clean()
        start, end, due = data.get("start"), data.get("end"), data.get("due")
        if start and end and start > end:
            self.add_error("end", "结束日期不能早于开始日期。")
        if end and due and due < end:
            self.add_error("due", "报送截止日期不能早于周期结束日期。")
        return data


class AssignmentFilterForm(StyledForm):
    q = forms.CharField(label="关键词", required=False)
    # set by links (a task's overdue units from the home page), not shown as a field
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)
    year = forms.IntegerField(required=False, widget=forms.HiddenInput)
    plan = forms.TypedChoiceField(label="计划", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)
    role = forms.ChoiceField(label="分工", required=False,
                             choices=[("", "全部"), ("lead", "牵头单位"), ("responsible", "责任单位")])
    light = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *LIGHT_CHOICES])

    def __init__(self, *args, plans=(), units=(), **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", "全部"), *[(p.pk, str(p)) for p in plans]]
        self.fields["unit"].choices = [("", "全部"), *[(u.pk, str(u)) for u in units]]


class TaskFilterForm(StyledForm):
    q = forms.CharField(label="关键词", required=False)
    section = forms.TypedChoiceField(label="部分", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)
    light = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *LIGHT_CHOICES])

    def __init__(self, *args, sections=(), units=(), **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "全部"), *[(s.pk, s.title) for s in sections]]
        self.fields["unit"].choices = [("", "全部"), *[(u.pk, str(u)) for u in units]]


class ReportFilterForm(StyledForm):
    state = forms.ChoiceField(label="状态", required=False,
                              choices=[("", "全部"), *ProgressReport.State.choices])
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)
    period = forms.ChoiceField(label="周期", required=False)

    def __init__(self, *args, units: list[Unit] = (), periods: list[str] = (),  # noqa: ANN002
                 **kwargs) -> None:  # noqa: ANN003
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部"), *[(u.pk, str(u)) for u in units]]
        # The real periods of the plans in scope (第一季度 …), not free text.
        self.fields["period"].choices = [("", "全部"), *[(p, p) for p in periods]]
