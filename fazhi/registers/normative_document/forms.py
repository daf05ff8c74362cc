"""行政规范性文件登记簿的表单：登记起草。各项办理经过的表单由明细字段声明生成
（``EventType.fields``）；送请合法性审核另有审核机构两项。"""

from __future__ import annotations

from django import forms

from ..details.legality_review import ReviewerKind


class NormativeDocumentOpenForm(forms.Form):
    """登记起草；起草单位（承办单位）、编号、起草日期和附件由 CaseOpenBase 提供。"""

    title = forms.CharField(label="文件名称", max_length=300,
                            help_text="如：莘县城区停车管理办法（暂行）")
    issuer = forms.CharField(label="制定机关", max_length=100,
                             help_text="以其名义公布的机关，如：莘县人民政府")
    provisional = forms.BooleanField(label="暂行或试行", required=False,
                                     help_text="标题含“暂行”“试行”的自动勾选；有效期一般不超过2年")
    business_related = forms.BooleanField(
        label="与市场主体生产经营活动密切相关", required=False,
        help_text="公开征求意见一般不少于30日（《优化营商环境条例》第六十二条第二款）")
    congress_filing_required = forms.BooleanField(
        label="须报人大常委会备案", required=False,
        help_text="以县政府名义制定的，公布后报县人大常委会备案")

    field_order = ["unit", "number", "started_on", "title", "issuer", "provisional",
                   "business_related", "congress_filing_required", "files"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        unit = self.fields.get("unit")
        if unit is not None:
            unit.label = "起草单位"
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "启动起草日期"
            started.help_text = ""


class SendReviewForm(forms.Form):
    """送请合法性审核：审核由合法性审查登记簿办理（一套审查机制）。"""

    reviewer_kind = forms.ChoiceField(label="审核机构", choices=ReviewerKind.choices,
                                      initial=ReviewerKind.JUSTICE_BUREAU)
    reviewer_name = forms.CharField(label="审核人员或机构名称", max_length=200, required=False,
                                    help_text="如：县司法局合法性审查科")
