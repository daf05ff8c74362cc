"""fazhi verify_audit: walk the audit log's hash chain and name the first
broken link (exit status 1), or report how many entries verified."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.audit.service import verify_chain


class Command(BaseCommand):
    help = "校验审计日志的哈希链，指出第一处断裂。"

    def handle(self, *args: Any, **options: Any) -> None:
        checked, bad, why = verify_chain()
        if bad is not None:
            at = timezone.localtime(bad.at)
            raise CommandError(
                f"审计日志哈希链在第 {checked + 1} 条断裂（编号 {bad.pk}，"
                f"{at.year}年{at.month}月{at.day}日 {at:%H:%M:%S}，{bad.username}，{bad.action}）：{why}。"
                f"此前 {checked} 条校验通过。")
        self.stdout.write(f"审计日志哈希链完整：{checked} 条全部校验通过。")
