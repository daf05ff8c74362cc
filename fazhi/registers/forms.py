from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.forms import DateInput, MultipleFileField, StyledForm
from fazhi.core.uploads import EVIDENCE_TYPES, check_upload, check_uploads
from fazhi.org.models import Unit

from .base import Register


class CaseOpenBase(StyledForm):
    """Fields every register's opening form has; a register's ``open_form``
    adds its own. ``unit`` lists the units this person may register for."""

    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none())
    number = forms.CharField(label="编号", max_length=100, required=False,
                             help_text="留空则自动编号")
    started_on = forms.DateField(label="收到（立案）日期", widget=DateInput())
    files = MultipleFileField(label="附件", required=False, help_text="PDF、图片、Office 文档")

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        if units is not None and units.count() == 1 and not self.is_bound:
            self.initial["unit"] = units.first()

    def clean_started_on(self) -> datetime.date:
        value = self.cleaned_data["started_on"]
        if value > timezone.localdate():
            raise ValidationError("日期不能晚于今天。")
        return value

    def clean_files(self) -> list:
        return check_uploads(self.cleaned_data.get("files"), EVIDENCE_TYPES)


class EventBase(StyledForm):
    occurred_on = forms.DateField(label="日期", widget=DateInput())
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label="附件", required=False)

    def clean_files(self) -> list:
        return check_uploads(self.cleaned_data.get("files"), EVIDENCE_TYPES)


class DatedEventForm(forms.Form):
    """Base of a register's event form: names the event's date after what it
    is (EventBase calls it 日期), e.g. 提交日期、答复日期."""

    date_label = "日期"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "occurred_on" in self.fields:
            self.fields["occurred_on"].label = self.date_label


def open_form_class(register: Register) -> type[forms.Form]:
    return type(f"{register.key.title()}OpenForm", (CaseOpenBase, register.open_form), {})


def detail_form_fields(register: Register, names: tuple[str, ...],
                       required: tuple[str, ...] = ()) -> dict[str, forms.Field]:
    """Form fields for detail model fields, as the model declares them (label,
    help, choices), with a date picker for dates and 请选择 for an empty choice."""
    fields = forms.fields_for_model(register.detail_model, fields=list(names))
    for name, field in fields.items():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
        if isinstance(field, forms.ChoiceField):
            field.choices = [(v, "请选择" if v == "" else lbl) for v, lbl in field.choices]
        if name in required:
            field.required = True
    return fields


def event_form_class(register: Register, event_key: str) -> type[forms.Form]:
    event = register.event(event_key)
    extra = event.form or forms.Form
    attrs: dict[str, Any] = {}
    if event.fields:
        attrs.update(detail_form_fields(register, event.fields, event.required))
    cls = type(f"{register.key.title()}{event_key.title()}Form", (EventBase, extra), attrs)
    if event.date_label:
        def init(self: forms.Form, *args: Any, **kwargs: Any) -> None:
            super(cls, self).__init__(*args, **kwargs)
            self.fields["occurred_on"].label = event.date_label
        cls.__init__ = init  # type: ignore[misc]
    return cls


class CaseFilterForm(StyledForm):
    q = forms.CharField(label="关键词", required=False)
    unit = forms.TypedChoiceField(label="承办单位", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(label="状态", required=False)
    due = forms.ChoiceField(label="期限", required=False, choices=[
        ("", "全部"), ("soon", "即将到期"), ("overdue", "已逾期"), ("open", "办理中"),
        ("closed", "已办结")])
    since = forms.DateField(label="收到日期自", required=False, widget=DateInput())
    until = forms.DateField(label="至", required=False, widget=DateInput())

    def __init__(self, *args: Any, register: Register, units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "全部"), *[(u.pk, str(u)) for u in units]]
        self.fields["state"].choices = [("", "全部"), *register.state_choices()]


class ImportForm(StyledForm):
    file = forms.FileField(label="Excel 文件", help_text="请使用下载的模板填写（.xlsx）")

    def __init__(self, *args: Any, counties: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = forms.ChoiceField(label="县（市、区）",
                                                  choices=[(r.pk, r.name) for r in counties])
        self.fields["region"].widget.attrs["class"] = "form-select"
        self.order_fields(["region", "file"])

    def clean_file(self):  # noqa: ANN201
        upload = self.cleaned_data["file"]
        check_upload(upload, (".xlsx",))
        return upload
