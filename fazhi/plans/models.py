"""年度法治政府建设工作计划与任务台账。"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from fazhi.org.models import Region, Unit


class Plan(models.Model):
    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="plans")
    year = models.PositiveIntegerField("年度", db_index=True)
    title = models.CharField("标题", max_length=200)
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_file = models.FileField("原文件", upload_to="plans/%Y/", blank=True)
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"
    SCOPE_UNIT_VIA = "tasks__assignments__unit"

    class Meta:
        verbose_name = "工作计划"
        verbose_name_plural = "工作计划"
        ordering = ["-year", "region"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="plan_one_per_region_year"),
        ]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE,
                             related_name="sections")
    order = models.PositiveIntegerField("顺序")
    title = models.CharField("标题", max_length=200)

    SCOPE_REGION = "plan__region"

    class Meta:
        verbose_name = "计划部分"
        verbose_name_plural = "计划部分"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="section_unique_order"),
        ]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE,
                             related_name="tasks")
    section = models.ForeignKey(Section, verbose_name="部分", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="tasks")
    number = models.PositiveIntegerField("序号", help_text="计划内的顺序号，1、2、3……")
    source_number = models.CharField("原文编号", max_length=30, blank=True,
                                     help_text="计划按部分分别编号时的原文编号，如“二-1”")
    text = models.TextField("任务内容")
    lead_units_text = models.CharField("牵头单位（原文）", max_length=500, blank=True)
    responsible_units_text = models.CharField("责任单位（原文）", max_length=500, blank=True)
    due_date = models.DateField("完成时限", null=True, blank=True, db_index=True)

    SCOPE_REGION = "plan__region"
    SCOPE_UNIT_VIA = "assignments__unit"

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="task_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"

    @property
    def summary(self) -> str:
        first = self.text.split("。", 1)[0]
        return first if len(first) <= 60 else first[:60] + "…"


class Assignment(models.Model):
    """A task given to one unit, as lead (牵头) or responsible (责任) unit."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头单位"
        RESPONSIBLE = "responsible", "责任单位"

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE,
                             related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT,
                             related_name="assignments")
    role = models.CharField("角色", max_length=20, choices=Role.choices, db_index=True)
    # Denormalised from the latest accepted report so lists can filter and count
    # without reading every report (kept by the review action).
    is_done = models.BooleanField("已完成", default=False, db_index=True)
    # Moves when the assignment or its task's due date changes, so a figure
    # computed from the ledger knows when it is stale.
    updated_at = models.DateTimeField("更新时间", auto_now=True, null=True)

    SCOPE_REGION = "task__plan__region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        ordering = ["task__number", "role", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.task.number}号任务 · {self.unit}（{self.get_role_display()}）"


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(Plan, verbose_name="计划", on_delete=models.CASCADE,
                             related_name="periods")
    name = models.CharField("名称", max_length=50)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    due = models.DateField("报送截止日期", db_index=True)

    SCOPE_REGION = "plan__region"

    class Meta:
        verbose_name = "报送周期"
        verbose_name_plural = "报送周期"
        ordering = ["plan", "start"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="period_unique_name"),
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")),
                                   name="period_start_before_end",
                                   violation_error_message="开始日期不能晚于结束日期。"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year}年{self.name}"


class ProgressReport(models.Model):
    """A unit's report on one assignment for one period.

    草稿 → 已提交（经办人）→ 单位已审核（负责人）→ 已采纳 / 已退回（依法治县办）；
    退回后经办人修改再提交。
    """

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待单位审核"
        APPROVED = "approved", "待依法治县办审核"
        ACCEPTED = "accepted", "已采纳"
        RETURNED = "returned", "已退回"

    class Completion(models.TextChoices):
        NOT_STARTED = "not_started", "未开始"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"

    assignment = models.ForeignKey(Assignment, verbose_name="任务分工", on_delete=models.CASCADE,
                                   related_name="reports")
    period = models.ForeignKey(ReportingPeriod, verbose_name="报送周期", on_delete=models.PROTECT,
                               related_name="reports")
    text = models.TextField("进展情况")
    completion = models.CharField("完成情况", max_length=20, choices=Completion.choices,
                                  default=Completion.IN_PROGRESS)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    return_reason = models.TextField("退回理由", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("单位审核时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="单位审核人",
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField("办公室审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办公室审核人",
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)
    is_demo = models.BooleanField("演示数据", default=False)
    # The plan's county, copied from assignment → task → plan when the report
    # is created (a plan never changes county): the scope compares this column,
    # so (region, updated_at) gives 进展审核 its order (docs/scale.md). Bulk
    # inserts must set it; the column is NOT NULL so a missing one fails.
    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT, related_name="+",
                               editable=False)
    # The assignment's unit, copied likewise (an assignment never changes unit):
    # a unit's people see their reports in order by (unit, updated_at).
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+",
                             editable=False)

    SCOPE_REGION = "region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="report_unique_period"),
        ]
        indexes = [
            # 进展审核 lists newest first, usually filtered by state (issue 15).
            models.Index(fields=["updated_at"], name="report_updated"),
            models.Index(fields=["state", "updated_at"], name="report_state_updated"),
            models.Index(fields=["completion"], name="report_completion"),
            # The county's reports newest first, all or in one state.
            models.Index(fields=["region", "updated_at"], name="report_region_updated"),
            models.Index(fields=["region", "state", "updated_at"], name="report_region_state_updated"),
            models.Index(fields=["unit", "updated_at"], name="report_unit_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.period.name}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if self.region_id is None or self.unit_id is None:
            self.region_id, self.unit_id = Assignment.objects.filter(pk=self.assignment_id) \
                .values_list("task__plan__region_id", "unit_id").get()
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.state in {self.State.DRAFT, self.State.RETURNED}


def evidence_path(instance: Evidence, filename: str) -> str:
    today = datetime.date.today()
    return f"evidence/{today:%Y/%m}/{instance.report_id}/{filename}"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, verbose_name="进展报告", on_delete=models.CASCADE,
                               related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path)
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    # The report's own copies of its county and unit (see ProgressReport).
    SCOPE_REGION = "report__region"
    SCOPE_UNIT = "report__unit"

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class PlanImport(models.Model):
    """An uploaded plan document awaiting the office's confirmation: the
    preview step keeps the file here (not in a process's memory)."""

    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.CASCADE,
                               related_name="+")
    year = models.PositiveIntegerField("年度")
    title = models.CharField("标题", max_length=200, blank=True)
    source_name = models.CharField("文件名", max_length=255)
    file = models.FileField("文件", upload_to="imports/plans/%Y/")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    plan = models.ForeignKey(Plan, verbose_name="导入结果", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    SCOPE_REGION = "region"

    class Meta:
        verbose_name = "计划导入"
        verbose_name_plural = "计划导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source_name}（{self.year}年）"
