"""政府信息公开申请登记簿的明细（DisclosureDetail、ThirdPartyConsultation）.

Legal source: 《中华人民共和国政府信息公开条例》 (2019 revision, in force
2019-05-15), design/rules.md §3 (C1); article numbers below are of that
regulation. The categories of applicants and of replies are those of the
annual report's part 三 table (国办公开办函〔2021〕30号, rules.md §3: C2, the
row wording M), so that ``annual_report_table`` is a plain count over them.
"""

from __future__ import annotations

from django.db import models

__all__ = [
    "ApplicantType", "Channel", "ConsultationAnswer", "ConsultationKind", "DisclosureDetail",
    "FormWanted", "ReplyReason", "ReplyType", "ReviewOutcome", "ThirdPartyConsultation",
    "REASONS_BY_TYPE", "RECEIPT_ON_ARRIVAL", "RECEIPT_ON_SENDING", "Delivery",
]


class ApplicantType(models.TextChoices):
    """申请人类别: the columns of the 30号 table (自然人; 法人或其他组织 × 5)."""

    PERSON = "person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "public_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他组织"


class Channel(models.TextChoices):
    """How the application was submitted; art. 31 fixes the receipt date by it."""

    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "邮寄（挂号信等需签收）"
    ORDINARY_POST = "ordinary_post", "邮寄（平常信函）"
    ONLINE = "online", "互联网渠道"
    FAX = "fax", "传真"


# art. 31(一)(二): in person → the day received; post that is signed for → the
# day signed. Both are the day the application arrived (the case's started_on).
# The others (平常信函, 互联网, 传真) → the day of confirmation with the applicant.
RECEIPT_ON_ARRIVAL: frozenset[str] = frozenset({Channel.IN_PERSON, Channel.REGISTERED_POST})


class FormWanted(models.TextChoices):
    """申请公开的政府信息的形式要求 (art. 29(三)); art. 40: provide it in that form where feasible."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子数据（电子邮件、光盘等）"
    INSPECTION = "inspection", "当面查阅、抄录"
    ANY = "any", "不限"


class ReplyType(models.TextChoices):
    """本年度办理结果 of the 30号 table (art. 36 answer types)."""

    GRANTED = "granted", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHELD = "withheld", "不予公开"
    UNAVAILABLE = "unavailable", "无法提供"
    NOT_PROCESSED = "not_processed", "不予处理"
    OTHER = "other", "其他处理"


class ReplyReason(models.TextChoices):
    """The sub-rows of the 30号 table under 不予公开, 无法提供, 不予处理 and 其他处理."""

    # 不予公开 (arts. 14–16, 36(三))
    STATE_SECRET = "state_secret", "属于国家秘密"
    PROHIBITED = "prohibited", "其他法律行政法规禁止公开"
    THREE_SAFETIES = "three_safeties", "危及“三安全一稳定”"
    THIRD_PARTY = "third_party", "保护第三方合法权益"
    INTERNAL = "internal", "属于三类内部事务信息"
    PROCESS = "process", "属于四类过程性信息"
    ENFORCEMENT_FILE = "enforcement_file", "属于行政执法案卷"
    INQUIRY = "inquiry", "属于行政查询事项"
    # 无法提供 (art. 36(四)(五), art. 38)
    NOT_HELD = "not_held", "本机关不掌握相关政府信息"
    NEEDS_CREATION = "needs_creation", "没有现成信息需要另行制作"
    STILL_UNCLEAR = "still_unclear", "补正后申请内容仍不明确"
    # 不予处理 (arts. 35, 36(六), 39)
    PETITION = "petition", "信访举报投诉类申请"
    REPEATED = "repeated", "重复申请"
    PUBLICATION = "publication", "要求提供公开出版物"
    EXCESSIVE = "excessive", "无正当理由大量反复申请"
    CONFIRMATION = "confirmation", "要求行政机关确认或重新出具已获取信息"
    # 其他处理
    OVERDUE_CORRECTION = "overdue_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    FEE_UNPAID = "fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    OTHER = "other", "其他"


R = ReplyReason
REASONS_BY_TYPE: dict[str, tuple[str, ...]] = {
    ReplyType.GRANTED: (),
    ReplyType.PARTIAL: (),
    ReplyType.WITHHELD: (R.STATE_SECRET, R.PROHIBITED, R.THREE_SAFETIES, R.THIRD_PARTY,
                         R.INTERNAL, R.PROCESS, R.ENFORCEMENT_FILE, R.INQUIRY),
    ReplyType.UNAVAILABLE: (R.NOT_HELD, R.NEEDS_CREATION, R.STILL_UNCLEAR),
    ReplyType.NOT_PROCESSED: (R.PETITION, R.REPEATED, R.PUBLICATION, R.EXCESSIVE, R.CONFIRMATION),
    ReplyType.OTHER: (R.OVERDUE_CORRECTION, R.FEE_UNPAID, R.OTHER),
}
del R


class ReviewOutcome(models.TextChoices):
    """The columns of the 30号 part 四 table (复议、诉讼 results)."""

    UPHELD = "upheld", "维持"
    CORRECTED = "corrected", "纠正"
    OTHER = "other", "其他"
    PENDING = "pending", "未审结"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方"  # art. 32
    OTHER_AGENCY = "other_agency", "其他机关"  # art. 34 (共同制作 / 其他机关)


class ConsultationAnswer(models.TextChoices):
    AGREE = "agree", "同意公开"
    DISAGREE = "disagree", "不同意公开"
    NO_ANSWER = "no_answer", "逾期未提出意见"


class Delivery(models.TextChoices):
    """How a 征求意见书 was sent; the consulted party's 15 WD run from its receipt."""

    IN_PERSON = "in_person", "直接送达"
    ELECTRONIC = "electronic", "电子方式（电子邮件、政务系统等）"
    POST = "post", "邮寄"


# Delivered the day it was sent (the default receipt date, arts. 32, 34).
RECEIPT_ON_SENDING: frozenset[str] = frozenset({Delivery.IN_PERSON, Delivery.ELECTRONIC})


class DisclosureDetail(models.Model):
    case = models.OneToOneField("registers.Case", verbose_name="事项", on_delete=models.CASCADE,
                                related_name="disclosure")
    # -- the application (art. 29) ---------------------------------------------
    applicant = models.CharField("申请人", max_length=200)
    applicant_type = models.CharField(
        "申请人类型", max_length=20, choices=ApplicantType.choices, default=ApplicantType.PERSON,
        db_index=True, help_text="年度报告按自然人和法人或其他组织（五类）分列")
    channel = models.CharField(
        "申请方式", max_length=20, choices=Channel.choices, default=Channel.IN_PERSON,
        help_text="决定收到申请之日（第三十一条）")
    submitted_on = models.DateField("申请日期", null=True, blank=True,
                                    help_text="申请人提交（寄出）申请的日期")
    content = models.TextField("申请内容", help_text="申请公开的政府信息的名称、文号或者便于查询的其他特征性描述"
                                                 "（第二十九条）")
    form_wanted = models.CharField("获取信息的形式", max_length=20, choices=FormWanted.choices,
                                   blank=True, help_text="第二十九条第二款第三项")
    # -- receipt (art. 31) --------------------------------------------------------
    received_on = models.DateField(
        "收到申请之日", null=True, blank=True,
        help_text="当面提交的为收到之日，邮寄需签收的为签收之日，平常信函、互联网渠道、传真为"
                  "与申请人确认之日（第三十一条）；答复期限自该日起算（第三十三条）")
    # -- 补正 (art. 30) --------------------------------------------------------------
    correction_requested_on = models.DateField(
        "补正通知日期", null=True, blank=True,
        help_text="自收到申请之日起7个工作日内一次性告知（第三十条）")
    correction_items = models.TextField("补正事项", blank=True)
    correction_due = models.DateField("补正期限", null=True, blank=True,
                                      help_text="告知申请人的合理补正期限的最后一日（第三十条）")
    correction_due_provisional = models.BooleanField(
        "补正期限为暂定", default=False,
        help_text="期限跨入尚未载入节假日安排的年份，载入后重新计算")
    correction_received_on = models.DateField(
        "补正收到日期", null=True, blank=True,
        help_text="答复期限自收到补正的申请之日起计算（第三十条）")
    # -- 延长 (art. 33) ---------------------------------------------------------------
    extended = models.BooleanField("是否延长", default=False,
                                   help_text="延长不超过20个工作日（第三十三条第二款）")
    extended_on = models.DateField("延长日期", null=True, blank=True)
    extension_days = models.PositiveIntegerField(
        "同意延长的工作日数", null=True, blank=True, help_text="最长不得超过20个工作日（第三十三条第二款）")
    extension_approver = models.CharField("同意延长的负责人", max_length=100, blank=True,
                                          help_text="政府信息公开工作机构负责人（第三十三条第二款）")
    extension_notified_on = models.DateField("告知申请人延长日期", null=True, blank=True)
    # -- 答复 (arts. 33, 36) ----------------------------------------------------------
    replied_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    reply_type = models.CharField("答复类型", max_length=20, choices=ReplyType.choices,
                                  blank=True, db_index=True)
    reply_reason = models.CharField("具体情形", max_length=30, choices=ReplyReason.choices,
                                    blank=True, db_index=True,
                                    help_text="不予公开的理由，或无法提供、不予处理、其他处理的具体情形")
    reply_number = models.CharField("答复书文号", max_length=100, blank=True)
    fee_amount = models.DecimalField(
        "信息处理费（元）", max_digits=10, decimal_places=2, null=True, blank=True,
        help_text="一般不收费；申请数量、频次明显超过合理范围的可以收取（第四十二条）")
    # -- 复议、诉讼 (30号 part 四) ------------------------------------------------------
    reconsideration_on = models.DateField("申请行政复议日期", null=True, blank=True)
    reconsideration_outcome = models.CharField("行政复议结果", max_length=20, blank=True,
                                               choices=ReviewOutcome.choices)
    reconsideration_number = models.CharField("行政复议案件编号", max_length=100, blank=True)
    reconsideration_case = models.ForeignKey(
        "registers.Case", verbose_name="行政复议案件", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    litigation_on = models.DateField("提起行政诉讼日期", null=True, blank=True)
    litigation_after_reconsideration = models.BooleanField("复议后起诉", default=False)
    litigation_outcome = models.CharField("行政诉讼结果", max_length=20, blank=True,
                                          choices=ReviewOutcome.choices)
    litigation_number = models.CharField("行政诉讼案件编号", max_length=100, blank=True)
    litigation_case = models.ForeignKey(
        "registers.Case", verbose_name="行政应诉案件", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "政府信息公开申请明细"
        verbose_name_plural = "政府信息公开申请明细"

    def __str__(self) -> str:
        return f"{self.applicant}：{self.content[:40]}"


class ThirdPartyConsultation(models.Model):
    """A written consultation of a third party (art. 32) or another agency
    (art. 34). The time it takes is not counted in the reply period (art. 33③)."""

    case = models.ForeignKey("registers.Case", verbose_name="事项", on_delete=models.CASCADE,
                             related_name="consultations")
    kind = models.CharField("类别", max_length=20, choices=ConsultationKind.choices,
                            default=ConsultationKind.THIRD_PARTY)
    party = models.CharField("征求意见对象", max_length=200)
    sent_on = models.DateField("发出征求意见书日期")
    delivery = models.CharField("送达方式", max_length=20, choices=Delivery.choices,
                                default=Delivery.IN_PERSON)
    received_on = models.DateField(
        "对方收到征求意见书日期", null=True, blank=True,
        help_text="提出意见的15个工作日自收到征求意见书之日起计算（第三十二条、第三十四条）；"
                  "直接送达、电子方式的为发出当日")
    answer_due = models.DateField("提出意见期限", null=True, blank=True)
    answer_due_provisional = models.BooleanField("提出意见期限为暂定", default=False)
    answered_on = models.DateField("收到意见日期", null=True, blank=True,
                                   help_text="逾期未提出意见的，为登记逾期之日")
    answer = models.CharField("意见", max_length=20, choices=ConsultationAnswer.choices,
                              blank=True)
    excluded_days = models.PositiveIntegerField(
        "不计入答复期限的工作日", default=0,
        help_text="发出次日至收到意见之日的工作日数，最多算到对方提出意见的期限届满（第三十二条、第三十四条）")

    SCOPE_REGION = "case__region"
    SCOPE_UNIT = "case__unit"

    class Meta:
        verbose_name = "征求第三方意见"
        verbose_name_plural = "征求第三方意见"
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.party}（{self.sent_on}）"
