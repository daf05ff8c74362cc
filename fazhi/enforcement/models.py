"""不罚轻罚清单 (lenient-penalty lists), versioned.

A county (often per 执法领域) publishes a list of matters not penalised (不予处罚),
given a reduced penalty (减轻处罚) or a lighter one (从轻处罚), each with its
legal basis and conditions (行政处罚法 arts. 32–34). A new version supersedes
the old one from its publication date; items are never edited once the list
is published, so a case keeps pointing at the wording it was decided under.
"""

from __future__ import annotations

from django.db import models

from fazhi.org.models import Region


class LeniencyKind(models.TextChoices):
    NO_PENALTY = "no_penalty", "不予处罚"
    MITIGATED = "mitigated", "减轻处罚"
    LIGHTER = "lighter", "从轻处罚"


class LeniencyList(models.Model):
    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="leniency_lists")
    field_name = models.CharField("执法领域", max_length=100, help_text="如：市场监管、生态环境、交通运输")
    title = models.CharField("清单名称", max_length=200)
    version = models.PositiveIntegerField("版本", default=1)
    published_on = models.DateField("公布日期", null=True, blank=True,
                                    help_text="公布后清单事项不再修改；调整时发布新版本")
    document_number = models.CharField("公布文号", max_length=100, blank=True)
    supersedes = models.OneToOneField("self", verbose_name="取代的版本", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "不罚轻罚清单"
        verbose_name_plural = "不罚轻罚清单"
        ordering = ["field_name", "-version"]
        constraints = [models.UniqueConstraint(fields=["region", "field_name", "version"],
                                               name="leniency_list_unique_version")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class LeniencyItem(models.Model):
    leniency_list = models.ForeignKey(LeniencyList, verbose_name="清单", on_delete=models.PROTECT,
                                      related_name="items")
    number = models.PositiveIntegerField("序号")
    kind = models.CharField("类别", max_length=20, choices=LeniencyKind.choices)
    act = models.CharField("违法行为", max_length=300)
    legal_basis = models.TextField("法律依据", help_text="违法行为的处罚依据和不罚轻罚的依据，如《中华人民共和国行政处罚法》第三十三条第一款")
    conditions = models.TextField("适用条件", help_text="如：初次违法、危害后果轻微并及时改正")

    SCOPE_REGION = "leniency_list__region"

    class Meta:
        verbose_name = "不罚轻罚清单事项"
        verbose_name_plural = "不罚轻罚清单事项"
        ordering = ["leniency_list", "number"]
        constraints = [models.UniqueConstraint(fields=["leniency_list", "number"],
                                               name="leniency_item_unique_number")]

    def __str__(self) -> str:
        return f"{self.leniency_list.field_name}第{self.number}项 {self.act}（{self.get_kind_display()}）"
