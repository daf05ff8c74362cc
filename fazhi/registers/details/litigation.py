"""行政应诉登记簿的明细：案件信息（LitigationDetail）和每一次开庭的出庭情况（Hearing）.

Legal sources (design/rules.md §2): 《中华人民共和国行政诉讼法》 (2017) — 行诉法;
《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》 (2018) — 解释;
《最高人民法院关于行政机关负责人出庭应诉若干问题的规定》 (法释〔2020〕3号) — 出庭规定.

Which outcomes count as 败诉 is not statutory (rules.md §2 metrics, M): it is
configurable (setting ``FAZHI_LITIGATION_LOST_OUTCOMES``), see ``lost_outcomes``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["DEFAULT_LOST_OUTCOMES", "Hearing", "LitigationDetail", "Outcome", "lost_outcomes"]


class Outcome(models.TextChoices):
    """裁判结果 (行诉法 arts. 60, 62, 69–78; 解释 art. 69)."""

    REJECT_CLAIM = "reject_claim", "判决驳回诉讼请求"  # art. 69
    REVOKE = "revoke", "判决撤销（含责令重作）"  # art. 70
    PARTLY_REVOKE = "partly_revoke", "判决部分撤销"  # art. 70
    CONFIRM_ILLEGAL = "confirm_illegal", "判决确认违法"  # art. 74
    CONFIRM_VOID = "confirm_void", "判决确认无效"  # art. 75
    PERFORM = "perform", "判决责令履行法定职责"  # art. 72
    PAY = "pay", "判决履行给付义务"  # art. 73
    ALTER = "alter", "判决变更"  # art. 77
    COMPENSATE = "compensate", "判决赔偿或补偿"  # arts. 76, 78
    MEDIATION = "mediation", "调解结案"  # art. 60
    WITHDRAWN = "withdrawn", "准予撤诉"  # art. 62
    DISMISS_SUIT = "dismiss_suit", "裁定驳回起诉"  # 解释 art. 69
    OTHER = "other", "其他（终结诉讼等）"


# rules.md §2 metrics (M): 撤销, 确认违法/无效, 履行/给付, 变更, 赔偿 count as lost;
# 驳回 and 撤诉 are tracked separately, never as lost.
DEFAULT_LOST_OUTCOMES: tuple[str, ...] = (
    Outcome.REVOKE, Outcome.PARTLY_REVOKE, Outcome.CONFIRM_ILLEGAL, Outcome.CONFIRM_VOID,
    Outcome.PERFORM, Outcome.PAY, Outcome.ALTER, Outcome.COMPENSATE,
)


def lost_outcomes() -> frozenset[str]:
    """The outcome codes counted as 败诉: the setting ``FAZHI_LITIGATION_LOST_OUTCOMES``
    (a list of ``Outcome`` codes) if set, else ``DEFAULT_LOST_OUTCOMES``."""
    configured = getattr(settings, "FAZHI_LITIGATION_LOST_OUTCOMES", None)
    values = DEFAULT_LOST_OUTCOMES if configured is None else configured
    return frozenset(str(v) for v in values)


class JudgmentKind(models.TextChoices):
    JUDGMENT = "judgment", "判决"
    RULING = "ruling", "裁定"
    MEDIATION = "mediation", "调解书"


class Level(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


class Appellant(models.TextChoices):
    DEFENDANT = "defendant", "被告（本机关）"
    PLAINTIFF = "plaintiff", "原告"
    THIRD_PARTY = "third_party", "第三人"
    BOTH = "both", "双方均上诉"


class AppealResult(models.TextChoices):
    UPHELD = "upheld", "驳回上诉，维持原裁判"
    AMENDED = "amended", "改判"
    WITHDRAWN = "withdrawn", "准许撤回上诉"
    REMANDED = "remanded", "撤销原裁判，发回重审"  # 行诉法 art. 89①(三)(四)


class AppealDecision(models.TextChoices):
    """The agency's own decision on appealing a first-instance judgment or ruling."""

    APPEAL = "appeal", "决定上诉"
    NO_APPEAL = "no_appeal", "决定不上诉"


class LitigationDetail(models.Model):
    """一件行政应诉案件（本机关为被告）。被告单位即事项的承办单位；收到起诉状副本之日
    即事项的收到日期（``case.started_on``），答辩举证期限从该日起算。"""

    case = models.OneToOneField("registers.Case", verbose_name="事项", on_delete=models.CASCADE,
                                related_name="litigation")
    court_case_number = models.CharField(
        "案号", max_length=100, help_text="人民法院立案的案号，如：（2025）鲁1522行初45号")
    court = models.CharField("受理法院", max_length=100, help_text="如：莘县人民法院")
    plaintiff = models.CharField("原告", max_length=200, help_text="多个原告用顿号分隔")
    cause = models.CharField("案由", max_length=100,
                             help_text="按被诉行政行为的种类，如：行政处罚、行政强制、政府信息公开")
    act_sued = models.CharField("被诉行政行为", max_length=300, blank=True,
                                help_text="文书名称和文号，如：莘市监罚字〔2025〕12号行政处罚决定书")
    after_reconsideration = models.BooleanField(
        "复议后起诉", default=False,
        help_text="经行政复议后起诉的案件（复议机关维持的，作出原行为的机关和复议机关为共同被告，行诉法第二十六条第二款）")
    defence_filed_on = models.DateField(
        "答辩举证日期", null=True, blank=True,
        help_text="提交答辩状、证据和所依据规范性文件的日期（行诉法第六十七条：收到起诉状副本之日起十五日内）")
    extension_approved = models.BooleanField(
        "经准许延期举证", default=False,
        help_text="因正当事由在期限内书面申请并经人民法院准许延期提供证据（解释第三十四条）")
    evidence_late = models.BooleanField(
        "逾期举证", default=False,
        help_text="逾期提供证据且未经准许延期的，视为没有相应证据（行诉法第三十四条第二款）")
    level = models.CharField("当前审级", max_length=10, choices=Level.choices, default=Level.FIRST)
    hearing_planned_on = models.DateField("通知的开庭日期", null=True, blank=True)
    appearance_summoned = models.BooleanField(
        "法院通知负责人出庭", default=False,
        help_text="人民法院书面通知行政机关负责人出庭（出庭规定第四条、第五条）")
    judgment_kind = models.CharField("一审裁判文书", max_length=20, choices=JudgmentKind.choices,
                                     blank=True)
    outcome = models.CharField("一审裁判结果", max_length=20, choices=Outcome.choices, blank=True)
    judged_on = models.DateField("一审裁判日期", null=True, blank=True)
    served_on = models.DateField(
        "一审裁判文书送达日期", null=True, blank=True,
        help_text="上诉期限自判决书送达之日起十五日、裁定书送达之日起十日（行诉法第八十五条）")
    appeal_decision = models.CharField("本机关上诉决定", max_length=20,
                                       choices=AppealDecision.choices, blank=True)
    appeal_decision_on = models.DateField("上诉决定日期", null=True, blank=True)
    appeal_decision_by = models.CharField("上诉决定批准人", max_length=100, blank=True)
    remanded_on = models.DateField(
        "发回重审日期", null=True, blank=True,
        help_text="第二审人民法院裁定撤销原判决、发回原审人民法院重审（行诉法第八十九条）")
    judicial_suggestion_on = models.DateField("收到司法建议日期", null=True, blank=True)
    judicial_suggestion = models.CharField(
        "司法建议", max_length=300, blank=True,
        help_text="负责人未出庭且未说明理由或理由不成立、负责人和相应工作人员均不出庭等情形，"
                  "人民法院应当向监察机关、上一级行政机关提出司法建议（出庭规定第十二条）")
    appealed = models.BooleanField("是否上诉", default=False)
    appealed_by = models.CharField("上诉人", max_length=20, choices=Appellant.choices, blank=True)
    appealed_on = models.DateField("上诉日期", null=True, blank=True,
                                   help_text="判决十五日、裁定十日内上诉（行诉法第八十五条）")
    appeal_judgment_kind = models.CharField("二审（再审）裁判文书", max_length=20,
                                            choices=JudgmentKind.choices, blank=True)
    appeal_result = models.CharField("上诉处理结果", max_length=20, choices=AppealResult.choices,
                                     blank=True)
    appeal_outcome = models.CharField("二审（再审）裁判结果", max_length=20, choices=Outcome.choices,
                                      blank=True, help_text="改判的，改判后的结果")
    appeal_judged_on = models.DateField("二审（再审）裁判日期", null=True, blank=True)
    withdrawn_after_change = models.BooleanField(
        "被告改变行为后撤诉", default=False,
        help_text="被告改变被诉行政行为，原告同意并申请撤诉（行诉法第六十二条）")
    final_outcome = models.CharField(
        "生效裁判结果", max_length=20, choices=Outcome.choices, blank=True,
        help_text="最后生效的结果：一审生效的为一审结果；二审维持或撤回上诉的为一审结果；改判的为改判结果")

    SCOPE_REGION = "case__region"
    SCOPE_UNIT = "case__unit"

    class Meta:
        verbose_name = "行政应诉案件"
        verbose_name_plural = "行政应诉案件"

    def __str__(self) -> str:
        return f"{self.court_case_number} {self.plaintiff}"

    @property
    def complaint_received_on(self):  # noqa: ANN201 - a date
        """收到起诉状副本日期 = the case's start date (the defence clock runs from it)."""
        return self.case.started_on

    @property
    def lost(self) -> bool:
        """败诉: the effective outcome is one of the configured ``lost_outcomes()``."""
        return bool(self.final_outcome) and self.final_outcome in lost_outcomes()


class Appearance(models.TextChoices):
    HEAD = "head", "行政机关负责人出庭"
    STAFF = "staff", "负责人未出庭，相应工作人员出庭"
    LAWYER_ONLY = "lawyer_only", "仅委托律师出庭（未履行出庭应诉义务）"
    NONE = "none", "无人出庭（未履行出庭应诉义务）"


class HeadRank(models.TextChoices):
    """出庭规定第二条: who counts as 行政机关负责人."""

    PRINCIPAL = "principal", "正职负责人"
    DEPUTY = "deputy", "副职负责人"
    DEPUTY_LEVEL = "deputy_level", "参与分管的副职级别负责人"
    OTHER_IN_CHARGE = "other_in_charge", "其他参与分管的负责人"


class AbsenceReason(models.TextChoices):
    """出庭规定第八条: 不能出庭的正当理由; 第九条: 须提交加盖公章的情况说明."""

    FORCE_MAJEURE = "force_majeure", "不可抗力"
    ACCIDENT = "accident", "意外事件"
    DUTY = "duty", "需要履行他人不能代替的公务"
    OTHER = "other", "其他正当理由"
    NONE = "none", "未说明正当理由"


class Hearing(models.Model):
    """一次开庭及出庭情况。行政机关负责人应当出庭应诉；不能出庭的，应当委托行政机关
    相应的工作人员出庭，不得仅委托律师出庭（行诉法第三条第三款；解释第一百二十八条）。
    同一审级出庭一次即可（出庭规定第七条）。"""

    case = models.ForeignKey("registers.Case", verbose_name="事项", on_delete=models.CASCADE,
                             related_name="hearings")
    event = models.ForeignKey("registers.CaseEvent", verbose_name="记录事件", null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    notified_on = models.DateField("收到开庭通知日期", null=True, blank=True)
    held_on = models.DateField("开庭日期", db_index=True)
    level = models.CharField("审级", max_length=10, choices=Level.choices, default=Level.FIRST)
    summoned = models.BooleanField(
        "法院通知负责人出庭", default=False,
        help_text="出庭规定第四条：涉及食品药品安全、生态环境和资源保护、公共卫生安全等，"
                  "或社会高度关注、可能引发群体性事件的案件，人民法院应当通知负责人出庭")
    appearance = models.CharField("出庭情况", max_length=20, choices=Appearance.choices)
    head_name = models.CharField("出庭负责人", max_length=50, blank=True)
    head_post = models.CharField("负责人职务", max_length=100, blank=True,
                                 help_text="如：局长、副局长、副镇长")
    head_rank = models.CharField(
        "负责人类别", max_length=20, choices=HeadRank.choices, blank=True,
        help_text="出庭规定第二条：正职、副职负责人、参与分管的副职级别负责人及其他参与分管的负责人；"
                  "被诉行为由委托或下级机关作出的，其负责人不算")
    staff_name = models.CharField("出庭工作人员", max_length=50, blank=True,
                                  help_text="负责人不能出庭时委托的本机关相应工作人员（出庭规定第十条）")
    staff_post = models.CharField("工作人员职务", max_length=100, blank=True)
    absence_reason = models.CharField("负责人未出庭原因", max_length=20,
                                      choices=AbsenceReason.choices, blank=True)
    absence_proof = models.CharField(
        "未出庭证明材料", max_length=300, blank=True,
        help_text="向人民法院提交的加盖公章的书面说明及证明材料（出庭规定第九条）")
    lawyer_attended = models.BooleanField("同时委托律师出庭", default=False)

    SCOPE_REGION = "case__region"
    SCOPE_UNIT = "case__unit"

    class Meta:
        verbose_name = "开庭及出庭情况"
        verbose_name_plural = "开庭及出庭情况"
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["case", "level"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_level_display()} {self.get_appearance_display()}"

    @property
    def head_present(self) -> bool:
        return self.appearance == Appearance.HEAD

    @property
    def breach(self) -> bool:
        """出庭应诉义务未履行 (行诉法 art. 3③; 解释 art. 128; 出庭规定 art. 12):
        only a lawyer or nobody appeared, or the head stayed away without a reason."""
        return (self.appearance in (Appearance.LAWYER_ONLY, Appearance.NONE)
                or (self.appearance == Appearance.STAFF
                    and self.absence_reason == AbsenceReason.NONE))
