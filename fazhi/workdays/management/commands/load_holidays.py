"""fazhi load_holidays FILE [--dry-run] [--user NAME]: load a year's holiday schedule."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.workdays.calendar import fmt_date
from fazhi.workdays.holiday_file import HolidayFileError, read_holiday_file
from fazhi.workdays.services import load_years

EXIT_INVALID = 2


class Command(BaseCommand):
    help = ("载入国务院办公厅公布的年度节假日与调休安排（YAML 或 CSV，格式见 docs/calendar.md）。"
            "文件中每个年度整体替换数据库中该年的数据；文件有任何错误则不写入，退出状态 2。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="节假日安排文件（.yaml/.yml/.csv）")
        parser.add_argument("--dry-run", action="store_true", help="只检查并显示，不写入")
        parser.add_argument("--user", help="记为载入人的账号（默认记为“系统”）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            years = read_holiday_file(options["file"])
        except HolidayFileError as exc:
            raise CommandError(
                "节假日文件有误，未写入任何数据：\n" + "\n".join(f"  - {e}" for e in exc.errors),
                returncode=EXIT_INVALID,
            ) from exc
        actor = None
        if options.get("user"):
            user_model = get_user_model()
            actor = user_model._default_manager.filter(
                **{user_model.USERNAME_FIELD: options["user"]}).first()
            if actor is None:
                raise CommandError(f"账号“{options['user']}”不存在。", returncode=EXIT_INVALID)
        for parsed in years:
            holidays = sorted(parsed.holidays)
            self.stdout.write(
                f"{parsed.year}年（{parsed.source}）：放假{len(holidays)}天"
                + (f"（{fmt_date(holidays[0])}—{fmt_date(holidays[-1])}）" if holidays else "")
                + f"，调休上班{len(parsed.workdays)}天"
                + ("：" + "、".join(fmt_date(d, with_year=False) for d in sorted(parsed.workdays))
                   if parsed.workdays else "")
            )
        if options["dry_run"]:
            self.stdout.write("检查通过（--dry-run，未写入）。")
            return
        results = load_years(years, actor=actor)
        for result in results:
            verb = "已替换" if result.replaced else "已载入"
            self.stdout.write(self.style.SUCCESS(f"{verb}{result.year}年节假日安排。"))
