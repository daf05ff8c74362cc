"""重大行政决策登记簿的明细: the yearly catalogue (DecisionCatalogue) and one
decision's file (MajorDecisionDetail).

《重大行政决策程序暂行条例》: the catalogue is set by the 决策机关 and published
after the party committee at the same level agrees (art. 3③); each decision has
its 承办单位 (art. 11, the case's unit), public participation (arts. 14–18),
expert argument (arts. 19–21) and risk assessment (arts. 22–24) — each marked
required or not with the reason —, legality review (arts. 25–28, in the
legality_review register), collective discussion (art. 30), the report to the
party committee (art. 31), publication (art. 32), archiving (art. 33),
implementation (arts. 34–35) and post-decision evaluation (art. 36).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .legality_review import Opinion, ReviewerKind

__all__ = ["DecisionCatalogue", "DecisionKind", "DiscussionResult", "EvaluationGround",
           "ImplementationStatus", "MajorDecisionDetail", "MeetingKind", "RiskConclusion"]


class DecisionCatalogue(models.Model):
    """年度重大行政决策事项目录 of a county: its items are the decisions
    (MajorDecisionDetail.catalogue)."""

    SCOPE_REGION = "region"
    # A county's document: a unit's clerk sees it when the unit has a decision in it.
    SCOPE_UNIT_VIA = "decisions__case__unit"

    region = models.ForeignKey("org.Region", verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="decision_catalogues")
    # The unit that compiles it (usually 县政府办公室); figures are placed on it.
    unit = models.ForeignKey("org.Unit", verbose_name="编制单位", on_delete=models.PROTECT,
                             related_name="decision_catalogues")
    year = models.PositiveSmallIntegerField("目录年度")
    title = models.CharField("目录名称", max_length=200)
    document_number = models.CharField("文号", max_length=100, blank=True)
    approved_on = models.DateField("同级党委同意日期", null=True, blank=True)
    approval_note = models.CharField(
        "党委同意情况", max_length=300, blank=True,
        help_text="如：经县委常委会会议研究同意（《重大行政决策程序暂行条例》第三条第三款）")
    published_on = models.DateField("向社会公布日期", null=True, blank=True, db_index=True)
    published_where = models.CharField("公布途径", max_length=200, blank=True,
                                       help_text="如：县政府门户网站、政务新媒体")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "重大行政决策事项目录"
        verbose_name_plural = "重大行政决策事项目录"
        constraints = [models.UniqueConstraint(fields=["region", "year"],
                                               name="decision_catalogue_one_per_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def state_label(self) -> str:
        if self.published_on:
            return "已公布"
        if self.approved_on:
            return "党委已同意，待公布"
        return "编制中"


class DecisionKind(models.TextChoices):
    """条例第三条第一款的五类决策事项."""

    POLICY = "policy", "重大公共政策和措施"
    PLAN = "plan", "经济和社会发展等方面的重要规划"
    RESOURCES = "resources", "开发利用、保护重要自然资源和文化资源"
    PROJECT = "project", "重大公共建设项目"
    OTHER = "other", "其他重大事项"


class RiskConclusion(models.TextChoices):
    CONTROLLABLE = "controllable", "风险可控"
    AFTER_MEASURES = "after_measures", "采取措施后风险可控"
    UNCONTROLLABLE = "uncontrollable", "风险不可控"


class MeetingKind(models.TextChoices):
    STANDING = "standing", "常务会议"
    PLENARY = "plenary", "全体会议"


class DiscussionResult(models.TextChoices):
    ADOPTED = "adopted", "通过"
    ADOPTED_AFTER_CHANGES = "adopted_after_changes", "原则通过，修改后出台"
    POSTPONED = "postponed", "暂缓决策"
    REJECTED = "rejected", "不予通过"


ADOPTED_RESULTS = (DiscussionResult.ADOPTED, DiscussionResult.ADOPTED_AFTER_CHANGES)


class ImplementationStatus(models.TextChoices):
    ON_TRACK = "on_track", "按计划推进"
    COMPLETED = "completed", "已执行完毕"
    PROBLEM = "problem", "存在问题或情况发生重大变化"
    SUSPENDED = "suspended", "中止执行"


class EvaluationGround(models.TextChoices):
    """条例第三十六条第一款的三种情形."""

    BELOW_EXPECTATION = "below_expectation", "实施后明显未达到预期效果"
    MANY_OPINIONS = "many_opinions", "公民、法人或者其他组织提出较多意见"
    NECESSARY = "necessary", "决策机关认为有必要"


class MajorDecisionDetail(models.Model):
    case = models.OneToOneField("registers.Case", on_delete=models.CASCADE,
                                related_name="major_decision")
    catalogue = models.ForeignKey(DecisionCatalogue, verbose_name="所属目录", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="decisions")
    outside_catalogue_reason = models.TextField(
        "未列入目录（调整目录）的理由", blank=True,
        help_text="目录外事项须写明理由，如：年中新增的决策事项，已按程序调整目录")
    decision_kind = models.CharField("决策事项类别", max_length=20, choices=DecisionKind.choices)
    co_units = models.CharField("协办单位", max_length=300, blank=True)
    # Each procedure: required or not, with the reason.
    participation_required = models.BooleanField("需要公众参与", default=True)
    participation_reason = models.CharField(
        "公众参与是否需要的理由", max_length=300, blank=True,
        help_text="不需要的，写明理由（如：依法不予公开的决策事项，条例第十四条第一款）")
    expert_required = models.BooleanField("需要专家论证", default=False)
    expert_reason = models.CharField("专家论证是否需要的理由", max_length=300, blank=True,
                                     help_text="专业性、技术性较强的决策事项应当论证（条例第十九条）")
    risk_required = models.BooleanField("需要风险评估", default=False)
    risk_reason = models.CharField("风险评估是否需要的理由", max_length=300, blank=True,
                                   help_text="可能对社会稳定、公共安全等造成不利影响的应当评估（条例第二十二条）")
    party_report_required = models.BooleanField(
        "须向同级党委请示报告", default=True,
        help_text="按照规定须在出台前向同级党委请示报告的（条例第三十一条）")
    not_disclosed = models.BooleanField("依法不予公开", default=False,
                                        help_text="依法不予公开的决策不公布（条例第三十二条）")
    # 公众参与
    comment_published_on = models.DateField("公布征求意见稿日期", null=True, blank=True)
    comment_until = models.DateField("征求意见截止日期", null=True, blank=True)
    comment_min_until = models.DateField("征求意见最短期限届满日", null=True, blank=True)
    comment_short_reason = models.CharField(
        "缩短征求意见期限的理由", max_length=300, blank=True,
        help_text="期限少于30日的，应当在征求意见时说明理由（条例第十五条第一款）")
    participation_methods = models.CharField("听取意见方式", max_length=300, blank=True,
                                             help_text="如：网上公开征求意见、座谈会、听证会")
    participation_summary = models.TextField("公众意见研究采纳情况", blank=True)
    participation_done_on = models.DateField("公众参与完成日期", null=True, blank=True)
    # 专家论证
    expert_summary = models.TextField("专家论证意见及采纳情况", blank=True)
    expert_done_on = models.DateField("专家论证日期", null=True, blank=True)
    # 风险评估
    risk_conclusion = models.CharField("风险评估结论", max_length=20, blank=True,
                                       choices=RiskConclusion.choices)
    risk_summary = models.TextField("风险点及防范措施", blank=True)
    risk_done_on = models.DateField("风险评估日期", null=True, blank=True)
    # 合法性审查 (the review itself is a case of the legality_review register)
    reviewer_kind = models.CharField("审查机构", max_length=30, blank=True,
                                     choices=ReviewerKind.choices)
    reviewer_name = models.CharField("审查人员或机构名称", max_length=200, blank=True)
    review_sent_on = models.DateField("送请合法性审查日期", null=True, blank=True)
    review_min_until = models.DateField("审查时间最短届满日", null=True, blank=True,
                                        help_text="送审次日起7个工作日（条例第二十六条第二款）")
    # 集体讨论
    meeting_kind = models.CharField("会议类别", max_length=20, blank=True,
                                    choices=MeetingKind.choices)
    meeting_name = models.CharField("会议名称", max_length=200, blank=True,
                                    help_text="如：县政府第15次常务会议")
    discussion_result = models.CharField("集体讨论决定结果", max_length=30, blank=True,
                                         choices=DiscussionResult.choices)
    exploratory_reform = models.BooleanField(
        "国家尚无明确规定的探索性改革决策事项", default=False,
        help_text="经审查认为不合法的，仅此类事项明示法律风险后可以提交讨论（条例第二十五条第二款）")
    legal_risk_statement = models.TextField("明示的法律风险", blank=True)
    discussed_on = models.DateField("集体讨论日期", null=True, blank=True, db_index=True)
    # The review's opinion when the draft went to the meeting (the review-rate numerator).
    review_opinion_at_discussion = models.CharField("提交讨论时的合法性审查意见", max_length=30,
                                                    blank=True, choices=Opinion.choices)
    # 党委请示报告、公布
    party_reported_on = models.DateField("向同级党委请示报告日期", null=True, blank=True)
    party_report_note = models.CharField("党委意见", max_length=300, blank=True)
    decision_number = models.CharField("决策文件文号", max_length=100, blank=True)
    publication_channel = models.CharField("公布途径", max_length=200, blank=True,
                                           help_text="如：政府公报、政府网站、本地报纸")
    published_on = models.DateField("公布日期", null=True, blank=True, db_index=True)
    # 执行、归档、评估
    executing_unit = models.CharField("决策执行单位", max_length=200, blank=True)
    implementation_status = models.CharField("执行情况", max_length=20, blank=True,
                                             choices=ImplementationStatus.choices)
    implementation_note = models.TextField("执行情况说明", blank=True)
    implementation_reported_on = models.DateField("最近报告执行情况日期", null=True, blank=True)
    archive_documents = models.TextField(
        "归档材料清单", blank=True,
        help_text="履行决策程序形成的记录、材料，每行一件（条例第三十三条）")
    archive_number = models.CharField("档号", max_length=100, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    evaluation_ground = models.CharField("决策后评估情形", max_length=30, blank=True,
                                         choices=EvaluationGround.choices)
    evaluation_unit = models.CharField("评估承担单位", max_length=200, blank=True)
    evaluation_result = models.TextField("评估结论", blank=True)
    evaluated_on = models.DateField("评估日期", null=True, blank=True)
    termination_reason = models.CharField("终止理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"

    def __str__(self) -> str:
        return f"{self.case.number} 重大行政决策"
