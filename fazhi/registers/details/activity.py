"""学法、述法、普法活动登记簿的明细（ActivityDetail）.

What the annual reports count of the rule-of-law duties of leaders and units
(《法治政府建设实施纲要（2021—2025年）》: 领导干部应知应会法律法规清单、会前学法、
年终述法; 谁执法谁普法): government executive meetings that studied law before the
agenda or heard the rule-of-law report, party committee (党组) meetings on rule
of law, 中心组 study, leaders' 述法, lectures and trainings, 旁听庭审, legal
publicity events, 法律明白人 trainings — each with its date (the case's start),
unit, participants and evidence.
"""

from __future__ import annotations

from django.db import models

# Only the model is star-imported by details/__init__ (for the app registry).
__all__ = ["ActivityDetail"]


class ActivityKind(models.TextChoices):
    EXEC_STUDY = "exec_study", "政府常务会议会前学法"
    EXEC_REPORT = "exec_report", "政府常务会议听取法治政府建设情况汇报"
    PARTY_MEETING = "party_meeting", "党委（党组）会议研究法治建设"
    CENTRAL_GROUP = "central_group", "理论学习中心组集体学法"
    REPORTING = "reporting", "领导干部述法"
    LECTURE = "lecture", "法治讲座、培训"
    TRIAL = "trial", "旁听庭审"
    PUBLICITY = "publicity", "普法宣传活动"
    LITERATE = "literate", "“法律明白人”培训"


# The kinds that count as 集体学法 (catalogue LAW_STUDY_SESSIONS, body dimension).
STUDY_KINDS = (ActivityKind.EXEC_STUDY, ActivityKind.CENTRAL_GROUP, ActivityKind.PARTY_MEETING)
# Kinds whose records must say how many took part.
COUNTED_KINDS = (ActivityKind.LECTURE, ActivityKind.TRIAL, ActivityKind.PUBLICITY,
                 ActivityKind.LITERATE)


class ActivityDetail(models.Model):
    case = models.OneToOneField("registers.Case", on_delete=models.CASCADE,
                                related_name="activity")
    kind = models.CharField("活动类型", max_length=20, choices=ActivityKind.choices, db_index=True)
    meeting = models.CharField("会议或活动名称", max_length=200, blank=True,
                               help_text="如：县政府第12次常务会议、“宪法宣传周”集中宣传")
    topic = models.CharField("学习内容或主题", max_length=300, blank=True,
                             help_text="如：《中华人民共和国行政复议法》")
    presenter = models.CharField("主讲人", max_length=100, blank=True)
    reporter = models.CharField("述法人", max_length=100, blank=True,
                                help_text="领导干部述法的，填述法人姓名")
    reporter_post = models.CharField("述法人职务", max_length=100, blank=True)
    participants = models.PositiveIntegerField("参加人数", null=True, blank=True)
    venue = models.CharField("地点", max_length=200, blank=True)
    evidence_note = models.TextField("佐证材料", blank=True,
                                     help_text="会议纪要、签到表、照片等；也可以上传附件")
    void_reason = models.CharField("作废理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "学法述法普法活动"
        verbose_name_plural = "学法述法普法活动"

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"
