"""法治督察与整改登记簿的明细（Inspection, RectificationDetail）.

An inspection (专项督察, 年度考核, 上级督察) covers some units of the county
and finds problems; each problem is a case of this register, owned by the unit
responsible for fixing it, with a rectification deadline, the measures taken,
the evidence, the office's verification and its 销号 (《法治政府建设与责任落实
督察工作规定》: 督察发现的问题督促整改). A problem may also come from a risk
signal of another register (a 复议 decision correcting a unit, a lost case …):
``source_case`` links back to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

# Only the models are star-imported by details/__init__ (for the app registry).
__all__ = ["Inspection", "RectificationDetail"]


class InspectionKind(models.TextChoices):
    SPECIAL = "special", "专项督察"
    ANNUAL = "annual", "年度考核"
    UPPER = "upper", "上级督察"
    OTHER = "other", "其他督察检查"


class Origin(models.TextChoices):
    INSPECTION = "inspection", "督察发现"
    SIGNAL = "signal", "风险提示转办"


class SignalKind(models.TextChoices):
    RECON_CORRECTED = "recon_corrected", "行政复议决定纠错"
    LITIGATION_LOST = "litigation_lost", "行政诉讼败诉"
    HEAD_ABSENT = "head_absent", "行政机关负责人未出庭应诉"
    DISCLOSURE_OVERDUE = "disclosure_overdue", "政府信息公开申请逾期答复"
    NORMATIVE_EXPIRED = "normative_expired", "规范性文件有效期届满仍在施行"


class Inspection(models.Model):
    """One 督察 (or 考核, or an upper level's inspection) of the county's units."""

    region = models.ForeignKey("org.Region", verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="inspections")
    title = models.CharField("督察名称", max_length=200,
                             help_text="如：2026年度行政执法专项督察")
    kind = models.CharField("督察类型", max_length=20, choices=InspectionKind.choices)
    inspector = models.CharField("督察组织单位", max_length=200,
                                 help_text="如：县委依法治县办、聊城市委依法治市办督察组")
    started_on = models.DateField("督察开始日期", db_index=True)
    ended_on = models.DateField("督察结束日期", null=True, blank=True)
    units = models.ManyToManyField("org.Unit", verbose_name="被督察单位", related_name="inspections")
    note = models.TextField("督察情况", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"
    SCOPE_UNIT_VIA = "units"  # a unit's clerk sees the inspections of their unit

    class Meta:
        verbose_name = "法治督察"
        verbose_name_plural = "法治督察"
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title


class RectificationDetail(models.Model):
    case = models.OneToOneField("registers.Case", on_delete=models.CASCADE,
                                related_name="rectification")
    origin = models.CharField("问题来源", max_length=20, choices=Origin.choices,
                              default=Origin.INSPECTION)
    inspection = models.ForeignKey(Inspection, verbose_name="所属督察", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="findings")
    signal_kind = models.CharField("风险提示类型", max_length=30, choices=SignalKind.choices,
                                   blank=True)
    source_case = models.ForeignKey(
        "registers.Case", verbose_name="风险来源事项", null=True, blank=True,
        on_delete=models.PROTECT, related_name="rectifications",
        help_text="由复议、应诉、信息公开、规范性文件登记簿的风险提示转办的，关联该事项")
    problem = models.TextField("问题描述")
    typical_case = models.BooleanField("通报典型案例", default=False)
    rectify_by = models.DateField("整改期限", db_index=True)
    measures = models.TextField("整改措施", blank=True)
    evidence_note = models.TextField(
        "佐证材料", blank=True,
        help_text="整改到位的佐证材料清单（文件、台账、照片等）；也可以上传附件")
    reported_on = models.DateField("报送整改情况日期", null=True, blank=True)
    verification = models.TextField("核验意见", blank=True)
    verified_on = models.DateField("核验日期", null=True, blank=True)
    return_reason = models.TextField("退回重新整改的理由", blank=True)
    extension_reason = models.CharField("延期整改理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "督察问题整改"
        verbose_name_plural = "督察问题整改"
        constraints = [
            # One finding per signal of one source case.
            models.UniqueConstraint(fields=["source_case", "signal_kind"],
                                    condition=~models.Q(signal_kind=""),
                                    name="rectification_signal_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.case.title}"
