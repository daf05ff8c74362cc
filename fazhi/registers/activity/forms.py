"""学法、述法、普法活动登记簿的登记表单。"""

from __future__ import annotations

from typing import Any

from django import forms

from ..details.activity import ActivityKind


class ActivityOpenForm(forms.Form):
    """登记活动；组织单位（承办单位）、编号、活动日期和附件（佐证材料）由 CaseOpenBase 提供。"""

    title = forms.CharField(label="活动名称", max_length=300,
                            help_text="如：县政府常务会议会前学法《行政复议法》")
    kind = forms.ChoiceField(label="活动类型", choices=ActivityKind.choices)
    meeting = forms.CharField(label="会议或活动名称", max_length=200, required=False)
    topic = forms.CharField(label="学习内容或主题", max_length=300, required=False)
    presenter = forms.CharField(label="主讲人", max_length=100, required=False)
    reporter = forms.CharField(label="述法人", max_length=100, required=False,
                               help_text="领导干部述法的必填")
    reporter_post = forms.CharField(label="述法人职务", max_length=100, required=False)
    participants = forms.IntegerField(label="参加人数", min_value=0, required=False,
                                      help_text="讲座培训、旁听庭审、普法宣传和法律明白人培训必填")
    venue = forms.CharField(label="地点", max_length=200, required=False)
    evidence_note = forms.CharField(label="佐证材料", required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text="会议纪要、签到表、照片等；也可以在下方上传附件")

    field_order = ["unit", "number", "started_on", "kind", "title", "meeting", "topic",
                   "presenter", "reporter", "reporter_post", "participants", "venue",
                   "evidence_note", "files"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields.get("unit")
        if unit is not None:
            unit.label = "组织单位"
        started = self.fields.get("started_on")
        if started is not None:
            started.label = "活动日期"
            started.help_text = ""
