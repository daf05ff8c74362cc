"""The one store of figures: every indicator value, whatever its origin.

Computed values (from the registers), values units report by hand and values
read out of published annual reports are all ``IndicatorValue`` rows of the
same catalogue codes, each with its source and its provenance, so that
dashboards, assessment, reports and comparisons read only this table.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.org.models import Region, Unit

from . import catalogue


def validate_code(code: str) -> None:
    """A value must belong to an indicator of the catalogue."""
    if catalogue.find(code) is None:
        raise ValidationError(f"指标代码“{code}”不在指标目录中。", code="unknown_indicator")


class IndicatorValue(models.Model):
    class Source(models.TextChoices):
        COMPUTED = "computed", "系统计算"
        REPORTED = "reported", "单位填报"
        EXTRACTED = "extracted", "报告提取"

    code = models.CharField("指标代码", max_length=64, validators=[validate_code])
    region = models.ForeignKey(
        Region, verbose_name="地区", null=True, blank=True, on_delete=models.PROTECT,
        related_name="indicator_values",
    )
    # As written: a report read here may name a county the system does not hold.
    region_name = models.CharField("地区名称", max_length=100, blank=True)
    # Who holds the row when it is not the region itself: the county office or
    # city that uploaded the report it was read from. Scoping follows either.
    owner_region = models.ForeignKey(
        Region, verbose_name="归属地区", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="indicator_values",
    )
    year = models.PositiveSmallIntegerField("年度")
    period_start = models.DateField("期间起", null=True, blank=True)
    period_end = models.DateField("期间止", null=True, blank=True)
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    numerator = models.DecimalField("分子", max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField("分母", max_digits=20, decimal_places=4, null=True,
                                      blank=True)
    dims = models.JSONField("细分维度", default=dict, blank=True)
    approx = models.BooleanField("约数", default=False, help_text="原文为“余”“多”“以上”等")
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    provenance = models.JSONField(
        "出处", default=dict, blank=True,
        help_text="报告提取：{report, start, end, quote}；计算：所依据的记录",
    )
    # The origin as one indexed key ("analysis.report:12"), so that re-reading a
    # report replaces exactly its own values without a JSON lookup.
    origin = models.CharField("来源标识", max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    SCOPE_REGION = ("region", "owner_region")
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "指标值"
        verbose_name_plural = "指标值"
        ordering = ["code", "year", "region_name", "pk"]
        indexes = [
            models.Index(fields=["code", "year"], name="indval_code_year"),
            models.Index(fields=["source", "year", "code"], name="indval_source_year_code"),
            models.Index(fields=["region", "year"], name="indval_region_year"),
            models.Index(fields=["region_name", "code", "year"], name="indval_rname_code_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False) | ~models.Q(region_name=""),
                name="indval_has_region",
                violation_error_message="指标值须指明地区。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_name or self.region} {self.year} {self.code}={self.value}"

    @property
    def indicator(self) -> catalogue.Indicator | None:
        return catalogue.find(self.code)

    @property
    def name(self) -> str:
        ind = self.indicator
        return ind.name if ind else self.code

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "期间止不能早于期间起。"})
        if self.region_id and not self.region_name:
            self.region_name = self.region.name
