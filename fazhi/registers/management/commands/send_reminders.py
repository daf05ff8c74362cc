"""``fazhi send_reminders [--date YYYY-MM-DD] [--schedule]``: find the
deadlines due soon or overdue now and write the units' reminders; with
--schedule, also queue the daily background job (``fazhi db_worker`` runs it)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.registers import reminders, tasks


class Command(BaseCommand):
    help = "生成法定期限提醒（即将到期、已逾期）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按该日期计算（默认今天），格式 YYYY-MM-DD")
        parser.add_argument("--schedule", action="store_true", help="同时安排每日后台任务")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"日期格式不正确：{options['date']}（应为 YYYY-MM-DD）") from exc
        result = reminders.scan(today)
        self.stdout.write(f"新增提醒 {result.total} 条：即将到期 {result.due_soon} 条，已逾期 {result.overdue} 条。")
        if options["schedule"]:
            if tasks.schedule_next():
                self.stdout.write("已安排每日提醒任务（由 fazhi db_worker 执行）。")
            else:
                self.stdout.write("当前任务后端不支持定时执行，请用 cron 每日运行本命令。")
