"""The model of an Excel export generated in the background (see
fazhi.core.exports): who asked, for which page, its progress and its file."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .jobs import mark_stale, stale_minutes


class ExportJob(models.Model):
    """A large export: the page's own view is run again in the worker for the
    person who asked, with their access at that time; the file is kept for
    ``FAZHI_EXPORT_KEEP_DAYS`` and can be downloaded by that person only."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人",
                                     on_delete=models.CASCADE, related_name="export_jobs")
    # The roles the person held when asking: a download after a change of
    # roles is refused (the file was cut to the old access).
    access_key = models.CharField("权限摘要", max_length=64)
    path = models.CharField("页面地址", max_length=2000)
    filename = models.CharField("文件名", max_length=200)
    status = models.CharField("状态", max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    total = models.PositiveIntegerField("总行数", default=0)
    done = models.PositiveIntegerField("已写行数", default=0)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Set by the worker as it writes (fazhi.core.jobs): a running job without
    # a recent heartbeat belongs to a worker that died.
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True)
    # Set at the first download: a finished export not yet downloaded counts
    # as an unread notification of its requester.
    downloaded_at = models.DateTimeField("下载时间", null=True, blank=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "status", "downloaded_at"],
                                name="exportjob_inbox")]

    def __str__(self) -> str:
        return self.filename

    @property
    def can_restart(self) -> bool:
        """Failed: it can be queued again (the requester's access is checked
        again when it runs)."""
        return self.status == self.Status.FAILED

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


def stale_message() -> str:
    return (f"生成导出文件的后台进程意外中断（超过 {stale_minutes()} 分钟没有进展），未生成文件；"
            "可点击“重新生成”再试一次。")


def recover_stale(queryset: models.QuerySet | None = None) -> int:
    """Mark failed the exports whose worker died (see fazhi.core.jobs)."""
    S = ExportJob.Status
    return mark_stale(ExportJob.objects.all() if queryset is None else queryset,
                      (S.RUNNING,), S.FAILED, "error", stale_message())
