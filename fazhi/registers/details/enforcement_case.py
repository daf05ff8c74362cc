"""行政执法案件登记簿的明细（EnforcementCaseDetail）.

One enforcement case of a 执法主体 (the case's unit): its kind, the party, the
三项制度 facts (事前公示, 全过程记录, 重大执法决定法制审核), the procedure
(简易 / 普通), the decision and its publication and withdrawal
(rules.md §6; 《中华人民共和国行政处罚法》 arts. 33, 36, 47, 48, 51, 58, 60).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

__all__ = ["EnforcementCaseDetail", "EnforcementKind", "LenientBasis", "MajorReason",
           "OnSiteMeasure", "Outcome", "PartyType", "PenaltyType", "Procedure", "ReviewResult",
           "Sector", "AV_REQUIRED", "LENIENT_OUTCOMES", "PENALTY_OUTCOMES",
           "SIMPLE_LIMIT_PERSON", "SIMPLE_LIMIT_ORGANISATION"]


class EnforcementKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENCE = "licence", "行政许可"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    OTHER = "other", "其他行政执法"


class Sector(models.TextChoices):
    """The sector whose own rules may set other periods (rules.md §6: e.g.
    市场监管 publishes penalties in 20 WD); each sector's periods are declared
    as their own steps in fazhi.procedures (ENFORCEMENT) and set by region."""

    GENERAL = "general", "一般规定"
    MARKET = "market", "市场监管"


class PartyType(models.TextChoices):
    PERSON = "person", "公民"
    ORGANISATION = "organisation", "法人或者其他组织"


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序（当场作出）"


class MajorReason(models.TextChoices):
    """行政处罚法 art. 58① (一)–(四)."""

    PUBLIC_INTEREST = "public_interest", "涉及重大公共利益"
    MAJOR_RIGHTS_HEARING = "major_rights_hearing", "直接关系当事人或者第三人重大权益，经过听证程序"
    COMPLEX = "complex", "案件情况疑难复杂、涉及多个法律关系"
    BY_LAW = "by_law", "法律、法规规定应当进行法制审核的其他情形"


class OnSiteMeasure(models.TextChoices):
    SEIZURE = "seizure", "查封场所、设施或者财物"
    DETENTION = "detention", "扣押财物"
    DEMOLITION = "demolition", "强制拆除"
    EVIDENCE_PRESERVATION = "evidence_preservation", "先行登记保存证据"
    ON_SITE_INSPECTION = "on_site_inspection", "现场检查（勘验）"
    OTHER = "other", "其他现场执法措施"


# 118号: 查封扣押、强制拆除等直接涉及人身自由、生命健康、重大财产权益的现场执法活动
# 应当全程音像记录 (rules.md §6, C2); the list is the county's reading of "等".
AV_REQUIRED = (OnSiteMeasure.SEIZURE, OnSiteMeasure.DETENTION, OnSiteMeasure.DEMOLITION)


class ReviewResult(models.TextChoices):
    PASSED = "passed", "审核通过"
    PASSED_AFTER_CHANGES = "passed_after_changes", "修改后通过"
    NOT_PASSED = "not_passed", "审核未通过"


class Outcome(models.TextChoices):
    PENALTY = "penalty", "给予行政处罚"
    LIGHTER = "lighter", "从轻处罚"
    MITIGATED = "mitigated", "减轻处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚（违法行为轻微等）"
    NOT_ESTABLISHED = "not_established", "违法事实不能成立，不予行政处罚"
    TRANSFERRED = "transferred", "涉嫌犯罪，移送司法机关"
    GRANTED = "granted", "准予许可"
    REFUSED = "refused", "不予许可"
    DECIDED = "decided", "作出其他执法决定"


PENALTY_OUTCOMES = (Outcome.PENALTY, Outcome.LIGHTER, Outcome.MITIGATED)
LENIENT_OUTCOMES = (Outcome.NO_PENALTY, Outcome.MITIGATED)


class PenaltyType(models.TextChoices):
    """行政处罚法 art. 9."""

    WARNING = "warning", "警告"
    CRITICISM = "criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATION = "confiscation", "没收违法所得、没收非法财物"
    LICENCE_SUSPENSION = "licence_suspension", "暂扣许可证件"
    DOWNGRADE = "downgrade", "降低资质等级"
    REVOCATION = "revocation", "吊销许可证件"
    RESTRICTION = "restriction", "限制开展生产经营活动"
    SUSPENSION = "suspension", "责令停产停业、责令关闭"
    EMPLOYMENT_BAN = "employment_ban", "限制从业"
    DETENTION = "detention", "行政拘留"
    OTHER = "other", "法律、行政法规规定的其他行政处罚"


class LenientBasis(models.TextChoices):
    """Where the law itself grants the leniency (when no list item applies)."""

    ART33_MINOR = "art33_minor", "违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）"
    ART33_FIRST = "art33_first", "初次违法且危害后果轻微并及时改正（第三十三条第一款）"
    ART33_NO_FAULT = "art33_no_fault", "有证据足以证明没有主观过错（第三十三条第二款）"
    ART32 = "art32", "应当从轻或者减轻行政处罚的情形（第三十二条）"


NO_PENALTY_BASES = (LenientBasis.ART33_MINOR, LenientBasis.ART33_FIRST,
                    LenientBasis.ART33_NO_FAULT)

# 行政处罚法 art. 51: 对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告.
SIMPLE_LIMIT_PERSON = Decimal("200")
SIMPLE_LIMIT_ORGANISATION = Decimal("3000")


class EnforcementCaseDetail(models.Model):
    case = models.OneToOneField("registers.Case", on_delete=models.CASCADE,
                                related_name="enforcement_case")
    kind = models.CharField("执法类别", max_length=20, choices=EnforcementKind.choices,
                            db_index=True)
    sector = models.CharField("适用期限规定", max_length=20, choices=Sector.choices,
                              default=Sector.GENERAL,
                              help_text="行业规定另有期限的（如市场监管处罚信息公示），选该行业")
    party_type = models.CharField("当事人类型", max_length=20, choices=PartyType.choices)
    party_name = models.CharField("当事人", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    procedure = models.CharField("程序", max_length=20, choices=Procedure.choices,
                                 default=Procedure.ORDINARY)
    act_ended_on = models.DateField(
        "违法行为发生（终了）日期", null=True, blank=True,
        help_text="有连续或者继续状态的，填行为终了之日（行政处罚法第三十六条第二款）")
    discovered_on = models.DateField(
        "发现违法行为日期", null=True, blank=True,
        help_text="留空则以立案日期为发现之日；用于计算第三十六条的追责期限")
    safety_related = models.BooleanField(
        "涉及生命健康安全、金融安全且有危害后果", default=False,
        help_text="追责期限延长至五年（行政处罚法第三十六条第一款）")
    powers_published = models.BooleanField(
        "执法主体、职权和依据已事前公示", default=False,
        help_text="行政处罚的实施机关、立案依据、实施程序和救济渠道等信息应当公示（第三十九条）")
    # 全过程记录 (第四十七条; 118号)
    text_recorded = models.BooleanField("有文字记录", default=True)
    av_recorded = models.BooleanField("有音像记录", default=False)
    measure = models.CharField("现场执法措施", max_length=30, choices=OnSiteMeasure.choices,
                               blank=True)
    measure_on = models.DateField("采取措施日期", null=True, blank=True)
    av_record_ref = models.CharField("音像记录编号或存放位置", max_length=200, blank=True)
    # 重大执法决定法制审核 (第五十八条)
    is_major = models.BooleanField("重大执法决定", default=False)
    major_reason = models.CharField("需法制审核的情形", max_length=30,
                                    choices=MajorReason.choices, blank=True)
    reviewer_name = models.CharField("法制审核人员", max_length=100, blank=True)
    reviewer_first_time = models.BooleanField(
        "初次从事法制审核", default=False,
        help_text="初次从事行政处罚决定法制审核的人员应当取得法律职业资格（第五十八条第二款）")
    reviewer_bar_qualified = models.BooleanField("审核人员取得法律职业资格", default=False)
    review_result = models.CharField("法制审核意见", max_length=30,
                                     choices=ReviewResult.choices, blank=True)
    review_opinion = models.TextField("审核意见内容", blank=True)
    reviewed_on = models.DateField("法制审核日期", null=True, blank=True)
    # 期限
    extended_days = models.PositiveIntegerField("批准延长办案期限（日）", null=True, blank=True)
    extension_approval = models.CharField("延长批准情况", max_length=300, blank=True)
    # 决定 (第五十七条、第五十九条)
    outcome = models.CharField("处理结果", max_length=30, choices=Outcome.choices, blank=True,
                               db_index=True)
    penalty_type = models.CharField("处罚种类", max_length=30, choices=PenaltyType.choices,
                                    blank=True)
    fine_amount = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2,
                                      null=True, blank=True)
    amount_involved = models.DecimalField("涉案金额（元）", max_digits=14, decimal_places=2,
                                          null=True, blank=True)
    leniency_item = models.ForeignKey(
        "enforcement.LeniencyItem", verbose_name="适用的不罚轻罚清单事项", null=True, blank=True,
        on_delete=models.PROTECT, related_name="cases")
    lenient_basis = models.CharField("不罚、减罚的法定依据", max_length=30,
                                     choices=LenientBasis.choices, blank=True,
                                     help_text="未适用清单事项的，选择行政处罚法的条款")
    decision_number = models.CharField("决定书文号", max_length=100, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True, db_index=True)
    # 公示 (118号) 和撤回 (第四十八条)
    published_on = models.DateField("公示日期", null=True, blank=True, db_index=True)
    publication_place = models.CharField("公示载体", max_length=200, blank=True,
                                         help_text="如：县政府门户网站、国家企业信用信息公示系统")
    not_published_reason = models.CharField("不予公示理由", max_length=300, blank=True)
    revoked_on = models.DateField("决定被变更、撤销或确认违法、无效日期", null=True, blank=True)
    revocation_reason = models.CharField("变更、撤销理由", max_length=300, blank=True)
    withdrawn_on = models.DateField("撤回公示信息日期", null=True, blank=True)
    withdrawal_note = models.CharField("撤回说明", max_length=300, blank=True)
    termination_reason = models.CharField("撤销立案（终止调查）理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "行政执法案件"
        verbose_name_plural = "行政执法案件"
        indexes = [models.Index(fields=["kind", "outcome"])]

    def __str__(self) -> str:
        return f"{self.case.number} {self.party_name}"

    @property
    def reviewer_qualified(self) -> bool:
        """第五十八条第二款: only a first-time reviewer needs the 法律职业资格."""
        return bool(self.reviewer_name) and (self.reviewer_bar_qualified
                                             or not self.reviewer_first_time)

    @property
    def review_passed(self) -> bool:
        return self.review_result in (ReviewResult.PASSED, ReviewResult.PASSED_AFTER_CHANGES)
