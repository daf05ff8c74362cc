"""``fazhi export_register KEY --region R [--year Y] --out FILE.xlsx``

Writes a register of a county to a workbook with the template's Chinese
headers. ``--year`` keeps the records whose process started (was received
or filed) in that year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.plans.management.commands.import_plan import find_county
from fazhi.registers import excel
from fazhi.registers.base import REGISTERS, get_register
from fazhi.registers.models import Case


class Command(BaseCommand):
    help = "把一个县的登记簿导出为 Excel"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key", help=f"登记簿：{'、'.join(REGISTERS)}")
        parser.add_argument("--region", required=True, help="县（市、区）名称或编号")
        parser.add_argument("--year", type=int, help="只导出该年收到（立案）的记录")
        parser.add_argument("--out", required=True, help="输出文件（.xlsx）")

    def handle(self, *args: Any, **options: Any) -> None:
        from fazhi.enforcement.officers import DIRECTORIES  # 执法人员名录 (not a register of cases)

        directory = DIRECTORIES.get(options["key"])
        try:
            reg = directory or get_register(options["key"])
        except LookupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        out = Path(options["out"])
        if out.suffix.lower() != ".xlsx":
            raise CommandError("输出文件须为 .xlsx。", returncode=2)
        region = find_county(options["region"])
        if directory is not None:
            rows = directory.export_queryset(region, options["year"])
            out.write_bytes(excel.workbook_bytes(directory, rows))
            self.stdout.write(f"已导出 {rows.count()} 条{directory.label}记录到 {out}")
            return
        cases = Case.objects.filter(register=reg.key, region=region).order_by("started_on", "id")
        if options["year"]:
            cases = cases.filter(started_on__year=options["year"])
        cases = reg.export_queryset(cases) if hasattr(reg, "export_queryset") else cases
        out.write_bytes(excel.workbook_bytes(reg, cases))
        self.stdout.write(f"已导出 {cases.count()} 条{reg.label}记录到 {out}")
