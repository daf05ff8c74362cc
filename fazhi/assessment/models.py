"""考核：方案、考核项目、人工评分、异议与年度定稿.

A county office configures a ``Scheme`` per year and kind of unit; its
``SchemeItem``s say how each part of the score is earned (against an
indicator's target, a deduction per counted record, a bonus, or by hand).
Scores are computed live from the indicator engine until the office closes
the year: ``CloseScheme`` then writes one ``UnitScore`` per unit, a frozen
snapshot of the whole breakdown that later record changes never alter.
"""

from __future__ import annotations

import os
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from fazhi.indicators import catalogue
from fazhi.indicators.models import IndicatorTarget
from fazhi.indicators.services import format_decimal
from fazhi.org.models import Region, Unit

POSITIVE = [MinValueValidator(Decimal(0), message="不能为负数。")]


class Scheme(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        CLOSED = "closed", "已定稿"

    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="assessment_schemes")
    year = models.PositiveSmallIntegerField("考核年度")
    name = models.CharField("方案名称", max_length=200)
    # Who is assessed: active units of the county of these kinds (Unit.Kind
    # values); with ``law_enforcement_only``, only law-enforcement bodies.
    unit_kinds = models.JSONField("考核对象（单位类型）", default=list, blank=True)
    law_enforcement_only = models.BooleanField("仅行政执法部门", default=False)
    description = models.TextField("说明", blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    closed_at = models.DateTimeField("定稿时间", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="定稿人", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")

    SCOPE_REGION = "region"
    # The county's units read its published schemes (views keep drafts from them).
    SCOPE_UNIT_VIA = "region__units"

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "region", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "name"],
                                               name="scheme_unique_name")]
        indexes = [models.Index(fields=["region", "year", "state"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    def units(self) -> models.QuerySet[Unit]:
        """The units assessed by this scheme."""
        qs = Unit.objects.filter(region_id=self.region_id, is_active=True)
        if self.unit_kinds:
            qs = qs.filter(kind__in=self.unit_kinds)
        if self.law_enforcement_only:
            qs = qs.filter(is_law_enforcement=True)
        elif not self.unit_kinds:
            return qs.none()
        return qs.order_by("sort_order", "name")

    def covers(self, unit: Unit) -> bool:
        """Whether ``unit`` is assessed by this scheme (the same rule as ``units``)."""
        if unit.region_id != self.region_id or not unit.is_active:
            return False
        if not self.unit_kinds and not self.law_enforcement_only:
            return False
        if self.unit_kinds and unit.kind not in self.unit_kinds:
            return False
        return unit.is_law_enforcement or not self.law_enforcement_only

    @property
    def target_text(self) -> str:
        labels = dict(Unit.Kind.choices)
        kinds = "、".join(str(labels.get(k, k)) for k in self.unit_kinds)
        if self.law_enforcement_only:
            return f"{kinds}中的行政执法部门" if kinds else "行政执法部门"
        return kinds or "—"


class SchemeItem(models.Model):
    class Kind(models.TextChoices):
        TARGET = "indicator_target", "指标达标"
        DEDUCTION = "deduction", "扣分项"
        BONUS = "bonus", "加分项"
        MANUAL = "manual", "人工评分"

    Direction = IndicatorTarget.Direction

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE,
                               related_name="items")
    order = models.PositiveSmallIntegerField("序号", default=1)
    title = models.CharField("考核项目", max_length=200)
    kind = models.CharField("计分方式", max_length=20, choices=Kind.choices)
    code = models.CharField("依据指标", max_length=64, blank=True)
    full_marks = models.DecimalField("分值", max_digits=7, decimal_places=2, default=Decimal(0),
                                     validators=POSITIVE,
                                     help_text="本项满分；加分项填0")
    target = models.DecimalField("目标值", max_digits=12, decimal_places=4, null=True, blank=True,
                                 help_text="比率按百分数填写，如 95 表示 95%")
    direction = models.CharField("比较方式", max_length=20, choices=Direction.choices,
                                 default=Direction.AT_LEAST)
    per_item = models.DecimalField("每件（项）分值", max_digits=7, decimal_places=2, null=True,
                                   blank=True, validators=POSITIVE)
    cap = models.DecimalField("上限", max_digits=7, decimal_places=2, null=True, blank=True,
                              validators=POSITIVE, help_text="扣分项：最多扣分；加分项：最多加分")
    description = models.TextField("评分细则", blank=True)

    SCOPE_REGION = "scheme__region"

    class Meta:
        verbose_name = "考核项目"
        verbose_name_plural = "考核项目"
        ordering = ["scheme", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def indicator(self) -> catalogue.Indicator | None:
        return catalogue.find(self.code)

    @property
    def is_bonus(self) -> bool:
        return self.kind == self.Kind.BONUS

    @property
    def is_hand_scored(self) -> bool:
        """Points entered by the office: manual items and bonus items without an indicator."""
        return self.kind == self.Kind.MANUAL or (self.is_bonus and not self.code)

    @property
    def max_points(self) -> Decimal:
        """The most this item can give (bonus: its cap)."""
        if self.is_bonus:
            return self.cap if self.cap is not None else Decimal(0)
        return self.full_marks

    @property
    def count_unit(self) -> str:
        """What a deduction or bonus counts in: the indicator's unit (项, 件), else 件."""
        ind = self.indicator
        return ind.unit if ind and ind.kind == "count" and ind.unit else "件"

    @property
    def rule_text(self) -> str:
        """The scoring rule in words, as the scheme document states it."""
        ind = self.indicator
        name = ind.name if ind else ""
        unit = ind.unit if ind else ""
        f = format_decimal
        if self.kind == self.Kind.TARGET:
            target = f"{f(self.target)}{unit}" if self.target is not None else "—"
            return (f"{name}{self.get_direction_display()}{target}的得满分{f(self.full_marks)}分；"
                    "未达到的按完成比例得分；无可计数事项的不适用，按满分计。")
        counted = f"计入“{name}”分子的每1件" if ind and ind.kind == "rate" else \
            f"“{name}”每1{self.count_unit}"
        if self.kind == self.Kind.DEDUCTION:
            cap = self.cap if self.cap is not None else self.full_marks
            return (f"{counted}扣{f(self.per_item)}分，最多扣{f(cap)}分"
                    f"（本项{f(self.full_marks)}分）。")
        if self.kind == self.Kind.BONUS:
            if self.code:
                return f"{counted}加{f(self.per_item)}分，最多加{f(self.cap)}分。"
            return f"由依法治县办评定加分，最多加{f(self.cap)}分。"
        return f"由依法治县办依据佐证材料评分，满分{f(self.full_marks)}分。"


def evidence_path(instance: ManualScore, filename: str) -> str:
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"assessment/{instance.item.scheme_id}/{uuid.uuid4().hex}{ext}"


class ManualScore(models.Model):
    """Points the office gives a unit on a hand-scored item, with the reason
    and, optionally, the evidence it relied on."""

    item = models.ForeignKey(SchemeItem, verbose_name="考核项目", on_delete=models.CASCADE,
                             related_name="manual_scores")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("得分", max_digits=7, decimal_places=2, validators=POSITIVE)
    reason = models.TextField("评分理由")
    evidence = models.FileField("佐证材料", upload_to=evidence_path, blank=True)
    evidence_name = models.CharField("佐证材料文件名", max_length=255, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评分人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField("评分时间", auto_now=True)

    SCOPE_REGION = "item__scheme__region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "人工评分"
        verbose_name_plural = "人工评分"
        constraints = [models.UniqueConstraint(fields=["item", "unit"], name="manualscore_unique")]

    def __str__(self) -> str:
        return f"{self.unit} {self.item} {self.points}"


class Objection(models.Model):
    """A unit disputes the points of one item of its score; the office rules."""

    class State(models.TextChoices):
        PENDING = "pending", "待裁定"
        UPHELD = "upheld", "已采纳"
        REJECTED = "rejected", "已驳回"

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE,
                               related_name="objections")
    item = models.ForeignKey(SchemeItem, verbose_name="考核项目", on_delete=models.PROTECT,
                             related_name="objections")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("异议理由")
    points_objected = models.DecimalField("提出异议时的得分", max_digits=7, decimal_places=2,
                                          null=True, blank=True)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField("提出时间", auto_now_add=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING,
                             db_index=True)
    ruling_reason = models.TextField("裁定理由", blank=True)
    adjusted_points = models.DecimalField("调整后得分", max_digits=7, decimal_places=2, null=True,
                                          blank=True, validators=POSITIVE)
    ruled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="裁定人", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    ruled_at = models.DateTimeField("裁定时间", null=True, blank=True)

    SCOPE_REGION = "scheme__region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "考核异议"
        verbose_name_plural = "考核异议"
        ordering = ["raised_at", "pk"]
        indexes = [models.Index(fields=["scheme", "state"])]
        constraints = [models.UniqueConstraint(
            fields=["item", "unit"], condition=Q(state="pending"), name="objection_one_pending",
            violation_error_message="该项目已有待裁定的异议。")]

    def __str__(self) -> str:
        return f"{self.unit} 对“{self.item}”的异议"


class UnitScore(models.Model):
    """The frozen result of one unit when the year is closed: total, rank and
    the full breakdown (each item's value, numerator, denominator, points and
    the ids of the records behind it), as JSON that no record change alters."""

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE,
                               related_name="unit_scores")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField("单位名称", max_length=100)
    total = models.DecimalField("总分", max_digits=8, decimal_places=2)
    rank = models.PositiveIntegerField("名次")
    breakdown = models.JSONField("得分明细", default=dict)
    frozen_at = models.DateTimeField("定稿时间", auto_now_add=True)

    SCOPE_REGION = "scheme__region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        ordering = ["scheme", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit"], name="unitscore_unique")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.unit_name} {self.total}"
