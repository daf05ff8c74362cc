"""审计日志：每一次业务记录的新增、修改、删除，每一次登录、导出、下载都在此留痕，且不可修改。

Tamper evidence: every entry stores the SHA-256 of its own content together
with the hash of the entry before it (``prev_hash``), so changing, removing or
inserting an entry anywhere breaks the chain from there on
(``fazhi verify_audit`` names the first broken link). The database itself
refuses UPDATE and DELETE on the table (triggers installed by migration 0002).
"""

import hashlib
import json
from datetime import UTC

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models

GENESIS = "0" * 64  # prev_hash of the first entry


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ANN003, ANN201
        raise PermissionDenied("审计日志不可修改。")

    def delete(self):  # noqa: ANN201
        raise PermissionDenied("审计日志不可删除。")


class AuditEntry(models.Model):
    """One change to one record. Append-only: written by fazhi.audit.service only."""

    at = models.DateTimeField("时间", db_index=True)
    # No database constraint and no SET NULL: deleting an account must not
    # rewrite audit rows (the trigger would refuse it); the name is kept below.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
    )
    username = models.CharField("账号", max_length=150, blank=True)
    user_display = models.CharField("姓名", max_length=150, blank=True)
    role = models.CharField("角色", max_length=100, blank=True)
    unit = models.CharField("单位", max_length=200, blank=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    model = models.CharField("对象类型", max_length=100, db_index=True)
    model_label = models.CharField("对象类型名称", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, db_index=True)
    object_repr = models.CharField("对象", max_length=300)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    region_id_value = models.BigIntegerField("所属地区编号", null=True, blank=True, db_index=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if self.pk is not None:
            raise PermissionDenied("审计日志不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        raise PermissionDenied("审计日志不可删除。")

    def content(self) -> str:
        """The canonical text the hash covers (every field but id and hash); the time
        to the millisecond, as Django's JSON backups keep it."""
        return json.dumps([
            self.prev_hash, self.at.astimezone(UTC).isoformat(timespec="milliseconds"),
            self.user_id, self.username, self.user_display, self.role, self.unit, self.action,
            self.model, self.model_label, self.object_id, self.object_repr, self.changes,
            self.note, self.region_id_value, self.ip,
        ], ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def compute_hash(self) -> str:
        return hashlib.sha256(self.content().encode()).hexdigest()
