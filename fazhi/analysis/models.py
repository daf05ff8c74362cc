"""Published annual reports uploaded to be read as data.

A ``ReportBatch`` is one upload of several files by a county office or an
upper-level viewer; it belongs to the uploader's region (``owner_region``), and
everything read from its files is scoped by that region: a city sees the
batches of the city and of its counties, a county only its own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.org.models import Region

OUTLINE_FIELDS: tuple[tuple[str, str], ...] = (
    ("measures_and_results", "has_measures"),
    ("shortcomings", "has_shortcomings"),
    ("first_responsible_duty", "has_first_duty"),
    ("next_year_plan", "has_next_year_plan"),
)


class ReportBatch(models.Model):
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_region = models.ForeignKey(
        Region, verbose_name="归属地区", on_delete=models.PROTECT, related_name="report_batches"
    )
    file_count = models.PositiveIntegerField("文件数", default=0)
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)

    SCOPE_REGION = "owner_region"

    class Meta:
        verbose_name = "报告上传批次"
        verbose_name_plural = "报告上传批次"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"报告上传批次 {self.pk}（{self.file_count}个文件）"


def report_path(instance: PublishedReport, filename: str) -> str:
    # The user's file name is kept in original_name; the stored name is random.
    import os
    import uuid

    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"analysis/reports/{uuid.uuid4().hex}{ext}"


class PublishedReport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "等待解读"
        PROCESSING = "processing", "正在解读"
        DONE = "done", "已完成"
        ERROR = "error", "解读失败"

    batch = models.ForeignKey(
        ReportBatch, verbose_name="上传批次", on_delete=models.CASCADE, related_name="reports"
    )
    original_name = models.CharField("文件名", max_length=255)
    file = models.FileField("文件", upload_to=report_path, max_length=255)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    error = models.TextField("错误信息", blank=True)
    # What the reader found in the text.
    region_name = models.CharField("地区（原文）", max_length=100, blank=True)
    county_name = models.CharField("所属县（区）", max_length=100, blank=True)  # of a town
    region = models.ForeignKey(
        Region,
        verbose_name="对应地区",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_reports",
    )
    year = models.PositiveSmallIntegerField("报告年度", null=True, blank=True)
    issuer = models.CharField("发文机关", max_length=200, blank=True)
    published_on = models.DateField("成文日期", null=True, blank=True)
    title = models.CharField("标题", max_length=300, blank=True)
    text = models.TextField("正文", blank=True)
    has_measures = models.BooleanField("有“主要举措和成效”", default=False)
    has_shortcomings = models.BooleanField("有“存在的不足”", default=False)
    has_first_duty = models.BooleanField("有“第一责任人职责”", default=False)
    has_next_year_plan = models.BooleanField("有“下一年度工作安排”", default=False)
    fact_count = models.PositiveIntegerField("数据数", default=0)
    coded_count = models.PositiveIntegerField("已归类数据数", default=0)
    value_count = models.PositiveIntegerField("计入指标库数", default=0)
    check_count = models.PositiveIntegerField("问题数", default=0)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始解读", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    SCOPE_REGION = "batch__owner_region"

    class Meta:
        verbose_name = "已发布报告"
        verbose_name_plural = "已发布报告"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status"], name="pubreport_status"),
            models.Index(fields=["year", "region_name"], name="pubreport_year_region"),
            models.Index(fields=["region_name", "year"], name="pubreport_region_year"),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.ERROR)

    @property
    def origin(self) -> str:
        """The key of this report's values in the indicator store."""
        return f"analysis.report:{self.pk}"

    def outline(self) -> list[tuple[str, bool]]:
        from .outline import SECTION_NAMES

        return [(SECTION_NAMES[key], getattr(self, attr)) for key, attr in OUTLINE_FIELDS]


class ExtractedFact(models.Model):
    report = models.ForeignKey(
        PublishedReport, verbose_name="报告", on_delete=models.CASCADE, related_name="facts"
    )
    phrase = models.CharField("说法", max_length=500)
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=20, blank=True)
    approx = models.BooleanField("约数", default=False)
    code = models.CharField("指标代码", max_length=64, blank=True)
    start = models.PositiveIntegerField("起")  # the quoted clause, offsets into report.text
    end = models.PositiveIntegerField("止")
    num_start = models.PositiveIntegerField("数字起")  # the number and its unit
    num_end = models.PositiveIntegerField("数字止")
    quote = models.TextField("原文")
    high = models.DecimalField(  # a range (3至5个): value is the low end
        "上限", max_digits=20, decimal_places=4, null=True, blank=True
    )
    confidence = models.FloatField("归类把握", default=0.0)
    # An office's correction: the reader's code is kept, the new one is ``code``.
    original_code = models.CharField("解读器的归类", max_length=64, blank=True)
    manual = models.BooleanField("人工添加", default=False)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_at = models.DateTimeField("更正时间", null=True, blank=True)

    SCOPE_REGION = "report__batch__owner_region"

    class Meta:
        verbose_name = "提取的数据"
        verbose_name_plural = "提取的数据"
        ordering = ["report", "num_start", "pk"]

    def __str__(self) -> str:
        return f"{self.phrase} {self.value}{self.unit}"

    @property
    def anchor(self) -> str:
        return f"s{self.start}-{self.end}"


class ReportCheck(models.Model):
    # Kinds that compare with other reports; recomputed when a peer arrives.
    CROSS_KINDS = ("contradiction", "implausible_jump", "duplicate")
    KIND_LABELS = {
        "rate_over_100": "比率超过100%",
        "part_exceeds_whole": "部分大于整体",
        "parts_do_not_add_up": "分项之和不符",
        "missing_section": "缺少必备部分",
        "weak_section": "必备部分只有一句",
        "duplicate": "可能重复上传",
        "late_publication": "发布时间偏晚",
        "contradiction": "与其他报告矛盾",
        "implausible_jump": "较上年变化异常",
    }

    report = models.ForeignKey(
        PublishedReport, verbose_name="报告", on_delete=models.CASCADE, related_name="checks"
    )
    kind = models.CharField("类型", max_length=40)
    message = models.TextField("说明")
    start = models.PositiveIntegerField("起", null=True, blank=True)
    end = models.PositiveIntegerField("止", null=True, blank=True)

    SCOPE_REGION = "report__batch__owner_region"

    class Meta:
        verbose_name = "报告问题"
        verbose_name_plural = "报告问题"
        ordering = ["report", "start", "pk"]

    def __str__(self) -> str:
        return self.message

    @property
    def kind_label(self) -> str:
        return self.KIND_LABELS.get(self.kind, self.kind)
