"""``fazhi import_plan FILE --region REGION --year YEAR [--dry-run] [--json]``

Reads a work plan (.txt, .md, .docx, or a task table in .docx/.xlsx), resolves its unit names to the
county's units and groups, and saves it — or, with --dry-run, only shows
what would be saved. Unknown unit names are listed, never dropped: map them
with ``--map 名称=单位全称`` or create them with ``--create-missing KIND``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.actions import Actor
from fazhi.core.documents import DocumentError
from fazhi.org.models import Region, Unit, UnitGroup
from fazhi.plans import services
from fazhi.plans.parser import PlanParseError, parse_plan_document


def find_county(value: str) -> Region:
    qs = Region.objects.filter(level=Region.Level.COUNTY)
    found = qs.filter(pk=int(value)) if value.isdigit() else qs.filter(name=value)
    if not found.exists():
        raise CommandError(f"找不到县（市、区）：{value}")
    if found.count() > 1:
        raise CommandError(f"有多个名为“{value}”的县（市、区），请改用编号。")
    return found.get()


class Command(BaseCommand):
    help = "导入年度法治政府建设工作计划"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="计划文件（.txt、.md、.docx，或 Word/Excel 任务分解表）")
        parser.add_argument("--region", required=True, help="县（市、区）名称或编号")
        parser.add_argument("--year", required=True, type=int, help="计划年度")
        parser.add_argument("--title", default="", help="计划标题（默认取文件中的标题）")
        parser.add_argument("--dry-run", action="store_true", help="只识别，不保存")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出识别结果")
        parser.add_argument("--map", action="append", default=[], metavar="名称=单位",
                            help="把未识别的名称对应到已有单位或单位组合，可重复")
        parser.add_argument("--create-missing", metavar="KIND", choices=Unit.Kind.values,
                            help="为未识别的名称新建该类型的单位")
        parser.add_argument("--user", help="以该账号的身份导入（默认：系统）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        region = find_county(options["region"])
        data = path.read_bytes()
        try:
            parsed = parse_plan_document(data, path.name)
        except (PlanParseError, DocumentError) as exc:
            raise CommandError(str(exc)) from exc
        preview = services.preview_import(parsed, region, options["year"])
        if options["json"]:
            self.stdout.write(json.dumps(preview.to_dict(), ensure_ascii=False, indent=1))
        else:
            self._summary(preview)
        if options["dry_run"]:
            return
        choices = self._choices(preview, region, options)
        actor = self._actor(options.get("user"))
        try:
            plan = services.ImportPlan(actor, preview, title=options["title"], choices=choices,
                                       source_name=path.name,
                                       source_file=ContentFile(data)).execute()
        except (ValidationError, PermissionDenied) as exc:
            message = "；".join(getattr(exc, "messages", [str(exc)]))
            raise CommandError(f"未保存：{message}") from exc
        if not options["json"]:
            self.stdout.write(self.style.SUCCESS(f"已保存：{plan}（编号 {plan.pk}）"))

    def _summary(self, preview: services.ImportPreview) -> None:
        p = preview.parsed
        self.stdout.write(f"识别到 {len(p.sections)} 个部分、{len(p.tasks)} 项任务。")
        for name, r in preview.resolutions.items():
            self.stdout.write(f"  {name} → {r.label}")
        if preview.unresolved:
            self.stdout.write(self.style.WARNING("未识别的单位：" + "、".join(preview.unresolved)))

    def _choices(self, preview: services.ImportPreview, region: Region,
                 options: dict[str, Any]) -> dict[str, services.NameChoice]:
        choices: dict[str, services.NameChoice] = {}
        for item in options["map"]:
            name, sep, target = item.partition("=")
            if not sep:
                raise CommandError(f"--map 的格式应为 名称=单位：{item}")
            unit = Unit.objects.filter(region=region, name=target).first()
            group = UnitGroup.objects.filter(region=region, name=target).first()
            if unit:
                choices[name] = services.NameChoice(unit_id=unit.pk)
            elif group:
                choices[name] = services.NameChoice(group_id=group.pk)
            else:
                raise CommandError(f"找不到单位或单位组合：{target}")
        if options["create_missing"]:
            for name in preview.unresolved:
                choices.setdefault(name, services.NameChoice(create_kind=options["create_missing"]))
        return choices

    def _actor(self, username: str | None) -> Actor:
        if not username:
            return Actor.system()
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"账号不存在：{username}")
        return Actor.for_user(user)
