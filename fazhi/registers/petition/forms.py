"""信访登记簿的登记表单。办理经过的表单由明细字段声明生成（``EventType.fields``）。"""

from __future__ import annotations

from typing import Any

from django import forms

from ..details.petition import Category, Form, Source


class PetitionOpenForm(forms.Form):
    """登记信访事项；承办单位、编号、收到日期和附件由 CaseOpenBase 提供。"""

    title = forms.CharField(label="事由", max_length=300,
                            help_text="如：反映拖欠工程款问题、要求解决宅基地确权问题")
    petitioner = forms.CharField(label="信访人", max_length=200,
                                 help_text="姓名（名称）；多人的写代表姓名及人数")
    headcount = forms.IntegerField(label="人数", min_value=1, initial=1, required=False,
                                   help_text="多人走访的应当推选代表，代表不超过5人（第二十条）")
    address = forms.CharField(label="住址（联系方式）", max_length=200, required=False)
    identity_unclear = forms.BooleanField(
        label="姓名（名称）、住址不清", required=False,
        help_text="信访人直接提出且姓名（名称）、住址不清的，不计算15日书面告知期限（第二十三条第二款）")
    form = forms.ChoiceField(label="信访形式", choices=[("", "请选择"), *Form.choices])
    source = forms.ChoiceField(label="来源", choices=Source.choices, initial=Source.DIRECT,
                               required=False)
    assigned_by = forms.CharField(label="转送、交办机关", max_length=100, required=False,
                                  help_text="转送、交办的事项填写，如：县信访局")
    category = forms.ChoiceField(label="信访事项类别", choices=[("", "请选择"), *Category.choices],
                                 help_text="申诉求决类按第三十一条办理；建议意见类按第二十九条；"
                                           "检举控告类按第三十条")
    content = forms.CharField(label="信访请求和事实、理由", widget=forms.Textarea(attrs={"rows": 4}))

    field_order = ["unit", "number", "started_on", "title", "petitioner", "headcount", "address",
                   "identity_unclear", "form", "source", "assigned_by", "category", "content",
                   "files"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "收到日期"
            started.help_text = "收到信访事项（或转送、交办）之日；15日书面告知期限自此日起算（第二十三条）"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("source") == Source.ASSIGNED and not str(data.get("assigned_by") or "").strip():
            self.add_error("assigned_by", "转送、交办的信访事项，请填写转送、交办机关。")
        return data
