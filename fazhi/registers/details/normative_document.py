"""行政规范性文件登记簿的明细（NormativeDocumentDetail）.

One document from drafting to its end: public comment (or the reason it was
omitted), 合法性审核 in the legality_review register, 集体审议, publication under
the 三统一 (统一登记、统一编号、统一印发: the 登记号 assigned when it is
registered for publication, the 文号, the publication), filing with the
government at the level above and with the 人大常委会, the 备案审查 result, the
validity period and the cleanup result (rules.md §4; 国办发〔2018〕37号, M).
"""

from __future__ import annotations

from django.db import models

__all__ = ["CleanupResult", "FilingResult", "NormativeDocumentDetail"]


class FilingResult(models.TextChoices):
    NO_OBJECTION = "no_objection", "审查无异议"
    CORRECTION = "correction", "要求纠正"


class CleanupResult(models.TextChoices):
    KEPT = "kept", "继续有效"
    AMENDED = "amended", "修改"
    REPEALED = "repealed", "废止"
    LAPSED = "lapsed", "宣布失效"


class NormativeDocumentDetail(models.Model):
    case = models.OneToOneField("registers.Case", on_delete=models.CASCADE,
                                related_name="normative_document")
    issuer = models.CharField("制定机关", max_length=100,
                              help_text="以其名义公布的机关，如：莘县人民政府、莘县市场监督管理局")
    provisional = models.BooleanField("暂行或试行", default=False,
                                      help_text="标题含“暂行”“试行”的，有效期一般不超过2年")
    business_related = models.BooleanField(
        "与市场主体生产经营活动密切相关", default=False,
        help_text="公开征求意见一般不少于30日（《优化营商环境条例》第六十二条第二款）")
    congress_filing_required = models.BooleanField(
        "须报人大常委会备案", default=False,
        help_text="以县政府名义制定的，报县人大常委会备案；部门制定的报县政府备案")
    comment_started_on = models.DateField("征求意见开始日期", null=True, blank=True)
    comment_ended_on = models.DateField("征求意见截止日期", null=True, blank=True)
    comment_channel = models.CharField("征求意见方式", max_length=200, blank=True,
                                       help_text="如：县政府门户网站公开征求意见")
    comment_omitted_reason = models.TextField(
        "未公开征求意见的理由", blank=True,
        help_text="不涉及公众切身利益、依法需要保密等；未征求意见的必须写明")
    review_sent_on = models.DateField("送请合法性审核日期", null=True, blank=True)
    deliberation_meeting = models.CharField("集体审议会议", max_length=200, blank=True,
                                            help_text="如：县政府第12次常务会议")
    deliberated_on = models.DateField("集体审议日期", null=True, blank=True)
    registration_number = models.CharField(
        "登记号", max_length=60, blank=True,
        help_text="统一登记、统一编号：留空则按本县顺序自动编号")
    doc_number = models.CharField("文号", max_length=100, blank=True,
                                  help_text="如：莘政发〔2025〕3号")
    published_on = models.DateField("公布日期", null=True, blank=True, db_index=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True, db_index=True)
    publication_channel = models.CharField("公布载体", max_length=200, blank=True,
                                           help_text="如：县政府门户网站、政府公报")
    filing_authority = models.CharField("备案机关", max_length=100, blank=True,
                                        help_text="上级政府，如：聊城市人民政府；部门文件报莘县人民政府")
    filed_gov_on = models.DateField("报送政府备案日期", null=True, blank=True, db_index=True)
    filed_congress_on = models.DateField("报送人大常委会备案日期", null=True, blank=True)
    filing_result = models.CharField("备案审查结果", max_length=20, choices=FilingResult.choices,
                                     blank=True)
    filing_result_on = models.DateField("备案审查结果日期", null=True, blank=True)
    filing_result_note = models.TextField("备案审查意见", blank=True)
    cleanup_result = models.CharField("清理结果", max_length=20, choices=CleanupResult.choices,
                                      blank=True)
    cleaned_on = models.DateField("清理日期", null=True, blank=True, db_index=True)
    cleanup_note = models.TextField("清理说明", blank=True)
    abandon_reason = models.CharField("终止制定理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "行政规范性文件"
        verbose_name_plural = "行政规范性文件"

    def __str__(self) -> str:
        return f"{self.doc_number or self.case.number} {self.case.title}"
