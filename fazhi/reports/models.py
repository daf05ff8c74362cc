"""法治政府建设年度报告: composed from the records, edited by the office,
signed off and published (法治政府建设与责任落实督察工作规定, design/rules.md §9).

A report is a sequence of sections in its required parts (一 主要举措和成效 …
四 下一年度主要安排, 五 其他); a section's text holds figure tokens
``{CODE}`` that stand for a ``ReportFigure`` — the value taken from the
indicator store, linked to it and so to its records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.org.models import Region, Unit

PARTS: tuple[tuple[int, str], ...] = (
    (1, "主要举措和成效"),
    (2, "存在的不足和原因"),
    (3, "党政主要负责人履行推进法治建设第一责任人职责情况"),
    (4, "下一年度主要安排"),
    (5, "其他"),
)
PART_NUMERALS = "一二三四五"


class AnnualReport(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "起草中"
        SIGNED_OFF = "signed_off", "已签发"
        PUBLISHED = "published", "已公开发布"

    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="annual_reports")
    year = models.PositiveSmallIntegerField("报告年度", help_text="报告的是哪一年的工作")
    title = models.CharField("标题", max_length=200)
    recipients = models.CharField("主送机关", max_length=300, blank=True,
                                  help_text="如：中共聊城市委、聊城市人民政府")
    issuer = models.CharField("落款", max_length=200, blank=True, help_text="如：莘县人民政府")
    report_date = models.DateField("成文日期", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    submitted_upward_on = models.DateField("报送上级日期", null=True, blank=True)
    published_on = models.DateField("公开发布日期", null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "法治政府建设年度报告"
        verbose_name_plural = "法治政府建设年度报告"
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year"],
                                               name="annualreport_unique_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT


class ReportSection(models.Model):
    """One numbered heading of a part and its text. ``level`` 1 is a part
    heading (一、), 2 a （一） heading; text paragraphs are separated by blank
    lines and may begin with 1. or （1） for lower headings."""

    report = models.ForeignKey(AnnualReport, verbose_name="报告", on_delete=models.CASCADE,
                               related_name="sections")
    part = models.PositiveSmallIntegerField("部分", choices=[(n, t) for n, t in PARTS])
    order = models.PositiveIntegerField("顺序")
    heading = models.CharField("标题", max_length=300, blank=True)
    text = models.TextField("正文", blank=True)
    # Where the proposal came from (a plan section, a register), for the editor.
    origin = models.CharField("来源", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    SCOPE_REGION = "report__region"

    class Meta:
        verbose_name = "报告章节"
        verbose_name_plural = "报告章节"
        ordering = ["part", "order", "id"]

    def __str__(self) -> str:
        return self.heading or self.get_part_display()


class ReportFigure(models.Model):
    """A figure of the report: the value as taken from the store (a snapshot,
    so that a later change of the records shows as stale, not as a silent
    change of a signed text)."""

    report = models.ForeignKey(AnnualReport, verbose_name="报告", on_delete=models.CASCADE,
                               related_name="figures")
    code = models.CharField("指标代码", max_length=64)
    value = models.ForeignKey("indicators.IndicatorValue", verbose_name="指标值", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.CharField("写入报告的数值", max_length=50)
    snapshot = models.DecimalField("取数时的值", max_digits=20, decimal_places=4, null=True,
                                   blank=True)
    taken_at = models.DateTimeField("取数时间")

    SCOPE_REGION = "report__region"

    class Meta:
        verbose_name = "报告数据"
        verbose_name_plural = "报告数据"
        constraints = [models.UniqueConstraint(fields=["report", "code"],
                                               name="reportfigure_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}={self.text}"


class ReportVersion(models.Model):
    """The whole text as it stood after a change: who, when, what."""

    report = models.ForeignKey(AnnualReport, verbose_name="报告", on_delete=models.CASCADE,
                               related_name="versions")
    number = models.PositiveIntegerField("版本号")
    content = models.JSONField("内容", default=list)
    note = models.CharField("修改说明", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    SCOPE_REGION = "report__region"

    class Meta:
        verbose_name = "报告版本"
        verbose_name_plural = "报告版本"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"],
                                               name="reportversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"


class ReportSignoff(models.Model):
    class Role(models.TextChoices):
        OFFICE = "office", "依法治县办审核"
        LEADER = "leader", "领导签发"

    report = models.ForeignKey(AnnualReport, verbose_name="报告", on_delete=models.CASCADE,
                               related_name="signoffs")
    role = models.CharField("环节", max_length=20, choices=Role.choices)
    signer_name = models.CharField("签发人", max_length=100)
    signer_post = models.CharField("职务", max_length=100, blank=True)
    version_number = models.PositiveIntegerField("所签版本")
    signed_on = models.DateField("签发日期")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    SCOPE_REGION = "report__region"

    class Meta:
        verbose_name = "签发记录"
        verbose_name_plural = "签发记录"
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.signer_name}"


class ContributionRequest(models.Model):
    """The office asks a unit for the paragraphs of a section by a date."""

    class State(models.TextChoices):
        REQUESTED = "requested", "待单位撰写"
        SUBMITTED = "submitted", "单位已提交"
        ACCEPTED = "accepted", "已采用"
        RETURNED = "returned", "已退回"

    report = models.ForeignKey(AnnualReport, verbose_name="报告", on_delete=models.CASCADE,
                               related_name="contributions")
    section = models.ForeignKey(ReportSection, verbose_name="章节", on_delete=models.CASCADE,
                                related_name="contributions")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT,
                             related_name="report_contributions")
    instructions = models.TextField("撰写要求", blank=True)
    due = models.DateField("提交期限")
    state = models.CharField("状态", max_length=20, choices=State.choices,
                             default=State.REQUESTED, db_index=True)
    text = models.TextField("单位撰写的内容", blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    SCOPE_REGION = "report__region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "材料征集"
        verbose_name_plural = "材料征集"
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.section}"
