from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from fazhi.core.documents import SUPPORTED_EXTENSIONS
from fazhi.core.forms import MultipleFileField, StyledForm
from fazhi.core.uploads import check_uploads
from fazhi.indicators import catalogue
from fazhi.indicators.models import IndicatorValue
from fazhi.org.models import Region

from .archives import expand_zip
from .models import PublishedReport

REPORT_TYPES: tuple[str, ...] = SUPPORTED_EXTENSIONS  # .txt .md .html .htm .docx .pdf
MAX_FILES = 30
MAX_BATCH = 1000  # reports in one batch, archives expanded (read in the background)


class ReportUploadForm(StyledForm):
    files = MultipleFileField(
        label="报告文件",
        help_text=f"可一次选择多个文件（最多{MAX_FILES}个），支持 {'、'.join(REPORT_TYPES)}；"
        "也可上传 .zip 压缩包（一个市的各县报告，压缩包中的子文件夹也会读取）",
        error_messages={"required": "请选择要上传的报告文件。"},
        allow_empty_file=True,  # check_upload names the empty file; Django's message does not
    )

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.regions = regions
        if len(regions) > 1:  # a person holding several roles says whose upload it is
            self.fields["owner_region"] = forms.ChoiceField(
                label="上传单位所属地区", choices=[(r.pk, r.name) for r in regions]
            )
            self.fields["owner_region"].widget.attrs["class"] = "form-select"
            self.order_fields(["owner_region", "files"])
        self.fields["files"].widget.attrs["accept"] = ",".join((*REPORT_TYPES, ".zip"))

    def clean_files(self) -> list:
        files = self.cleaned_data.get("files") or []
        if len(files) > MAX_FILES:
            raise ValidationError(f"一次最多上传{MAX_FILES}个文件，本次选择了{len(files)}个。")
        archives = [f for f in files if (f.name or "").lower().endswith(".zip")]
        plain = check_uploads([f for f in files if f not in archives], REPORT_TYPES)
        errors: list[str] = []
        members: list = []
        for a in archives:
            try:
                # members are not refused one by one: a broken one fails when read
                members.extend(expand_zip(a, REPORT_TYPES))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        if len(plain) + len(members) > MAX_BATCH:
            raise ValidationError(
                f"一批最多解读{MAX_BATCH}份报告，本次共{len(plain) + len(members)}份，请分批上传。"
            )
        return plain + members

    def owner_region(self) -> Region:
        if "owner_region" in self.fields:
            wanted = str(self.cleaned_data["owner_region"])
            return next(r for r in self.regions if str(r.pk) == wanted)
        return self.regions[0]


class ReportFilterForm(StyledForm):
    q = forms.CharField(label="文件名/标题", required=False)
    region = forms.CharField(label="地区", required=False)
    year = forms.IntegerField(label="年度", required=False, min_value=1950, max_value=2199)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *PublishedReport.Status.choices]
    )


# The comparison's own source choice: what each report states beside the
# county's figure computed from its records (counties that run fazhi).
AGAINST_COMPUTED = "against_computed"


class CompareForm(StyledForm):
    MODES = [("regions", "各地区对比（选定年度）"), ("years", "一个地区历年变化")]

    mode = forms.ChoiceField(label="方式", choices=MODES, required=False)
    year = forms.TypedChoiceField(label="年度（各地区对比）", coerce=int, required=False)
    region = forms.ChoiceField(label="地区（历年变化）", required=False)
    source = forms.ChoiceField(
        label="来源", required=False,
        choices=[(AGAINST_COMPUTED, "报告与系统计算值对照"), ("", "全部来源"),
                 *IndicatorValue.Source.choices],
    )
    codes = forms.MultipleChoiceField(
        label="指标",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="不选则显示有数据的全部指标",
    )
    chart = forms.ChoiceField(label="图表指标", required=False)

    def __init__(self, *args: Any, years: list[int], regions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in years]
        self.fields["region"].choices = [(r, r) for r in regions]
        indicators = [(i.code, i.name) for i in catalogue.all()]
        self.fields["codes"].choices = indicators
        self.fields["chart"].choices = [("", "第一个指标"), *indicators]
