"""``fazhi verify_draw FILE.json``

Recomputes a published draw record from its own inputs (seed, ratios,
directory, pool, exclusions) with the documented algorithm and says whether
its selection and teams are what the algorithm gives; exits with status 2
listing every difference otherwise. Needs no database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.enforcement.draw import verify


class Command(BaseCommand):
    help = "复核双随机抽取记录：按记录的种子和名录重算，核对抽中对象和检查人员"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="抽取记录（JSON）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{path}", returncode=2) from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"不是有效的 JSON：{exc}", returncode=2) from None
        problems = verify(data)
        if problems:
            raise CommandError("抽取记录与重算结果不一致：\n" + "\n".join(problems), returncode=2)
        n = sum(len(v) for v in data["selected"].values())
        self.stdout.write(f"复核一致：种子“{data['seed']}”，抽中 {n} 户，检查人员分配与算法结果相同。")
