"""The one store of figures: every indicator value, whatever its origin.

Computed values (from the registers), values units report by hand and values
read out of published annual reports are all ``IndicatorValue`` rows of the
same catalogue codes, each with its source and its provenance, so that
dashboards, assessment, reports and comparisons read only this table.
"""

from __future__ import annotations

from django.conf import settings
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
    # None only for a rate whose denominator is 0: shown “—”, never 0 % or 100 %.
    value = models.DecimalField("数值", max_digits=20, decimal_places=4, null=True, blank=True)
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
    # Computed values: when the records were last counted (records changed
    # after it make the value stale).
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)

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
            models.Index(fields=["source", "region", "year", "unit"], name="indval_src_region_year"),
            models.Index(fields=["source", "unit", "year"], name="indval_src_unit_year"),
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
    def display(self) -> str:
        """The value as a person reads it: “91件”, “98.5%”, “—” for an empty rate."""
        from .services import value_text

        return value_text(self)

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


class IndicatorDefinition(models.Model):
    """The catalogue as data: one row per code, loaded from catalogue.yaml and
    catalogue_local.yaml by migrations (``sync_catalogue``). Codes are never
    renamed or removed; a catalogue change is a data migration."""

    code = models.CharField("指标代码", max_length=64, primary_key=True)
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20)
    unit = models.CharField("计量单位", max_length=20, blank=True)
    register = models.CharField("来源", max_length=40, blank=True)
    definition = models.TextField("定义", blank=True)
    dims = models.CharField("细分维度", max_length=300, blank=True)
    official = models.CharField("指标体系出处", max_length=300, blank=True)
    phrasings = models.JSONField("报告表述", default=list, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)
    is_local = models.BooleanField("本系统指标", default=False,
                                   help_text="任务台账等本系统产生、公开报告无固定表述的指标")

    class Meta:
        verbose_name = "指标定义"
        verbose_name_plural = "指标目录"
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorTarget(models.Model):
    """A target the county office sets for a figure of a year (from the work
    plan or the assessment scheme): the cockpit warns below it."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", "不低于"
        AT_MOST = "at_most", "不高于"

    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.CASCADE,
                               related_name="indicator_targets")
    year = models.PositiveSmallIntegerField("年度")
    code = models.CharField("指标代码", max_length=64, validators=[validate_code])
    target = models.DecimalField("目标值", max_digits=20, decimal_places=4)
    direction = models.CharField("比较方式", max_length=20, choices=Direction.choices,
                                 default=Direction.AT_LEAST)
    basis = models.CharField("目标来源", max_length=200, blank=True,
                             help_text="如：2026年工作计划第3项、考核细则")

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "指标目标"
        verbose_name_plural = "指标目标"
        ordering = ["region", "year", "code"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "code"],
                                               name="indtarget_unique")]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.code} {self.get_direction_display()}{self.target}"

    def met_by(self, value: object) -> bool | None:
        if value is None:
            return None
        if self.direction == self.Direction.AT_MOST:
            return value <= self.target
        return value >= self.target


class RecomputeRun(models.Model):
    """One recomputation of a region's computed figures for a year, run by the
    background worker; requests arriving while one is pending join it (debounce)."""

    class Status(models.TextChoices):
        PENDING = "pending", "等待计算"
        RUNNING = "running", "正在计算"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.CASCADE,
                               related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    reason = models.CharField("原因", max_length=100, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    requested_at = models.DateTimeField("请求时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    total = models.PositiveIntegerField("总步数", default=0)
    done = models.PositiveIntegerField("已完成步数", default=0)
    values_written = models.PositiveIntegerField("写入指标值", default=0)
    error = models.TextField("错误", blank=True)

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "指标重算"
        verbose_name_plural = "指标重算"
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["region", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.get_status_display()}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status == "done"
                                                                      else 0)


def report_evidence_path(instance: IndicatorReport, filename: str) -> str:
    return f"indicators/reports/{instance.period_start:%Y}/{instance.unit_id}/{filename}"


class IndicatorReport(models.Model):
    """A unit's hand-reported figure of one indicator for one period (年度、季度或月份):
    the indicators no register computes (法律明白人人数、普法活动场次 …).

    草稿 → 待单位审核（经办人提交）→ 待依法治县办审核（负责人审核）→ 已采纳 / 已退回
    （依法治县办，须写明理由）；退回后经办人修改再提交。采纳时写入指标值（单位填报）。
    """

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待单位审核"
        APPROVED = "approved", "待依法治县办审核"
        ACCEPTED = "accepted", "已采纳"
        RETURNED = "returned", "已退回"

    unit = models.ForeignKey(Unit, verbose_name="填报单位", on_delete=models.PROTECT,
                             related_name="indicator_reports")
    # The unit's county, stored so that the office's scope is one indexed filter.
    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="+")
    code = models.CharField("指标代码", max_length=64, validators=[validate_code])
    year = models.PositiveSmallIntegerField("年度")
    period_start = models.DateField("期间起")
    period_end = models.DateField("期间止")
    # count / amount / boolean (1 = 是, 0 = 否); for a rate 100 × numerator ÷ denominator.
    value = models.DecimalField("数值", max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField("分子", max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField("分母", max_digits=20, decimal_places=4, null=True,
                                      blank=True)
    note = models.TextField("说明（计算口径）", blank=True)
    evidence = models.FileField("佐证材料", upload_to=report_evidence_path, blank=True)
    evidence_name = models.CharField("佐证材料文件名", max_length=255, blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    return_reason = models.TextField("退回理由", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("单位审核时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="单位审核人",
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    accepted_at = models.DateTimeField("采纳时间", null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="采纳人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="退回人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)

    SCOPE_REGION = "region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "指标填报"
        verbose_name_plural = "指标填报"
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["region", "state", "updated_at"], name="indrep_region_state"),
            models.Index(fields=["unit", "state", "updated_at"], name="indrep_unit_state"),
            models.Index(fields=["code", "year"], name="indrep_code_year"),
            models.Index(fields=["year", "period_start", "period_end"], name="indrep_period"),
        ]
        constraints = [
            # One live report per unit, indicator and period; a returned one
            # may be left behind when the unit files afresh.
            models.UniqueConstraint(
                fields=["unit", "code", "period_start", "period_end"],
                condition=~models.Q(state="returned"), name="indrep_unique_period",
                violation_error_message="本单位该指标该期间已有填报。"),
            models.CheckConstraint(condition=models.Q(period_start__lte=models.F("period_end")),
                                   name="indrep_period_order",
                                   violation_error_message="期间止不能早于期间起。"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.name} · {self.period_label}"

    @property
    def indicator(self) -> catalogue.Indicator | None:
        return catalogue.find(self.code)

    @property
    def name(self) -> str:
        ind = self.indicator
        return ind.name if ind else self.code

    @property
    def period_label(self) -> str:
        from .periods import Period

        return Period(self.period_start, self.period_end).label

    @property
    def origin(self) -> str:
        """The key of the value this report writes into the store when accepted."""
        return f"indicators.report:{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.state in {self.State.DRAFT, self.State.RETURNED}

    @property
    def display(self) -> str:
        """The figure as a person reads it: “120人”, “93.3%”, “是”, “—”."""
        from .reported import value_text

        return value_text(self)
