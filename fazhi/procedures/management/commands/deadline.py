"""fazhi deadline PROCESS STEP START [--extended [--extension N]] [--region ID] [--json]"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from fazhi.procedures.deadlines import BadExtension, NoExtension, UnknownRegion, compute_deadline
from fazhi.procedures.definitions import PROCESSES, ProcedureLookupError

EXIT_INVALID = 2


class Command(BaseCommand):
    help = ("计算法定期限。PROCESS 和 STEP 见 docs/procedures.md（如 disclosure reply），"
            "START 为起算事件的日期（YYYY-MM-DD，当日不计入）。")

    def add_arguments(self, parser: CommandParser) -> None:
        keys = "；".join(f"{p.key}: {', '.join(p.steps)}" for p in PROCESSES.values())
        parser.add_argument("process", help=f"程序键。可用：{keys}")
        parser.add_argument("step", help="环节键")
        parser.add_argument("start", help="起算事件日期，YYYY-MM-DD")
        parser.add_argument("--extended", action="store_true", help="按依法延长后的期限计算")
        parser.add_argument("--extension", type=int, default=None,
                            help="批准延长的期间（与 --extended 同用；不填为法定最长延长期间）")
        parser.add_argument("--region", help="地区编号（org.Region），用于地区参数")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = datetime.date.fromisoformat(options["start"])
        except ValueError:
            raise CommandError(f"日期“{options['start']}”无法识别，格式应为 YYYY-MM-DD（如 2025-09-26）。",
                               returncode=EXIT_INVALID) from None
        region = options.get("region")
        if region is not None:
            try:
                region = int(region)
            except ValueError:
                raise CommandError(f"地区编号应为整数，实为“{region}”。",
                                   returncode=EXIT_INVALID) from None
        try:
            extension = options.get("extension")
            result = compute_deadline(options["process"], options["step"], start,
                                      extended=options["extended"] or extension is not None,
                                      extension=extension, region=region)
        except (ProcedureLookupError, NoExtension, BadExtension, UnknownRegion) as exc:
            raise CommandError(str(exc), returncode=EXIT_INVALID) from None
        except DatabaseError:
            raise CommandError("数据库尚未初始化，请先运行 fazhi migrate（或 make demo）。") from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(result.explanation)
