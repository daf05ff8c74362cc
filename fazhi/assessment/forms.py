from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms

from fazhi.core.forms import StyledForm, StyledModelForm
from fazhi.core.uploads import EVIDENCE_TYPES, check_upload
from fazhi.indicators import catalogue, engine
from fazhi.indicators.models import IndicatorTarget
from fazhi.indicators.services import format_decimal
from fazhi.org.models import Region, Unit

from . import scoring
from .models import Scheme, SchemeItem

Kind = SchemeItem.Kind


class SchemeForm(StyledModelForm):
    unit_kinds = forms.MultipleChoiceField(
        label="考核对象（单位类型）", choices=Unit.Kind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="可多选；勾选“仅行政执法部门”时，不选类型即为全部行政执法部门")

    class Meta:
        model = Scheme
        fields = ["region", "year", "name", "unit_kinds", "law_enforcement_only", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, counties: list[Region] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        region.queryset = Region.objects.filter(pk__in=[c.pk for c in counties or []])
        region.empty_label = None
        self.fields["unit_kinds"].widget.attrs["class"] = ""  # plain checkboxes with labels
        if self.instance.pk:
            region.disabled = True  # a scheme stays in its county
        elif not self.is_bound:
            self.initial.setdefault("year", datetime.date.today().year)
        self.fields["name"].required = False
        self.fields["name"].help_text = "留空则为“××县××年度法治政府建设考核方案”"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("unit_kinds") and not data.get("law_enforcement_only"):
            self.add_error("unit_kinds", "请选择考核对象的单位类型，或勾选“仅行政执法部门”。")
        region, year = data.get("region"), data.get("year")
        if region and year and not data.get("name"):
            data["name"] = f"{region.name}{year}年度法治政府建设考核方案"
        if region and year and data.get("name"):
            clash = Scheme.objects.filter(region=region, year=year, name=data["name"])
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("name", "本县该年度已有同名的考核方案。")
        return data


def _indicator_choices() -> list[tuple[str, Any]]:
    computed = engine.computed_codes()
    by_source: dict[bool, list[tuple[str, str]]] = {True: [], False: []}
    for ind in catalogue.all():
        by_source[ind.code in computed].append((ind.code, ind.name))
    return [("", "（不依据指标）"), ("系统计算（登记簿、任务台账）", by_source[True]),
            ("单位填报", by_source[False])]


class ItemForm(StyledModelForm):
    class Meta:
        model = SchemeItem
        fields = ["order", "title", "kind", "code", "full_marks", "target", "direction",
                  "per_item", "cap", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {"target": "目标值（留空则取本县该年度已设定的指标目标）"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"] = forms.ChoiceField(
            label="依据指标", choices=_indicator_choices(), required=False,
            help_text="扣分项须选择系统计算的指标：如逾期未完成的分解事项、败诉案件（行政诉讼败诉率的分子）、"
                      "行政复议纠错件数")
        self.fields["code"].widget.attrs["class"] = "form-select"
        self.fields["kind"].choices = [("", "请选择计分方式"), *Kind.choices]
        self.fields["full_marks"].required = False
        self.fields["direction"].required = False  # only target items compare
        self.order_fields(self.Meta.fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, code = data.get("kind"), data.get("code") or ""
        full = data.get("full_marks") or Decimal(0)
        data["full_marks"] = full
        data["direction"] = data.get("direction") or SchemeItem.Direction.AT_LEAST
        per_item, cap = data.get("per_item"), data.get("cap")
        if kind == Kind.TARGET:
            if not code:
                self.add_error("code", "指标达标项须选择依据的指标。")
            if full <= 0:
                self.add_error("full_marks", "请填写本项分值。")
            if code and data.get("target") is None:
                found = IndicatorTarget.objects.filter(
                    region_id=self.instance.scheme.region_id, year=self.instance.scheme.year,
                    code=code).first()
                if found is None:
                    self.add_error("target", "请填写目标值（本县该年度尚未设定此指标的目标）。")
                else:  # the default, copied so that the scheme states its own target
                    data["target"], data["direction"] = found.target, found.direction
        elif kind == Kind.DEDUCTION:
            if code not in engine.REGISTRY:
                self.add_error("code", "扣分项须选择由系统计算的指标，以便列出扣分所依据的记录。")
            if full <= 0:
                self.add_error("full_marks", "请填写本项分值。")
            if not per_item:
                self.add_error("per_item", "请填写每件扣分。")
            if cap is not None and cap > full:
                self.add_error("cap", "最多扣分不能超过本项分值。")
        elif kind == Kind.BONUS:
            if cap is None or cap <= 0:
                self.add_error("cap", "加分项须设定加分上限。")
            if code and not per_item:
                self.add_error("per_item", "按指标加分的，请填写每件加分。")
            data["full_marks"] = Decimal(0)
        elif kind == Kind.MANUAL:
            if full <= 0:
                self.add_error("full_marks", "请填写本项分值。")
            if code:
                self.add_error("code", "人工评分项不依据指标，请留空。")
        return data


class ManualScoreForm(StyledForm):
    points = forms.DecimalField(label="得分", max_digits=7, decimal_places=2, min_value=0)
    reason = forms.CharField(label="评分理由", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label="佐证材料", required=False,
                               help_text="PDF、图片或 Office 文档；已上传的保留，重新选择则替换")

    def __init__(self, *args: Any, item: SchemeItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["points"].help_text = f"0至{format_decimal(item.max_points)}分"

    def clean_points(self) -> Decimal:
        value = self.cleaned_data["points"]
        if not scoring.within(value, self.item.max_points):
            raise forms.ValidationError(f"得分应在0至{format_decimal(self.item.max_points)}分之间。")
        return value

    def clean_evidence(self):  # noqa: ANN201
        upload = self.cleaned_data.get("evidence")
        if upload:
            check_upload(upload, EVIDENCE_TYPES)
        return upload


class ObjectionForm(StyledForm):
    reason = forms.CharField(label="异议理由", widget=forms.Textarea(attrs={"rows": 5}),
                             help_text="请写明对本项得分有异议的事实和依据")


class RulingForm(StyledForm):
    decision = forms.ChoiceField(label="裁定结果", widget=forms.RadioSelect,
                                 choices=[("upheld", "采纳异议，调整得分"), ("rejected", "驳回异议")])
    points = forms.DecimalField(label="调整后得分", max_digits=7, decimal_places=2, min_value=0,
                                required=False)
    reason = forms.CharField(label="裁定理由", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, item: SchemeItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        self.fields["points"].help_text = f"采纳时填写，0至{format_decimal(item.max_points)}分"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "upheld":
            points = data.get("points")
            if points is None:
                self.add_error("points", "采纳异议须填写调整后得分。")
            elif not scoring.within(points, self.item.max_points):
                self.add_error("points",
                               f"得分应在0至{format_decimal(self.item.max_points)}分之间。")
        return data
