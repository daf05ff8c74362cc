"""``fazhi import_register KEY FILE.xlsx --region R [--user NAME]``

Checks every row and saves all rows or none; each bad row is listed with
its row number and reason (the first 200, with the count of all), and the
command exits with status 2. Registers written in bulk are imported as a
background job is (fazhi.registers.import_batches): batch by batch, so that
other people's saves go through meanwhile, and reverted if it does not
finish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.actions import Actor
from fazhi.plans.management.commands.import_plan import find_county
from fazhi.registers import excel
from fazhi.registers.base import REGISTERS, get_register


class Command(BaseCommand):
    help = "从 Excel 批量导入登记簿（全部无误才保存）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key", help=f"登记簿：{'、'.join(REGISTERS)}")
        parser.add_argument("file", help="按模板填写的 .xlsx 文件")
        parser.add_argument("--region", required=True, help="县（市、区）名称或编号")
        parser.add_argument("--user", help="以该账号的身份导入（默认：系统）")

    def handle(self, *args: Any, **options: Any) -> None:
        from fazhi.enforcement.officers import DIRECTORIES  # 执法人员名录 (not a register of cases)

        try:
            reg = DIRECTORIES.get(options["key"]) or get_register(options["key"])
        except LookupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}", returncode=2)
        region = find_county(options["region"])
        actor, user = Actor.system(), None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"账号不存在：{options['user']}", returncode=2)
            actor = Actor.for_user(user)
        if getattr(reg, "bulk_import", False):
            self._as_a_job(reg, region, user, path)
            return
        try:
            result = excel.import_workbook(reg, path.read_bytes(), region, actor)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages), returncode=2) from None
        if not result.ok:
            raise _refused(result.errors, result.error_count)
        self.stdout.write(f"已导入 {result.created} 条{reg.label}记录。")

    def _as_a_job(self, reg, region, user, path: Path) -> None:  # noqa: ANN001
        """A register written in bulk: as the worker imports, batch by batch,
        so that a long import does not hold the write lock (issue 10, item 8)."""
        from fazhi.core.imports import ImportJob
        from fazhi.registers.tasks import import_now

        job = import_now(reg.key, region, user, path.name, path.read_bytes())
        if job.status == ImportJob.Status.DONE:
            self.stdout.write(f"已导入 {job.created} 条{reg.label}记录。")
            return
        if job.status == ImportJob.Status.REFUSED:
            raise _refused(job.errors, job.error_count)
        raise CommandError(job.message or "导入时出现错误，未导入任何记录。", returncode=2)


def _refused(errors: list, error_count: int) -> CommandError:
    """The listed errors (the first 200) and the count of all, exit status 2."""
    lines = [f"第 {row} 行：{message}" if row else message for row, message in errors]
    if error_count > len(errors):
        lines.append(f"……共 {error_count} 处问题，以上列出前 {len(errors)} 处。")
    return CommandError("未导入任何记录：\n" + "\n".join(lines), returncode=2)
