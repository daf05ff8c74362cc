"""行政复议登记簿的明细（ReconsiderationDetail）.

Legal source: 《中华人民共和国行政复议法》 (revised 2023-09-01, in force
2024-01-01), design/rules.md §1 (all C1). Article numbers below are of that law.

Which decision types count as 纠错 is not statutory (rules.md §1, M): it is
configurable (setting ``FAZHI_RECON_CORRECTION_TYPES``, a list of
``DecisionType`` codes), see ``correction_types``. ``corrected`` is derived
from the decision type each time it is read, so changing the setting changes
every figure at once and nothing stored goes stale.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = [
    "DEFAULT_CORRECTION_TYPES", "SIMPLE_AMOUNT_LIMIT", "AcceptanceDecision", "ActKind",
    "ApplicantType", "Channel", "DecisionType", "Delivery", "Procedure", "ReconsiderationDetail",
    "SimpleGround", "correction_types", "corrected_q",
]


class ApplicantType(models.TextChoices):
    """申请人类别 (art. 14: 公民、法人或者其他组织)."""

    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或者其他组织"


class Channel(models.TextChoices):
    """How the application arrived (art. 22: written — in person, post, online — or oral;
    art. 32: on-the-spot penalties may be filed through the penalising organ)."""

    IN_PERSON = "in_person", "当面递交"
    POST = "post", "邮寄"
    ONLINE = "online", "互联网渠道"
    FAX = "fax", "传真"
    ORAL = "oral", "口头申请"
    FORWARDED = "forwarded", "经作出行政行为的机关转送"
    OTHER = "other", "其他"


class ActKind(models.TextChoices):
    """Kind of the contested act, for statistics (年度报告 lists cases by kind)."""

    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LICENCE = "licence", "行政许可"
    CONFIRMATION = "confirmation", "行政确认（登记）"
    EXPROPRIATION = "expropriation", "征收征用及补偿"
    DISCLOSURE = "disclosure", "政府信息公开"
    INACTION = "inaction", "不履行法定职责"
    WORK_INJURY = "work_injury", "工伤认定"
    OTHER = "other", "其他"


class Procedure(models.TextChoices):
    """普通程序 (arts. 48–52) or 简易程序 (arts. 53–55)."""

    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序"


class SimpleGround(models.TextChoices):
    """The cases of art. 53① in which 简易程序 may be used without consent."""

    ON_THE_SPOT = "on_the_spot", "被申请行政复议的行政行为是当场作出"  # 53①(一)
    WARNING = "warning", "被申请行政复议的行政行为是警告或者通报批评"  # 53①(二)
    SMALL_AMOUNT = "small_amount", "案件涉及款额三千元以下"  # 53①(三)
    DISCLOSURE = "disclosure", "属于政府信息公开案件"  # 53①(四)


SIMPLE_AMOUNT_LIMIT = 3000  # yuan, art. 53①(三)


class Delivery(models.TextChoices):
    """How a notice was served (art. 88 → 民事诉讼法 on 送达)."""

    IN_PERSON = "in_person", "直接送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    OTHER = "other", "其他方式"


class AcceptanceDecision(models.TextChoices):
    """The outcome of the 受理审查 (art. 30)."""

    ACCEPTED = "accepted", "受理"
    DEEMED = "deemed", "视为受理"
    REFUSED = "refused", "不予受理"


class DecisionType(models.TextChoices):
    """How the case ended: the decision's type (arts. 63–69, 73–74) or the
    procedural end (arts. 30, 31, 33, 41)."""

    UPHOLD = "uphold", "维持"  # art. 68
    ALTER = "alter", "变更"  # art. 63
    REVOKE = "revoke", "撤销"  # art. 64 (± 责令重作)
    PARTLY_REVOKE = "partly_revoke", "部分撤销"  # art. 64
    CONFIRM_ILLEGAL = "confirm_illegal", "确认违法"  # art. 65
    CONFIRM_VOID = "confirm_void", "确认无效"  # art. 67
    ORDER_PERFORM = "order_perform", "责令履行"  # art. 66
    REJECT_CLAIM = "reject_claim", "驳回复议请求"  # art. 69
    # 行政协议 (art. 71①: 依法订立、继续履行、采取补救措施、赔偿损失; ②: 合理补偿)
    CONTRACT_CONCLUDE = "contract_conclude", "决定依法订立行政协议"
    CONTRACT_PERFORM = "contract_perform", "决定继续履行行政协议"
    CONTRACT_REMEDY = "contract_remedy", "决定采取补救措施"
    CONTRACT_DAMAGES = "contract_damages", "决定赔偿损失"
    CONTRACT_COMPENSATION = "contract_compensation", "决定依法给予合理补偿"
    DISMISS_APPLICATION = "dismiss_application", "驳回申请"  # art. 33
    MEDIATION = "mediation", "调解"  # art. 73
    SETTLEMENT = "settlement", "和解、撤回"  # art. 74; withdrawal, art. 41
    TERMINATED = "terminated", "终止"  # art. 41
    NOT_ACCEPTED = "not_accepted", "不予受理"  # art. 30
    ABANDONED = "abandoned", "视为放弃申请"  # art. 31


# 行政协议 decisions (art. 71): each finds the respondent's conduct of the
# agreement wrong (not concluded, not performed, unlawfully changed or ended,
# or changed lawfully without fair compensation).
CONTRACT_TYPES: tuple[str, ...] = (
    DecisionType.CONTRACT_CONCLUDE, DecisionType.CONTRACT_PERFORM, DecisionType.CONTRACT_REMEDY,
    DecisionType.CONTRACT_DAMAGES, DecisionType.CONTRACT_COMPENSATION,
)

# Types a 复议决定 (the "decide" event) may take; the others come from their own events.
MERITS_TYPES: tuple[str, ...] = (
    DecisionType.UPHOLD, DecisionType.ALTER, DecisionType.REVOKE, DecisionType.PARTLY_REVOKE,
    DecisionType.CONFIRM_ILLEGAL, DecisionType.CONFIRM_VOID, DecisionType.ORDER_PERFORM,
    DecisionType.REJECT_CLAIM,
    *CONTRACT_TYPES,
)

# rules.md §1 (M): practice counts 撤销 (incl. partial) + 变更 + 确认违法 + 确认无效 + 责令履行;
# the 行政协议 decisions of art. 71 correct the respondent's conduct as well.
DEFAULT_CORRECTION_TYPES: tuple[str, ...] = (
    DecisionType.REVOKE, DecisionType.PARTLY_REVOKE, DecisionType.ALTER,
    DecisionType.CONFIRM_ILLEGAL, DecisionType.CONFIRM_VOID, DecisionType.ORDER_PERFORM,
    *CONTRACT_TYPES,
)


def correction_types() -> frozenset[str]:
    """Decision-type codes counted as 纠错: the setting ``FAZHI_RECON_CORRECTION_TYPES``
    if set (e.g. adding "mediation" where mediations corrected the act), else
    ``DEFAULT_CORRECTION_TYPES``. Unknown codes are a configuration error."""
    configured = getattr(settings, "FAZHI_RECON_CORRECTION_TYPES", None)
    values = frozenset(str(v) for v in (DEFAULT_CORRECTION_TYPES if configured is None
                                        else configured))
    unknown = values - set(DecisionType.values)
    if unknown:
        raise ValueError(f"FAZHI_RECON_CORRECTION_TYPES 含有未知的决定类型：{'、'.join(sorted(unknown))}；"
                         f"可用：{'、'.join(DecisionType.values)}")
    return values


def corrected_q(prefix: str = "") -> models.Q:
    """The 纠错 filter for querysets (``prefix`` e.g. "reconsideration__" from Case)."""
    return models.Q(**{f"{prefix}decision_type__in": sorted(correction_types())})


class ReconsiderationDetail(models.Model):
    case = models.OneToOneField("registers.Case", verbose_name="事项", on_delete=models.CASCADE,
                                related_name="reconsideration")
    # -- the application (arts. 14, 22) --------------------------------------
    applicant = models.CharField("申请人", max_length=200,
                                 help_text="申请行政复议的公民、法人或者其他组织（第十四条）；多人的用顿号分隔")
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices,
                                      default=ApplicantType.PERSON)
    respondent = models.CharField("被申请人", max_length=200,
                                  help_text="作出被申请复议的行政行为的行政机关（第十九条）")
    contested_act = models.CharField("被申请复议的行政行为", max_length=300,
                                     help_text="行政行为的名称、文号，或未履行的法定职责")
    act_kind = models.CharField("行政行为类别", max_length=20, choices=ActKind.choices,
                                blank=True, help_text="用于统计")
    channel = models.CharField("收到方式", max_length=20, choices=Channel.choices,
                               default=Channel.IN_PERSON,
                               help_text="书面（当面递交、邮寄、互联网渠道）或口头申请（第二十二条）；"
                                         "收到日期为登记的收到（立案）日期")
    procedure = models.CharField("审理程序", max_length=20, choices=Procedure.choices,
                                 default=Procedure.ORDINARY,
                                 help_text="简易程序30日内作出决定（第五十三条、第六十二条第二款）；"
                                           "普通程序60日，可延长，最多不超过30日（第六十二条第一款）")
    simple_ground = models.CharField(
        "适用简易程序的情形", max_length=20, choices=SimpleGround.choices, blank=True,
        help_text="第五十三条第一款所列情形；不属于这些情形的，须当事人各方同意（第五十三条第二款）")
    amount_involved = models.DecimalField(
        "涉及款额（元）", max_digits=14, decimal_places=2, null=True, blank=True,
        help_text="如罚款数额；三千元以下的可以适用简易程序（第五十三条第一款第三项）")
    parties_consent = models.BooleanField(
        "当事人各方同意适用简易程序", default=False,
        help_text="第五十三条第一款以外的案件，当事人各方同意的，可以适用简易程序（第五十三条第二款）")
    # -- 补正 (art. 31) ----------------------------------------------------------
    correction_requested_on = models.DateField(
        "补正通知日期", null=True, blank=True,
        help_text="自收到申请之日起5个工作日内一次性书面通知补正（第三十一条、第八十八条）")
    correction_items = models.TextField("补正事项", blank=True)
    correction_delivery = models.CharField(
        "补正通知送达方式", max_length=20, choices=Delivery.choices, blank=True)
    correction_notice_received_on = models.DateField(
        "申请人收到补正通知日期", null=True, blank=True,
        help_text="补正期限自申请人收到补正通知之日起计算（第三十一条第二款）；直接送达的为通知当日")
    correction_due = models.DateField(
        "补正期限届满日", null=True, blank=True,
        help_text="申请人应自收到补正通知之日起10个工作日内补正；无正当理由逾期不补正的视为放弃（第三十一条）")
    correction_due_provisional = models.BooleanField(
        "补正期限为暂定", default=False,
        help_text="期限跨入尚未载入节假日安排的年份，载入后重新计算")
    correction_received_on = models.DateField(
        "补正材料收到日期", null=True, blank=True,
        help_text="收到补正材料后依第三十条重新审查，受理审查期限自该日重新起算（第三十一条）")
    # -- 受理审查 (art. 30) -------------------------------------------------------
    acceptance = models.CharField(
        "受理审查结论", max_length=20, choices=AcceptanceDecision.choices, blank=True,
        help_text="5个工作日内审查；不予受理的须说明理由；期满未作出不予受理决定的视为受理（第三十条）")
    acceptance_on = models.DateField(
        "受理（不予受理）日期", null=True, blank=True, db_index=True,
        help_text="视为受理的，为审查期限届满之日；复议决定期限自受理之日起算（第六十二条）")
    # -- 审理 ---------------------------------------------------------------------
    hearing_held = models.BooleanField("是否听证", default=False,
                                       help_text="重大、疑难、复杂案件应当组织听证（第五十条）")
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    suspended_on = models.DateField("中止审理日期", null=True, blank=True,
                                    help_text="正在中止审理的，为本次中止的日期（第三十九条）")
    suspension_ground = models.CharField("中止理由", max_length=300, blank=True,
                                         help_text="第三十九条所列情形")
    suspended_days = models.PositiveIntegerField(
        "中止累计天数", default=0,
        help_text="已恢复审理的中止期间合计日数；不计入复议决定期限是通行理解（M），"
                  "第三十九条只规定中止的情形")
    extended = models.BooleanField(
        "是否延长", default=False,
        help_text="情况复杂的，经行政复议机构负责人批准可延长，最多不超过30日（第六十二条第一款），只能一次")
    extended_on = models.DateField("延长日期", null=True, blank=True)
    extension_days = models.PositiveIntegerField(
        "批准延长的日数", null=True, blank=True, help_text="最多不超过30日（第六十二条第一款）")
    extension_approver = models.CharField("批准延长的负责人", max_length=100, blank=True,
                                          help_text="行政复议机构负责人")
    # -- 结案 ---------------------------------------------------------------------
    decision_type = models.CharField(
        "决定类型", max_length=30, choices=DecisionType.choices, blank=True,
        help_text="复议决定的类型（第六十三条至第六十九条、第七十一条）或程序性结案方式（第三十条、第三十一条、"
                  "第三十三条、第四十一条、第七十三条、第七十四条）")
    decided_on = models.DateField("决定（结案）日期", null=True, blank=True, db_index=True)
    decision_number = models.CharField("决定书文号", max_length=100, blank=True,
                                       help_text="决定书、调解书或通知书的文号；文书作为该事件的附件上传")
    closing_reason = models.TextField("理由", blank=True,
                                      help_text="不予受理（告知有管辖权的机关）、驳回申请或终止的理由")

    class Meta:
        verbose_name = "行政复议明细"
        verbose_name_plural = "行政复议明细"

    def __str__(self) -> str:
        return f"申请人{self.applicant}，被申请人{self.respondent}"

    @property
    def corrected(self) -> bool:
        """纠错: the decision type is one of the configured ``correction_types()``."""
        return bool(self.decision_type) and self.decision_type in correction_types()
