"""fazhi restore DIR: load a backup into an empty, migrated database and check
it against the manifest (row counts, checksums, files) and the audit chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fazhi.audit.models import AuditEntry
from fazhi.core.backup import restore


class Command(BaseCommand):
    help = "从备份恢复到空数据库，并核对行数、校验和、文件与审计哈希链。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", help="备份目录")

    def handle(self, *args: Any, **options: Any) -> None:
        if AuditEntry.objects.exists():
            raise CommandError("目标数据库不是空的：请恢复到新建并已迁移（fazhi migrate）的数据库。")
        differences = restore(Path(options["source"]))
        if differences:
            raise CommandError("恢复后与备份不一致：\n" + "\n".join(differences))
        call_command("verify_audit", stdout=self.stdout)
        self.stdout.write("恢复完成：每张表的行数与校验和、全部文件均与备份一致。")
