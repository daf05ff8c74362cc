"""合法性审查登记簿的明细（LegalityReviewDetail）.

One review request: a unit (department, town, street, 开发区) sends a draft — a
行政规范性文件, a 重大行政决策, an administrative agreement or contract, or
another matter — to the reviewing body (司法局, 司法所, a legal adviser or a
public lawyer), which gives its opinion within the period the county sets
(rules.md §4, §5). The registers of normative documents and major decisions
open their reviews here (``source_case``) and read the opinion back.
"""

from __future__ import annotations

from django.db import models

__all__ = ["Adoption", "LegalityReviewDetail", "MatterKind", "Opinion", "ReviewerKind",
           "OPINION_STEP"]


class MatterKind(models.TextChoices):
    NORMATIVE_DOCUMENT = "normative_document", "行政规范性文件"
    MAJOR_DECISION = "major_decision", "重大行政决策"
    AGREEMENT = "agreement", "行政协议（合同）"
    OTHER = "other", "其他重大事项"


# The deadline rule of each matter kind (fazhi.procedures: LEGALITY_REVIEW).
OPINION_STEP = {
    MatterKind.NORMATIVE_DOCUMENT: "opinion_normative",
    MatterKind.MAJOR_DECISION: "opinion_decision",
    MatterKind.AGREEMENT: "opinion_agreement",
    MatterKind.OTHER: "opinion_other",
}


class ReviewerKind(models.TextChoices):
    JUSTICE_BUREAU = "justice_bureau", "司法局"
    JUSTICE_OFFICE = "justice_office", "司法所"
    LEGAL_ADVISER = "legal_adviser", "法律顾问"
    PUBLIC_LAWYER = "public_lawyer", "公职律师"
    OTHER = "other", "其他审查机构"


class Opinion(models.TextChoices):
    LAWFUL = "lawful", "合法"
    LAWFUL_AFTER_CHANGES = "lawful_after_changes", "修改后合法"
    UNLAWFUL = "unlawful", "不合法"


class Adoption(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class LegalityReviewDetail(models.Model):
    case = models.OneToOneField("registers.Case", on_delete=models.CASCADE,
                                related_name="legality_review")
    matter_kind = models.CharField("审查事项类别", max_length=30, choices=MatterKind.choices)
    reviewer_kind = models.CharField("审查机构", max_length=30, choices=ReviewerKind.choices)
    reviewer_name = models.CharField("审查人员或机构名称", max_length=200, blank=True,
                                     help_text="如：县司法局合法性审查科、某律师事务所")
    source_case = models.ForeignKey(
        "registers.Case", verbose_name="送审事项", null=True, blank=True,
        on_delete=models.PROTECT, related_name="legality_reviews",
        help_text="由规范性文件、重大行政决策登记簿送审的，关联该事项")
    supplement_items = models.TextField("需补充的材料", blank=True)
    supplement_requested_on = models.DateField("退回补充日期", null=True, blank=True)
    supplement_received_on = models.DateField("收到补充材料日期", null=True, blank=True)
    opinion = models.CharField("审查意见", max_length=30, choices=Opinion.choices, blank=True)
    opinion_on = models.DateField("出具意见日期", null=True, blank=True, db_index=True)
    opinion_reasons = models.TextField(
        "理由和修改意见", blank=True,
        help_text="认为不合法或者需要修改后才合法的，写明理由、依据和修改意见")
    opinion_number = models.CharField("审查意见书文号", max_length=100, blank=True)
    counsel_consulted = models.BooleanField(
        "组织法律顾问、公职律师提出法律意见", default=False,
        help_text="重大行政决策的合法性审查应当组织法律顾问、公职律师提出法律意见（条例第二十八条）")
    working_days_taken = models.PositiveIntegerField("审查用时（工作日）", null=True, blank=True)
    adoption = models.CharField("采纳情况", max_length=20, choices=Adoption.choices, blank=True)
    adoption_note = models.TextField("采纳情况说明", blank=True)
    withdrawal_reason = models.CharField("撤回理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "合法性审查"
        verbose_name_plural = "合法性审查"
        indexes = [models.Index(fields=["matter_kind", "opinion"])]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_matter_kind_display()}"
