"""人大代表建议和政协提案登记簿的明细（SuggestionDetail, SuggestionCoUnit）.

One suggestion of a 人大代表 or proposal of a 政协委员, handed to a 主办 unit
(the case's unit) with any 协办 units, answered within three months of 交办
(six for wide-ranging matters: 代表法 art. 51②), classed A/B/C, and closed on
the proposer's feedback; a dissatisfied proposer has it handled again
(rules.md §7).
"""

from __future__ import annotations

from django.db import models

# Only the models are star-imported by details/__init__ (for the app registry);
# the choices are imported from this module by name.
__all__ = ["SuggestionCoUnit", "SuggestionDetail"]


class Source(models.TextChoices):
    NPC = "npc", "人大代表建议"
    CPPCC = "cppcc", "政协委员提案"


class ReplyClass(models.TextChoices):
    A = "A", "A类（所提问题已经解决或基本解决）"
    B = "B", "B类（所提问题正在解决或已列入计划逐步解决）"
    C = "C", "C类（因条件限制或其他原因暂时不能解决）"


class Feedback(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


def reply_step(source: str) -> str:
    """The reply clock of the source: each is its own regional setting."""
    return "reply" if source == Source.NPC else "reply_proposal"


def rehandle_step(source: str) -> str:
    return "rehandle" if source == Source.NPC else "rehandle_proposal"


class SuggestionDetail(models.Model):
    case = models.OneToOneField("registers.Case", on_delete=models.CASCADE,
                                related_name="suggestion")
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    proposers = models.CharField("提出人", max_length=300,
                                 help_text="代表（委员）姓名，多人联名的用顿号分隔")
    session = models.CharField("届次会议", max_length=100, blank=True,
                               help_text="如：县十九届人大三次会议")
    assigned_by = models.CharField("交办机关", max_length=100, blank=True,
                                   help_text="如：县人大常委会代表工作室、县政协提案委员会")
    co_units = models.ManyToManyField("org.Unit", through="SuggestionCoUnit", blank=True,
                                      related_name="co_handled_suggestions",
                                      verbose_name="协办单位")
    wide_ranging = models.BooleanField(
        "涉及面广、处理难度大（六个月内答复）", default=False,
        help_text="代表法第五十一条第二款：自交办之日起六个月内答复")
    extension_reason = models.CharField("按六个月办理的理由", max_length=300, blank=True)
    contacted = models.BooleanField("已与代表（委员）联系沟通", default=False,
                                    help_text="代表法第五十一条第二款：与代表联系沟通，充分听取意见")
    contact_way = models.CharField("沟通方式", max_length=20, blank=True, choices=[
        ("in_person", "当面沟通（面商）"), ("phone", "电话沟通"), ("written", "书面沟通")])
    reply_class = models.CharField("答复类别", max_length=2, choices=ReplyClass.choices, blank=True)
    reply_number = models.CharField("答复文号", max_length=100, blank=True)
    reply_summary = models.TextField("答复内容摘要", blank=True,
                                     help_text="C类答复应当说明暂不能解决的原因")
    replied_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    feedback = models.CharField("代表（委员）反馈意见", max_length=20, choices=Feedback.choices,
                                blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True, db_index=True)
    dissatisfied_on = models.DateField("反馈不满意日期", null=True, blank=True)
    dissatisfied_reason = models.TextField("不满意的理由", blank=True)
    rehandled = models.BooleanField("经重新办理", default=False)
    rereplied_on = models.DateField("重新答复日期", null=True, blank=True)
    return_reason = models.CharField("退回理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "建议提案"
        verbose_name_plural = "建议提案"
        indexes = [models.Index(fields=["source", "feedback"])]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_source_display()}"


class SuggestionCoUnit(models.Model):
    """A 协办 unit of a suggestion and the opinion it sent to the 主办 unit."""

    detail = models.ForeignKey(SuggestionDetail, on_delete=models.CASCADE, related_name="co_rows")
    unit = models.ForeignKey("org.Unit", verbose_name="协办单位", on_delete=models.PROTECT,
                             related_name="+")
    opinion_on = models.DateField("送达协办意见日期", null=True, blank=True)
    opinion = models.TextField("协办意见", blank=True)

    class Meta:
        verbose_name = "协办单位"
        verbose_name_plural = "协办单位"
        constraints = [models.UniqueConstraint(fields=["detail", "unit"],
                                               name="suggestion_co_unit_once")]

    def __str__(self) -> str:
        return str(self.unit)
