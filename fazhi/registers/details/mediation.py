"""人民调解登记簿的明细（MediationCommittee, Mediator, MediationDetail）.

The county's people's mediation committees (村（居）、乡镇（街道）、行业性专业性调委会
and 调解室), each guided by a unit (the town or street, or the department of
its trade), their mediators, and the disputes mediated: type, parties,
committee, dates, outcome (成功 / 不成功), the agreement and whether it was
performed (《中华人民共和国人民调解法》: 调解协议、履行).
"""

from __future__ import annotations

from django.db import models

# Only the models are star-imported by details/__init__ (for the app registry).
__all__ = ["MediationCommittee", "MediationDetail", "Mediator"]


class CommitteeKind(models.TextChoices):
    VILLAGE = "village", "村（居）民委员会人民调解委员会"
    TOWNSHIP = "township", "乡镇（街道）人民调解委员会"
    INDUSTRY = "industry", "行业性专业性人民调解委员会"
    ROOM = "room", "人民调解工作室（品牌调解室）"


class DisputeType(models.TextChoices):
    NEIGHBOUR = "neighbour", "邻里纠纷"
    FAMILY = "family", "婚姻家庭纠纷"
    LAND = "land", "土地承包、宅基地纠纷"
    DEBT = "debt", "债务、合同纠纷"
    WAGES = "wages", "劳动、劳务（欠薪）纠纷"
    TRAFFIC = "traffic", "道路交通事故纠纷"
    MEDICAL = "medical", "医疗纠纷"
    PROPERTY = "property", "物业纠纷"
    OTHER = "other", "其他纠纷"


class Agreement(models.TextChoices):
    WRITTEN = "written", "书面调解协议"
    ORAL = "oral", "口头协议"


class Performance(models.TextChoices):
    PERFORMED = "performed", "已履行"
    PARTLY = "partly", "部分履行"
    NOT_PERFORMED = "not_performed", "未履行"


class MediationCommittee(models.Model):
    region = models.ForeignKey("org.Region", verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="mediation_committees")
    unit = models.ForeignKey("org.Unit", verbose_name="指导单位", on_delete=models.PROTECT,
                             related_name="mediation_committees",
                             help_text="所在镇（街道）或行业主管部门")
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=CommitteeKind.choices)
    established_on = models.DateField("设立日期")
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)  # the figures' freshness

    SCOPE_REGION = "region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "人民调解委员会"
        verbose_name_plural = "人民调解委员会"
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"],
                                               name="mediation_committee_unique_name")]

    def __str__(self) -> str:
        return self.name


class Mediator(models.Model):
    committee = models.ForeignKey(MediationCommittee, verbose_name="所属调委会",
                                  on_delete=models.PROTECT, related_name="mediators")
    name = models.CharField("姓名", max_length=50)
    full_time = models.BooleanField("专职人民调解员", default=False)
    joined_on = models.DateField("选聘日期")
    left_on = models.DateField("解聘日期", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)  # the figures' freshness

    SCOPE_REGION = "committee__region"
    SCOPE_UNIT = "committee__unit"

    class Meta:
        verbose_name = "人民调解员"
        verbose_name_plural = "人民调解员"
        ordering = ["committee", "name"]

    def __str__(self) -> str:
        return self.name


class MediationDetail(models.Model):
    case = models.OneToOneField("registers.Case", on_delete=models.CASCADE,
                                related_name="mediation")
    committee = models.ForeignKey(MediationCommittee, verbose_name="调解组织",
                                  on_delete=models.PROTECT, related_name="disputes")
    dispute_type = models.CharField("纠纷类型", max_length=20, choices=DisputeType.choices)
    parties = models.CharField("当事人", max_length=300, help_text="各方当事人，用顿号分隔")
    mediator = models.CharField("调解员", max_length=100, blank=True)
    outcome_on = models.DateField("调解结束日期", null=True, blank=True, db_index=True)
    agreement = models.CharField("协议形式", max_length=20, choices=Agreement.choices, blank=True)
    agreement_summary = models.TextField("协议内容", blank=True)
    failure_reason = models.TextField("调解不成功的原因和告知途径", blank=True,
                                      help_text="调解不成的，告知当事人依法通过仲裁、行政、司法等途径维护权利")
    performance = models.CharField("协议履行情况", max_length=20, choices=Performance.choices,
                                   blank=True)

    class Meta:
        verbose_name = "矛盾纠纷调解"
        verbose_name_plural = "矛盾纠纷调解"

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_dispute_type_display()}"
