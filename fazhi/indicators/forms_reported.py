"""Forms of hand-reported indicators: choosing the indicator, filling in the
figure for a period, filtering the list, returning with a reason."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.core.forms import StyledForm
from fazhi.core.uploads import EVIDENCE_TYPES, check_upload
from fazhi.org.models import Unit

from . import catalogue, reported
from .models import IndicatorReport
from .periods import Period

FIELDS_OF_KIND = {"count": ("value",), "amount": ("value",), "rate": ("numerator", "denominator"),
                  "boolean": ("flag",)}


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put an Action's refusal beside the fields it names (the rest on top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages)
    else:
        form.add_error(None, exc.messages)


class PickIndicatorForm(StyledForm):
    """Step one of 新填报: which indicator (by name, grouped by source)."""

    code = forms.ChoiceField(label="填报指标")

    def __init__(self, *args: Any, groups: list[tuple[str, list[tuple[str, str]]]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "请选择要填报的指标"), *groups]


class IndicatorReportForm(StyledForm):
    """The figure of one indicator for one period; the fields follow the
    indicator's kind (a number, numerator and denominator, or 是/否)."""

    unit = forms.TypedChoiceField(label="填报单位", coerce=int)
    year = forms.TypedChoiceField(label="年度", coerce=int)
    period = forms.ChoiceField(label="期间", choices=reported.PERIOD_CHOICES)
    value = forms.DecimalField(label="数值", max_digits=20, decimal_places=4, required=False)
    numerator = forms.DecimalField(label="分子", max_digits=20, decimal_places=4, required=False)
    denominator = forms.DecimalField(label="分母", max_digits=20, decimal_places=4,
                                     required=False)
    flag = forms.ChoiceField(label="是否", required=False,
                             choices=[("", "请选择"), *reported.BOOLEAN_CHOICES])
    note = forms.CharField(label="说明（计算口径）", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="数据来源、统计口径或需要说明的情况")
    evidence = forms.FileField(label="佐证材料", required=False,
                               help_text="可选；PDF、图片或 Office 文档，重新上传将替换原文件")

    def __init__(self, *args: Any, indicator: catalogue.Indicator, units: list[Unit],
                 report: IndicatorReport | None = None, today: datetime.date | None = None,
                 **kwargs: Any) -> None:
        today = today or timezone.localdate()
        if report is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(report, indicator)
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.units = {u.pk: u for u in units}
        kept = set(FIELDS_OF_KIND[indicator.kind])
        for name in ("value", "numerator", "denominator", "flag"):
            if name not in kept:
                del self.fields[name]
        if indicator.kind == "count":
            self.fields["value"].label = f"数值（{indicator.unit}）" if indicator.unit else "数值"
            self.fields["value"].widget.attrs.update(min="0", step="1")
        elif indicator.kind == "amount":
            self.fields["value"].label = f"金额（{indicator.unit or '万元'}）"
            self.fields["value"].widget.attrs.update(min="0", step="any")
        elif indicator.kind == "rate":
            self.fields["numerator"].help_text = "比率 = 分子 ÷ 分母 × 100%，由系统计算"
            self.fields["denominator"].help_text = indicator.definition
        else:
            self.fields["flag"].label = indicator.name
        if indicator.definition and indicator.kind != "rate":
            self.fields["note"].help_text = f"指标定义：{indicator.definition}"
        if report is not None:  # the unit of a report does not change
            del self.fields["unit"]
        elif len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].choices = [(units[0].pk, str(units[0]))]
            self.initial.setdefault("unit", units[0].pk)
        else:
            self.fields["unit"].choices = [("", "请选择单位"), *[(u.pk, str(u)) for u in units]]
        first = min(today.year - 5, report.year if report else today.year)
        self.fields["year"].choices = [(y, f"{y}年") for y in range(today.year, first - 1, -1)]
        self.initial.setdefault("year", reported.default_year(today))
        self.initial.setdefault("period", "Y")

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload:
            check_upload(upload, EVIDENCE_TYPES)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "unit" in self.fields and data.get("unit") is not None:
            data["unit_obj"] = self.units.get(data["unit"])
            if data["unit_obj"] is None:
                self.add_error("unit", "请选择本人所在的填报单位。")
        if data.get("year") and data.get("period"):
            try:
                data["period_obj"] = reported.period_of(data["year"], data["period"])
            except ValidationError as exc:
                self.add_error("period", exc.messages)
        try:
            data["figure"] = reported.figure_of(
                self.indicator, value=data.get("value"), numerator=data.get("numerator"),
                denominator=data.get("denominator"), flag=data.get("flag") or None)
        except ValidationError as exc:
            # A field Django already refused keeps its own message only.
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    if field not in self.errors:
                        for error in errors:
                            self.add_error(field if field in self.fields else None,
                                           error.messages)
            else:
                self.add_error(None, exc.messages)
        return data


def _initial(report: IndicatorReport, indicator: catalogue.Indicator) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "year": report.year,
        "period": reported.choice_of(Period(report.period_start, report.period_end)),
        "note": report.note,
    }
    if indicator.kind == "boolean" and report.value is not None:
        initial["flag"] = reported.YES if report.value else reported.NO
    elif indicator.kind == "rate":
        initial["numerator"] = _plain(report.numerator)
        initial["denominator"] = _plain(report.denominator)
    else:
        initial["value"] = _plain(report.value)
    return initial


def _plain(value: Any) -> Any:
    from .services import format_decimal

    return format_decimal(value) if value is not None else None


class ReturnForm(StyledForm):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "退回时必须填写退回理由。"})


class ReportFilterForm(StyledForm):
    state = forms.ChoiceField(label="状态", required=False)
    code = forms.ChoiceField(label="指标", required=False)
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)
    period = forms.ChoiceField(label="期间", required=False)

    def __init__(self, *args: Any, states: list[tuple[str, str]], codes: list[str],
                 units: list[Unit], periods: list[tuple[datetime.date, datetime.date]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "全部"), *states]
        self.fields["code"].choices = [("", "全部"), *[
            (c, catalogue.get(c).name) for c in codes if catalogue.find(c)]]
        self.fields["unit"].choices = [("", "全部"), *[(u.pk, str(u)) for u in units]]
        self.fields["period"].choices = [("", "全部"), *[
            (f"{s.isoformat()}..{e.isoformat()}", Period(s, e).label) for s, e in periods]]

    def period_bounds(self) -> tuple[datetime.date, datetime.date] | None:
        raw = self.cleaned_data.get("period") or ""
        start, _, end = raw.partition("..")
        try:
            return datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
        except ValueError:
            return None
