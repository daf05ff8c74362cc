"""登记簿：每一件法定程序事项（一件复议申请、一件应诉案件、一件依申请公开）
是一个 Case；它的经过是只增不改的 CaseEvent；它的法定期限是按规则算出并保存
的 Deadline，只有明确的事件（延长、补正、中止）才会改变期限。

Register-specific facts live in one detail model per register (a one-to-one
beside the case), declared in that register's module (reconsideration.py …).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.org.models import Region, Unit


class Case(models.Model):
    register = models.CharField("登记簿", max_length=30, db_index=True)
    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="cases")
    unit = models.ForeignKey(Unit, verbose_name="承办单位", on_delete=models.PROTECT,
                             related_name="cases")
    number = models.CharField("编号", max_length=100, help_text="如：莘政复受〔2026〕12号")
    title = models.CharField("事由", max_length=300)
    started_on = models.DateField("收到（立案）日期", db_index=True)
    state = models.CharField("状态", max_length=40, db_index=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    # The nearest open deadline, kept by the write path, so lists can filter
    # and sort by it without a subquery per row.
    next_due = models.DateField("最近期限", null=True, blank=True, db_index=True)
    next_due_provisional = models.BooleanField("最近期限为暂定", default=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)
    is_demo = models.BooleanField("演示数据", default=False)

    SCOPE_REGION = "region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "登记事项"
        verbose_name_plural = "登记事项"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["register", "region", "number"],
                                    name="case_unique_number"),
        ]
        indexes = [
            models.Index(fields=["register", "region", "state"]),
            models.Index(fields=["register", "unit", "started_on"]),
            # The list's default sort (newest first) and the sort by deadline, per county.
            models.Index(fields=["register", "region", "started_on"], name="case_region_started"),
            models.Index(fields=["register", "region", "next_due"], name="case_region_due"),
            # Open or closed by a date, per county: the annual statistics' cases
            # carried in from earlier years (still open, or closed in or after
            # the year) and the 已逾期/即将到期 filters (open, due before a day),
            # whose count this index answers alone.
            models.Index(fields=["register", "region", "closed_on", "next_due"],
                         name="case_region_closed_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ImportedCase(models.Model):
    """A case written by a background import, which writes batch by batch
    (fazhi.registers.import_batches): an import that fails part-way deletes
    exactly its own cases. A table of its own rather than a column on Case,
    whose every query (and the data migrations that run the engine) would
    otherwise read it."""

    job = models.ForeignKey("core.ImportJob", verbose_name="导入任务", on_delete=models.CASCADE,
                            related_name="+")
    case = models.OneToOneField(Case, verbose_name="事项", on_delete=models.CASCADE,
                                related_name="+")

    class Meta:
        verbose_name = "导入的事项"
        verbose_name_plural = "导入的事项"

    def __str__(self) -> str:
        return f"{self.job_id}: {self.case_id}"


class CaseEvent(models.Model):
    """One thing that happened to a case. Append-only: the timeline and the
    status history are read from these rows."""

    case = models.ForeignKey(Case, verbose_name="事项", on_delete=models.CASCADE,
                             related_name="events")
    kind = models.CharField("事件", max_length=40)
    label = models.CharField("事件名称", max_length=100)
    occurred_on = models.DateField("发生日期")
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    data = models.JSONField("内容", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    SCOPE_REGION = "case__region"
    SCOPE_UNIT = "case__unit"

    class Meta:
        verbose_name = "事项经过"
        verbose_name_plural = "事项经过"
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.label}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if self.pk is not None:
            raise ValueError("事项经过只能追加，不能修改。")
        super().save(*args, **kwargs)


class Deadline(models.Model):
    """A statutory deadline computed for a case, stored with the rule that
    produced it. Changed only by events: a new row supersedes the old one."""

    class Status(models.TextChoices):
        OPEN = "open", "进行中"
        MET = "met", "按期完成"
        MISSED = "missed", "逾期完成"
        SUPERSEDED = "superseded", "已被新期限取代"
        CANCELLED = "cancelled", "不再适用"

    case = models.ForeignKey(Case, verbose_name="事项", on_delete=models.CASCADE,
                             related_name="deadlines")
    process = models.CharField("程序", max_length=40)
    step = models.CharField("环节", max_length=40)
    label = models.CharField("期限名称", max_length=100)
    start = models.DateField("起算日")
    due = models.DateField("届满日", db_index=True)
    provisional = models.BooleanField("暂定（超出已有假日数据）", default=False)
    basis = models.CharField("法律依据", max_length=300)
    unit = models.CharField("计算单位", max_length=10)
    amount = models.PositiveIntegerField("期间")
    extended = models.BooleanField("已延长", default=False)
    # The approved length of an extension (at most the rule's); null = the maximum.
    extension = models.PositiveIntegerField("批准延长的期间", null=True, blank=True)
    # When ``start`` is the start event moved later (time not counted): the
    # real event date and why, kept so that a recomputation says the same.
    event_on = models.DateField("起算事件日期", null=True, blank=True)
    shift_note = models.CharField("起算日顺延说明", max_length=300, blank=True)
    explanation = models.TextField("计算过程", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices,
                              default=Status.OPEN, db_index=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    caused_by = models.ForeignKey(CaseEvent, verbose_name="产生此期限的事件", null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="deadlines")
    created_at = models.DateTimeField("计算时间", auto_now_add=True)

    SCOPE_REGION = "case__region"
    SCOPE_UNIT = "case__unit"

    class Meta:
        verbose_name = "法定期限"
        verbose_name_plural = "法定期限"
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["status", "due"])]
        constraints = [
            # A step's clock is met once: a restarted clock (补正, extension)
            # supersedes or cancels the old one. Figures join on it (按期答复率).
            models.UniqueConstraint(fields=["case", "step"], condition=models.Q(status="met"),
                                    name="deadline_met_once_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.label}：{self.due}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"registers/{instance.case.register}/{instance.case_id}/{filename}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, verbose_name="事项", on_delete=models.CASCADE,
                             related_name="attachments")
    event = models.ForeignKey(CaseEvent, verbose_name="所属事件", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path)
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100, blank=True)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    SCOPE_REGION = "case__region"
    SCOPE_UNIT = "case__unit"

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """A reminder for a unit (and so for its clerks and leaders): a deadline
    falling due or overdue, or a step of the progress workflow (approved,
    returned, accepted, awaiting someone) and the office's 催办. Channels
    beyond the web page (SMS, IM) read these rows; see fazhi.registers.reminders
    and fazhi.core.notifications."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "已逾期"
        APPROVED = "approved", "已审核"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "已采纳"
        AWAITS_APPROVAL = "awaits_approval", "待单位审核"
        AWAITS_REVIEW = "awaits_review", "待依法治县办审核"
        URGED = "urged", "催办"

    class Audience(models.TextChoices):
        # Who of the unit's readers the row is for; blank: all of them.
        ALL = "", "全部"
        CLERK = "clerk", "经办人"
        LEADER = "leader", "单位负责人"
        OFFICE = "office_admin", "依法治县办"

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE,
                             related_name="notifications")
    # The unit's county, copied when the row is written (units do not move):
    # the office's inbox is scoped and ordered by the (region, id) index
    # instead of joining the units and sorting every reminder of the county.
    # Bulk writes give it themselves (the column may not be null).
    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT,
                               related_name="+", editable=False)
    deadline = models.ForeignKey(Deadline, verbose_name="期限", on_delete=models.CASCADE,
                                 null=True, blank=True, related_name="notifications")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    message = models.CharField("内容", max_length=300)
    audience = models.CharField("接收人", max_length=20, choices=Audience.choices, blank=True,
                                default="", db_index=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created_on = models.DateField("提醒日期", db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    SCOPE_REGION = "region"
    SCOPE_UNIT = "unit"

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-created_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "kind", "created_on"],
                                    name="notification_once_a_day"),
        ]
        indexes = [
            # The inbox (newest first by id) of a county and of a unit, and the
            # unread ones of the home page and the badge (by date): each read in
            # index order (on PostgreSQL a plain (region) index is not in id order).
            models.Index(fields=["region", "id"], name="notification_region_id"),
            models.Index(fields=["unit", "id"], name="notification_unit_id"),
            models.Index(fields=["region", "-created_on", "-id"],
                         condition=models.Q(read_at__isnull=True),
                         name="notification_region_unread"),
        ]

    def __str__(self) -> str:
        return self.message

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if self.region_id is None:
            self.region_id = Unit.objects.values_list("region_id", flat=True).get(pk=self.unit_id)
        super().save(*args, **kwargs)
from .case_search import CaseText  # noqa: E402, F401  (the search index, unmanaged)
from .details import *  # noqa: E402, F403  (detail models, one module per register)
from .party_search import PartyText  # noqa: E402, F401  (the site search's index, unmanaged)
