from __future__ import annotations

from django import forms

from fazhi.core.forms import DateInput, StyledForm

from .models import PARTS, ReportSignoff


class ComposeForm(StyledForm):
    year = forms.IntegerField(label="报告年度", min_value=2000, max_value=2100)

    def __init__(self, *args, counties=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["region"] = forms.ChoiceField(
            label="县（市、区）", choices=[(r.pk, r.name) for r in counties or []])
        self.fields["region"].widget.attrs["class"] = "form-select"
        self.order_fields(["region", "year"])


class SectionForm(StyledForm):
    part = forms.TypedChoiceField(label="所属部分", coerce=int,
                                  choices=[(n, f"{'一二三四五'[n - 1]}、{t}") for n, t in PARTS])
    heading = forms.CharField(label="（一）级标题", max_length=300, required=False,
                              help_text="留空则本节正文直接接在部分标题之后")
    text = forms.CharField(
        label="正文", required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text="每段一行；段首可写“1.”“（1）”作下级标题。{RECON_RECEIVED} 这样的代码是系统数据，"
                  "显示为取自登记簿的数值，可在指标目录中查到代码。")
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="修改说明", max_length=300, required=False)


class SignOffForm(StyledForm):
    role = forms.ChoiceField(label="环节", choices=ReportSignoff.Role.choices)
    signer_name = forms.CharField(label="签发人", max_length=100)
    signer_post = forms.CharField(label="职务", max_length=100, required=False,
                                  help_text="如：县委依法治县办主任、县长")
    signed_on = forms.DateField(label="签发日期", widget=DateInput())


class ContributionRequestForm(StyledForm):
    due = forms.DateField(label="提交期限", widget=DateInput())
    instructions = forms.CharField(label="撰写要求", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sections=None, units=None, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["section"] = forms.ModelChoiceField(
            label="章节", queryset=sections, empty_label="请选择章节")
        self.fields["unit"] = forms.ModelChoiceField(label="单位", queryset=units,
                                                     empty_label="请选择单位")
        for name in ("section", "unit"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.order_fields(["section", "unit", "due", "instructions"])


class ContributionForm(StyledForm):
    text = forms.CharField(label="撰写内容", widget=forms.Textarea(attrs={"rows": 10}),
                           help_text="每段一行。")


class ReviewForm(StyledForm):
    reason = forms.CharField(label="退回理由", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
