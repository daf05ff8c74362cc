"""``fazhi random_draw --region R --seed SEED [--item ITEM] [--json]``

A dry run of the 双随机 draw over the county's directory (nothing is saved):
prints the record — seed, rules, entities by grade, inspectors — that
``fazhi verify_draw`` accepts. The same arguments print the same record."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fazhi.enforcement.inspections import build_record
from fazhi.enforcement.models import InspectionItem
from fazhi.plans.management.commands.import_plan import find_county


class Command(BaseCommand):
    help = "双随机抽取（演练，不保存）：输出可复核的抽取记录"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="县（市、区）名称或编号")
        parser.add_argument("--seed", required=True, help="事先公布的随机种子")
        parser.add_argument("--item", help="抽查事项名称或编号（默认：本县第一项）")
        parser.add_argument("--seed-source", default="命令行演练", help="种子的公布来源")
        parser.add_argument("--on", help="名录库日期（YYYY-MM-DD，默认今天；决定哪些执法证有效）")
        parser.add_argument("--json", action="store_true", help="输出 JSON 记录")

    def handle(self, *args: Any, **options: Any) -> None:
        import datetime

        region = find_county(options["region"])
        items = InspectionItem.objects.filter(region=region).select_related("unit").order_by("id")
        if options.get("item"):
            value = options["item"]
            item = (items.filter(pk=int(value)).first() if value.isdigit() else None) \
                or items.filter(name=value).first()
        else:
            item = items.first()
        if item is None:
            raise CommandError(f"{region.name}没有这项抽查事项（请先登记抽查事项清单）。", returncode=2)
        on = timezone.localdate()
        if options.get("on"):
            try:
                on = datetime.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError("--on 应为 YYYY-MM-DD。", returncode=2) from None
        rec = build_record(region, item, [item.unit], options["seed"], options["seed_source"], on)
        rec["as_of"] = on.isoformat()
        if options["json"]:
            self.stdout.write(json.dumps(rec, ensure_ascii=False, indent=1, sort_keys=True))
            return
        counts = "、".join(f"{g}级{len(rec['selected'][g])}/{rec['population'][g]}户"
                          for g in rec["selected"])
        self.stdout.write(f"{region.name}「{item.name}」：种子“{rec['seed']}”，抽中 {counts}；"
                          f"检查人员名录 {len(rec['inspectors'])} 人，需回避 {len(rec['excluded'])} 对。")
