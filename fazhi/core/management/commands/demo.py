"""``fazhi demo``: migrate, load the demo county if absent, print the demo
logins and serve it at http://127.0.0.1:8000 with a background worker."""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "加载演示县（莘县）并启动服务"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--load-only", action="store_true", help="只迁移并加载演示数据，不启动服务")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="服务地址，默认 127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.FAZHI_DEMO_ALLOWED:
            raise CommandError("生产模式下不能加载演示数据。")
        from fazhi.demo import loader

        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if loader.demo_loaded():
            self.stdout.write("演示数据已存在，跳过加载。")
        else:
            self.stdout.write("正在加载演示县（莘县）……")
            counts = loader.load(say=self.stdout.write)
            self.stdout.write(self.style.SUCCESS(
                f"已加载：{counts['units']} 个单位，{counts['users']} 个账号，"
                f"{counts['plans']} 个年度计划，{counts['reports']} 份进展报告，"
                f"{counts['cases']} 件登记事项。"))
        from fazhi.registers import reminders, tasks

        reminders.scan()
        tasks.schedule_next()
        self._print_accounts(loader)
        if options["load_only"]:
            return
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        host = options["addr"].rsplit(":", 1)[0].strip("[]") or "127.0.0.1"
        if host not in settings.ALLOWED_HOSTS:
            # --addr 0.0.0.0:8000 serves the demo to phones on the same network
            settings.ALLOWED_HOSTS.append("*" if host in ("0.0.0.0", "::") else host)  # noqa: S104
        worker = subprocess.Popen([sys.executable, "-m", "fazhi", "db_worker"])  # noqa: S603
        # Stopped by a signal (kill, a service manager) as by Ctrl+C: the worker goes too.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            self.stdout.write(f"浏览器打开 http://{options['addr']}/ 即可使用。按 Ctrl+C 停止（后台任务进程一并停止）。")
            call_command("runserver", options["addr"], use_reloader=False)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()

    def _print_accounts(self, loader: Any) -> None:
        self.stdout.write(f"\n演示账号（密码均为 {loader.DEMO_PASSWORD}）：")
        for a in loader.ACCOUNTS:
            self.stdout.write(f"  {a.username:<12} {a.name}　{a.role_label}（{a.scope}）")
        self.stdout.write("")
