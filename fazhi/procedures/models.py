"""期限规则的地区参数：对标为 M（通行做法）或因地区而异的规则，覆盖代码中声明的默认值。"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .definitions import PROCESSES, ProcedureLookupError, get_rule

PROCESS_CHOICES = [(p.key, f"{p.label}（{p.key}）") for p in PROCESSES.values()]
UNIT_CHOICES = [("WD", "工作日"), ("CD", "日（自然日）"), ("months", "月")]


class RuleSetting(models.Model):
    """Override of a configurable deadline rule, nationally (region empty) or
    for a region and everything beneath it. The most specific row wins:
    the region itself, then its ancestors, then the national row, then the
    default declared in fazhi.procedures.definitions (design/rules.md)."""

    process = models.CharField("程序", max_length=40, choices=PROCESS_CHOICES)
    step = models.CharField("环节", max_length=40,
                            help_text="环节键，如 filing、publicity_penalty（见 docs/procedures.md）")
    region = models.ForeignKey(
        "org.Region", verbose_name="适用地区", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text="留空表示全国默认",
    )
    amount = models.PositiveIntegerField("期限数")
    unit = models.CharField("单位", max_length=10, choices=UNIT_CHOICES)
    extension_amount = models.PositiveIntegerField(
        "可延长数", null=True, blank=True, help_text="留空则沿用法定默认值（单位同上）")
    basis = models.CharField("依据", max_length=300, blank=True,
                             help_text="地方规定的名称和条款；留空则沿用默认依据")
    note = models.TextField("说明", blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "期限规则参数"
        verbose_name_plural = "期限规则参数"
        ordering = ["process", "step", "region"]
        constraints = [
            models.UniqueConstraint(fields=["process", "step", "region"],
                                    name="rulesetting_unique_per_region"),
            models.UniqueConstraint(fields=["process", "step"], condition=Q(region__isnull=True),
                                    name="rulesetting_unique_national"),
        ]

    def __str__(self) -> str:
        where = str(self.region) if self.region_id else "全国默认"
        return f"{self.process}.{self.step}（{where}）：{self.amount}{self.unit}"

    def clean(self) -> None:
        try:
            rule = get_rule(self.process, self.step)
        except ProcedureLookupError as exc:
            raise ValidationError({"step": str(exc)}) from exc
        if not rule.configurable:
            # C1 national rules are the law, not a parameter.
            raise ValidationError({"step": f"“{rule.label}”的期限由法律直接规定（{rule.basis}），不可按地区配置。"})
        if self.amount is not None and self.amount < 1:
            raise ValidationError({"amount": "期限数必须大于 0。"})
