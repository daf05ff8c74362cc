"""信访登记簿的明细（PetitionDetail）.

One 信访事项 received by a unit, directly from the petitioner or forwarded /
assigned by the 信访部门 or a higher body (《信访工作条例》第二十二条、第二十三条),
classed as 申诉求决、建议意见 or 检举控告 (第二十九条至第三十一条); a claim goes
to its legal channel (第三十一条第一项至第五项) or is handled under 第三十一条第六项
and ends with a 信访处理意见书 (第三十二条、第三十四条), which the petitioner may
take to 复查 and then 复核 (第三十五条、第三十六条).
"""

from __future__ import annotations

from django.db import models

# Only the model is star-imported by details/__init__; choices by name.
__all__ = ["PetitionDetail"]


class Source(models.TextChoices):
    DIRECT = "direct", "信访人直接提出"
    ASSIGNED = "assigned", "信访部门或上级机关转送、交办"


class Form(models.TextChoices):
    """第十七条: the forms a petition takes."""

    ONLINE = "online", "信息网络"
    LETTER = "letter", "书信"
    PHONE = "phone", "电话"
    FAX = "fax", "传真"
    VISIT = "visit", "走访"


class Category(models.TextChoices):
    CLAIM = "claim", "申诉求决类"
    SUGGESTION = "suggestion", "建议意见类"
    ACCUSATION = "accusation", "检举控告类"


class Route(models.TextChoices):
    """第三十一条: how a claim is handled; items 1–5 are routed, item 6 is ours."""

    LITIGATION = "1", "第一项：诉讼、复议、检察、公安等法律程序"
    ARBITRATION = "2", "第二项：仲裁"
    PARTY = "3", "第三项：党员申诉、申请复审等"
    ADMINISTRATIVE = "4", "第四项：行政复议、行政裁决、行政确认、行政许可、行政处罚等行政程序"
    DUTY = "5", "第五项：依法履行职责或者答复（查处违法行为、保护人身权或者财产权等）"
    RESIDUAL = "6", "第六项：其他事项，调查核实后出具信访处理意见书"


ROUTED = tuple(r.value for r in Route if r != Route.RESIDUAL)


class LinkedRegister(models.TextChoices):
    """Registers of this platform a routed claim may go to (the case is linked)."""

    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政应诉"
    MEDIATION = "mediation", "人民调解"
    ENFORCEMENT = "enforcement_case", "行政执法"
    DISCLOSURE = "disclosure", "政府信息公开申请"


class Adoption(models.TextChoices):
    """第二十九条: a suggestion adopted, partly adopted or not."""

    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳（说明理由）"


class Opinion(models.TextChoices):
    """第三十二条第一款: the three outcomes of a 信访处理意见书."""

    SUPPORT = "support", "予以支持"
    EXPLAIN = "explain", "作出解释说明"
    REJECT = "reject", "不予支持"


class ReviewResult(models.TextChoices):
    UPHELD = "upheld", "维持原处理意见"
    CHANGED = "changed", "变更原处理意见"
    REVOKED = "revoked", "撤销原处理意见，责令重新处理"


class PetitionDetail(models.Model):
    case = models.OneToOneField("registers.Case", on_delete=models.CASCADE,
                                related_name="petition")
    petitioner = models.CharField("信访人", max_length=200,
                                  help_text="姓名（名称）；多人的写代表姓名及人数")
    headcount = models.PositiveIntegerField("人数", default=1,
                                            help_text="多人走访的应当推选代表，代表不超过5人（第二十条）")
    address = models.CharField("住址（联系方式）", max_length=200, blank=True)
    identity_unclear = models.BooleanField(
        "姓名（名称）、住址不清", default=False,
        help_text="信访人直接提出且姓名（名称）、住址不清的，不适用15日内书面告知（第二十三条第二款）")
    form = models.CharField("信访形式", max_length=10, choices=Form.choices)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.DIRECT)
    assigned_by = models.CharField("转送、交办机关", max_length=100, blank=True,
                                   help_text="如：县信访局、市信访局")
    category = models.CharField("信访事项类别", max_length=12, choices=Category.choices,
                                db_index=True)
    content = models.TextField("信访请求和事实、理由")
    # -- 第二十三条第三款 异议 ---------------------------------------------------------
    objection_due = models.DateField("提出异议的期限", null=True, blank=True,
                                     help_text="转送、交办的事项：收到之日起5个工作日（第二十三条第三款）")
    objection_due_provisional = models.BooleanField("异议期限暂定", default=False)
    objection_reason = models.TextField("异议理由", blank=True,
                                        help_text="不属于本机关、单位或者本系统职权范围的，详细说明理由")
    objection_on = models.DateField("提出异议日期", null=True, blank=True)
    # -- 告知、受理和去向 --------------------------------------------------------------
    notified_on = models.DateField("书面告知信访人日期", null=True, blank=True, db_index=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True, db_index=True)
    route = models.CharField("办理方式（第三十一条）", max_length=2, choices=Route.choices, blank=True,
                             db_index=True)
    route_body = models.CharField("导入的程序或有权处理的机关", max_length=200, blank=True,
                                  help_text="如：县人民法院、县人民政府（行政复议）、县劳动人事争议仲裁委员会")
    linked_register = models.CharField("本平台登记簿", max_length=20, blank=True,
                                       choices=LinkedRegister.choices,
                                       help_text="导入的程序在本平台登记的，选择登记簿并填写案件编号")
    linked_number = models.CharField("关联案件编号", max_length=100, blank=True)
    linked_case = models.ForeignKey("registers.Case", verbose_name="关联案件", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="petitions_routed")
    transfer_to = models.CharField("转送、交办或告知的去向", max_length=200, blank=True,
                                   help_text="有权处理的机关、单位，如：县纪委监委、某镇人民政府")
    # -- 建议意见类（第二十九条） ------------------------------------------------------
    adoption = models.CharField("采纳情况", max_length=12, choices=Adoption.choices, blank=True)
    reply_summary = models.TextField("回复内容摘要", blank=True)
    # -- 延长办理期限（第三十四条） ----------------------------------------------------
    extended_on = models.DateField("批准延长日期", null=True, blank=True)
    extension_days = models.PositiveIntegerField(
        "延长日数", null=True, blank=True, help_text="延长期限不得超过30日（第三十四条）；留空为30日")
    extension_approver = models.CharField("批准延长的负责人", max_length=100, blank=True)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    extension_told_on = models.DateField("告知信访人延期理由日期", null=True, blank=True)
    # -- 信访处理意见书（第三十二条） --------------------------------------------------
    opinion = models.CharField("处理意见", max_length=10, choices=Opinion.choices, blank=True)
    opinion_number = models.CharField("信访处理意见书文号", max_length=100, blank=True)
    opinion_request = models.TextField("投诉请求", blank=True)
    opinion_facts = models.TextField("事实和理由", blank=True)
    opinion_text = models.TextField("处理意见内容", blank=True)
    opinion_basis = models.TextField("法律法规依据", blank=True)
    concluded_on = models.DateField("出具信访处理意见书日期", null=True, blank=True, db_index=True)
    delivered_on = models.DateField("信访人收到意见书日期", null=True, blank=True,
                                    help_text="留空为出具当日；请求复查的30日自此日起算（第三十五条）")
    review_request_due = models.DateField("请求复查的期限", null=True, blank=True)
    review_request_due_provisional = models.BooleanField("复查期限暂定", default=False)
    # -- 复查（第三十五条） ------------------------------------------------------------
    review_body = models.CharField("复查机关", max_length=100, blank=True,
                                   help_text="原办理机关、单位的上一级机关、单位")
    review_submitted_on = models.DateField("信访人请求复查日期", null=True, blank=True,
                                           help_text="留空为复查机关收到请求之日")
    review_received_on = models.DateField("收到复查请求日期", null=True, blank=True)
    review_result = models.CharField("复查意见", max_length=10, choices=ReviewResult.choices,
                                     blank=True)
    reviewed_on = models.DateField("出具复查意见日期", null=True, blank=True)
    review_delivered_on = models.DateField("信访人收到复查意见日期", null=True, blank=True,
                                           help_text="留空为出具当日；请求复核的30日自此日起算（第三十六条）")
    recheck_request_due = models.DateField("请求复核的期限", null=True, blank=True)
    recheck_request_due_provisional = models.BooleanField("复核期限暂定", default=False)
    # -- 复核（第三十六条） ------------------------------------------------------------
    recheck_body = models.CharField("复核机关", max_length=100, blank=True,
                                    help_text="复查机关、单位的上一级机关、单位")
    recheck_submitted_on = models.DateField("信访人请求复核日期", null=True, blank=True,
                                            help_text="留空为复核机关收到请求之日")
    recheck_received_on = models.DateField("收到复核请求日期", null=True, blank=True)
    hearing_decided_on = models.DateField("决定举行听证日期", null=True, blank=True)
    hearing_ended_on = models.DateField("听证结束日期", null=True, blank=True)
    hearing_days = models.PositiveIntegerField("听证所需日数", default=0,
                                               help_text="不计算在复核期限内（第三十六条第二款）")
    recheck_result = models.CharField("复核意见", max_length=10, choices=ReviewResult.choices,
                                      blank=True)
    rechecked_on = models.DateField("出具复核意见日期", null=True, blank=True)

    class Meta:
        verbose_name = "信访事项"
        verbose_name_plural = "信访事项"
        indexes = [models.Index(fields=["category", "route"])]

    def __str__(self) -> str:
        return f"{self.case.number} {self.petitioner}"
