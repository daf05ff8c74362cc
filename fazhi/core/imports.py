"""Large imports run by the background worker (issue 10, item 8): the upload
is kept with a job row that the worker updates as it checks and writes the
rows, and that the page polls for its progress bar. On SQLite a long import
in a request would hold the write lock while others wait; in the worker the
check pass holds no lock and the write pass commits batch by batch, each
batch holding the lock briefly (fazhi.registers.import_batches)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.org.models import Region

from .jobs import mark_stale, stale_minutes


class ImportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "等待导入"
        CHECKING = "checking", "正在逐行检查"
        WRITING = "writing", "正在写入"
        DONE = "done", "已导入"
        REFUSED = "refused", "有错误，未导入"
        FAILED = "failed", "导入失败"

    FINISHED = (Status.DONE, Status.REFUSED, Status.FAILED)

    register = models.CharField("登记簿", max_length=30)
    region = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.CASCADE,
                               related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True,
                             on_delete=models.SET_NULL, related_name="+")
    original_name = models.CharField("文件名", max_length=255)
    file = models.FileField("文件", upload_to="imports/%Y/%m/", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    rows_total = models.PositiveIntegerField("总行数", null=True, blank=True)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    created = models.PositiveIntegerField("导入条数", default=0)
    error_count = models.PositiveIntegerField("错误数", default=0)
    errors = models.JSONField("错误（前200条）", default=list, blank=True)
    message = models.TextField("说明", blank=True)
    requested_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Set by the worker as it goes (fazhi.core.jobs): a running job without a
    # recent heartbeat belongs to a worker that died.
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True)
    # Batches of this job were committed and the job did not finish: its cases
    # are to be deleted (fazhi.registers.import_batches.revert) before it can
    # be started again.
    to_revert = models.BooleanField("待撤销已写入部分", default=False)

    SCOPE_REGION = "region"

    class Meta:
        app_label = "core"
        verbose_name = "批量导入"
        verbose_name_plural = "批量导入"
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(int(self.rows_done * 100 / self.rows_total), 99)

    @property
    def can_restart(self) -> bool:
        """A job whose worker died keeps its upload: once what it wrote is
        reverted, it can be queued again."""
        return self.status == self.Status.FAILED and bool(self.file) and not self.to_revert

    @property
    def more_errors(self) -> int:
        return max(self.error_count - len(self.errors or []), 0)


def stale_message() -> str:
    return (f"后台导入进程意外中断（超过 {stale_minutes()} 分钟没有进展）。导入是全部写入或全部不写入的："
            "已写入的部分随即撤销，未导入任何记录；撤销完成后可点击“重新导入”再次导入该文件。")


def recover_stale(queryset: models.QuerySet | None = None) -> int:
    """Settle the imports whose worker died (see fazhi.core.jobs).

    One that died checking wrote nothing: it is marked failed. One that died
    writing may have committed some of its batches
    (fazhi.registers.import_batches): it is marked failed and to be
    reverted, and the worker is asked to delete its cases; it can be started
    again once that is done."""
    from django.db import transaction

    S = ImportJob.Status
    queryset = ImportJob.objects.all() if queryset is None else queryset
    writing = mark_stale(queryset.filter(status=S.WRITING), (S.WRITING,), S.FAILED, "message",
                         stale_message(), to_revert=True)
    if writing:
        from fazhi.registers.tasks import revert_import_task

        for pk in ImportJob.objects.filter(to_revert=True, status=S.FAILED).values_list("pk", flat=True):
            transaction.on_commit(lambda pk=pk: revert_import_task.enqueue(pk))
    return writing + mark_stale(queryset, (S.CHECKING,), S.FAILED, "message", stale_message())
